package dev.boostline.metrics;

/**
 * DeLong's test for the difference between two correlated ROC AUCs: two models scored on the same
 * rows (DeLong, DeLong and Clarke-Pearson, "Comparing the areas under two or more correlated
 * receiver operating characteristic curves: a nonparametric approach", Biometrics 44, 1988).
 *
 * <p>Each AUC is the Mann-Whitney statistic, ties counted half, as {@link Metrics#rocAuc}. The
 * variance of the difference comes from the structural components of the two AUCs, computed with
 * midranks as in Sun and Xu's fast algorithm (IEEE Signal Processing Letters 21, 2014): O(n log n)
 * in the number of rows. The test is unweighted. Stateless and thread-safe.
 */
public final class DeLong {
  private DeLong() {}

  /**
   * The outcome of the test.
   *
   * @param aucA ROC AUC of model A, in [0, 1]
   * @param aucB ROC AUC of model B, in [0, 1]
   * @param difference {@code aucA - aucB}
   * @param standardError the estimated standard error of the difference, {@code >= 0}
   * @param z {@code difference / standardError}; 0 when the difference is 0, and infinite when the
   *     standard error is 0 but the difference is not
   * @param pValue two-sided p-value of the null hypothesis that the two AUCs are equal, from the
   *     standard normal distribution, in [0, 1]; 1 when the difference is 0
   */
  public record Result(
      double aucA, double aucB, double difference, double standardError, double z, double pValue) {}

  /**
   * Tests whether two models' ROC AUCs on the same rows differ.
   *
   * @param scoresA model A's score per row (any scale; only the order matters), not NaN
   * @param scoresB model B's score per row, not NaN
   * @param labels per row, above 0.5 for the positive class and otherwise negative; the same labels
   *     serve both models
   * @throws IllegalArgumentException if the arrays differ in length, a score is NaN, or there are
   *     fewer than two positive or two negative rows (the variance is then undefined)
   */
  public static Result test(double[] scoresA, double[] scoresB, double[] labels) {
    int n = labels.length;
    if (scoresA.length != n || scoresB.length != n) {
      throw new IllegalArgumentException(
          "scoresA, scoresB and labels must have one entry per row, got "
              + scoresA.length
              + ", "
              + scoresB.length
              + " and "
              + n);
    }
    checkNotNaN(scoresA, "scoresA");
    checkNotNaN(scoresB, "scoresB");
    boolean[] positive = Metrics.positives(labels);
    int m = 0;
    for (boolean p : positive) {
      if (p) {
        m++;
      }
    }
    int k = n - m;
    if (m < 2 || k < 2) {
      throw new IllegalArgumentException(
          "DeLong's test needs at least 2 positive and 2 negative rows, got "
              + m
              + " positive and "
              + k
              + " negative");
    }
    Components a = components(scoresA, positive, m, k);
    Components b = components(scoresB, positive, m, k);
    double aucA = mean(a.v10);
    double aucB = mean(b.v10);
    double difference = aucA - aucB;
    double variance = variance(a.v10, b.v10) / m + variance(a.v01, b.v01) / k;
    double standardError = Math.sqrt(variance);
    double z;
    if (difference == 0) {
      z = 0;
    } else if (standardError == 0) {
      z = Math.copySign(Double.POSITIVE_INFINITY, difference);
    } else {
      z = difference / standardError;
    }
    return new Result(aucA, aucB, difference, standardError, z, Normal.twoSidedP(z));
  }

  /**
   * Structural components: for each positive, the share of negatives it outranks (ties half); for
   * each negative, the share of positives that outrank it. Their means are both the AUC.
   */
  private record Components(double[] v10, double[] v01) {}

  private static Components components(double[] scores, boolean[] positive, int m, int k) {
    double[] x = new double[m];
    double[] y = new double[k];
    double[] all = new double[m + k];
    int xi = 0;
    int yi = 0;
    for (int i = 0; i < scores.length; i++) {
      if (positive[i]) {
        x[xi++] = scores[i];
      } else {
        y[yi++] = scores[i];
      }
    }
    System.arraycopy(x, 0, all, 0, m);
    System.arraycopy(y, 0, all, m, k);
    double[] tx = ScoreOrder.midranks(x);
    double[] ty = ScoreOrder.midranks(y);
    double[] tz = ScoreOrder.midranks(all);
    double[] v10 = new double[m];
    double[] v01 = new double[k];
    // A positive's rank among all rows minus its rank among positives counts the negatives below
    // it (ties half); likewise for negatives.
    for (int i = 0; i < m; i++) {
      v10[i] = (tz[i] - tx[i]) / k;
    }
    for (int j = 0; j < k; j++) {
      v01[j] = 1 - (tz[m + j] - ty[j]) / m;
    }
    return new Components(v10, v01);
  }

  /** Sample variance (n - 1 denominator) of the paired differences {@code a[i] - b[i]}. */
  private static double variance(double[] a, double[] b) {
    double mean = 0;
    for (int i = 0; i < a.length; i++) {
      mean += a[i] - b[i];
    }
    mean /= a.length;
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i] - mean;
      sum += d * d;
    }
    return sum / (a.length - 1);
  }

  private static double mean(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    return sum / v.length;
  }

  private static void checkNotNaN(double[] scores, String name) {
    for (int i = 0; i < scores.length; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] is NaN; every row needs a score");
      }
    }
  }
}
