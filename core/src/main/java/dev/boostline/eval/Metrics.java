package dev.boostline.eval;

import java.util.Arrays;

/**
 * Model quality metrics, computed in double precision. Labels for classification are class indices
 * (0/1 for binary). All arrays have one entry per row; {@code weights} may be null for equal
 * weights.
 */
public final class Metrics {
  private static final double EPS = 1e-15;

  private Metrics() {}

  /**
   * Area under the ROC curve of scores for binary labels, ties counted half (the Mann-Whitney
   * statistic). NaN when only one class is present.
   */
  public static double rocAuc(double[] scores, double[] labels, double[] weights) {
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    double pos = 0;
    double neg = 0;
    double area = 0;
    double negBelow = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      double tiePos = 0;
      double tieNeg = 0;
      while (j < n && scores[order[j]] == scores[order[i]]) {
        double w = weights == null ? 1 : weights[order[j]];
        if (labels[order[j]] > 0.5) {
          tiePos += w;
        } else {
          tieNeg += w;
        }
        j++;
      }
      area += tiePos * (negBelow + tieNeg / 2);
      negBelow += tieNeg;
      pos += tiePos;
      neg += tieNeg;
      i = j;
    }
    return pos == 0 || neg == 0 ? Double.NaN : area / (pos * neg);
  }

  /** Binary log loss of probabilities, clipped to [1e-15, 1 - 1e-15]. */
  public static double logLoss(double[] p, double[] labels, double[] weights) {
    double sum = 0;
    double total = 0;
    for (int i = 0; i < p.length; i++) {
      double w = weights == null ? 1 : weights[i];
      double q = Math.min(Math.max(p[i], EPS), 1 - EPS);
      sum += -w * (labels[i] > 0.5 ? Math.log(q) : Math.log(1 - q));
      total += w;
    }
    return sum / total;
  }

  /** Multiclass log loss; {@code probs[i]} holds one probability per class. */
  public static double multiLogLoss(double[][] probs, double[] labels, double[] weights) {
    double sum = 0;
    double total = 0;
    for (int i = 0; i < probs.length; i++) {
      double w = weights == null ? 1 : weights[i];
      double q = Math.min(Math.max(probs[i][(int) labels[i]], EPS), 1 - EPS);
      sum += -w * Math.log(q);
      total += w;
    }
    return sum / total;
  }

  /** Share of rows whose predicted class equals the label. */
  public static double accuracy(double[] predicted, double[] labels, double[] weights) {
    double hit = 0;
    double total = 0;
    for (int i = 0; i < labels.length; i++) {
      double w = weights == null ? 1 : weights[i];
      if (predicted[i] == labels[i]) {
        hit += w;
      }
      total += w;
    }
    return hit / total;
  }

  /** Root mean squared error. */
  public static double rmse(double[] predicted, double[] actual, double[] weights) {
    double sum = 0;
    double total = 0;
    for (int i = 0; i < actual.length; i++) {
      double w = weights == null ? 1 : weights[i];
      double d = predicted[i] - actual[i];
      sum += w * d * d;
      total += w;
    }
    return Math.sqrt(sum / total);
  }

  /** Mean absolute error. */
  public static double mae(double[] predicted, double[] actual, double[] weights) {
    double sum = 0;
    double total = 0;
    for (int i = 0; i < actual.length; i++) {
      double w = weights == null ? 1 : weights[i];
      sum += w * Math.abs(predicted[i] - actual[i]);
      total += w;
    }
    return sum / total;
  }

  /** Coefficient of determination: 1 - SSE / SST (weighted). */
  public static double r2(double[] predicted, double[] actual, double[] weights) {
    double total = 0;
    double mean = 0;
    for (int i = 0; i < actual.length; i++) {
      double w = weights == null ? 1 : weights[i];
      mean += w * actual[i];
      total += w;
    }
    mean /= total;
    double sse = 0;
    double sst = 0;
    for (int i = 0; i < actual.length; i++) {
      double w = weights == null ? 1 : weights[i];
      sse += w * (predicted[i] - actual[i]) * (predicted[i] - actual[i]);
      sst += w * (actual[i] - mean) * (actual[i] - mean);
    }
    return sst == 0 ? Double.NaN : 1 - sse / sst;
  }

  /** Index of the largest value (the first on ties). */
  public static int argmax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
