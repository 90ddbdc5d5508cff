package dev.boostline.metrics;

/**
 * Binary-labelled rows ordered by ascending score, with runs of equal scores ("tie groups")
 * numbered. Built once in O(n log n); the rank metrics then take any row weighting in O(n), which
 * is what makes the bootstrap cheap: a resample is a weighting of the original rows, so one order
 * serves them all.
 *
 * <p>Scores compare with {@code <} and {@code ==}, so {@code -0.0} and {@code 0.0} tie. Scores must
 * not be NaN (callers check). Immutable after construction and safe to share between threads.
 */
final class ScoreOrder {
  /** Row indices by ascending score; equal scores keep row order. */
  private final int[] order;

  /** Per sorted position, the number of its tie group (0 for the lowest scores). */
  private final int[] group;

  /** Per sorted position, 1 for a positive row and 0 for a negative one. */
  private final double[] positive;

  private final int groups;

  private ScoreOrder(int[] order, int[] group, double[] positive, int groups) {
    this.order = order;
    this.group = group;
    this.positive = positive;
    this.groups = groups;
  }

  static ScoreOrder of(double[] scores, boolean[] positive) {
    int[] order = ascendingOrder(scores);
    int n = order.length;
    int[] group = new int[n];
    double[] sortedPositive = new double[n];
    int g = 0;
    for (int k = 0; k < n; k++) {
      if (k > 0 && scores[order[k]] != scores[order[k - 1]]) {
        g++;
      }
      group[k] = g;
      sortedPositive[k] = positive[order[k]] ? 1 : 0;
    }
    return new ScoreOrder(order, group, sortedPositive, n == 0 ? 0 : g + 1);
  }

  /**
   * {ROC AUC, average precision} under the given row weights (null for all 1), in one pass over the
   * rows and one over the tie groups.
   *
   * <p>ROC AUC is the weighted Mann-Whitney statistic, tied pairs counted half: NaN when either
   * class has zero total weight. Average precision is the sum over distinct score thresholds, from
   * the highest down, of the recall gained times the precision at that threshold (scikit-learn's
   * {@code average_precision_score}, no interpolation): NaN when positives have zero total weight.
   */
  double[] rocAucAndAveragePrecision(double[] weights) {
    double[] groupPositive = new double[groups];
    double[] groupTotal = new double[groups];
    for (int k = 0; k < order.length; k++) {
      double w = weights == null ? 1 : weights[order[k]];
      int g = group[k];
      groupPositive[g] += w * positive[k];
      groupTotal[g] += w;
    }
    // From the highest scores down: pos and neg are the weights above the current group.
    double pos = 0;
    double neg = 0;
    double area = 0;
    double precisionSum = 0;
    for (int g = groups - 1; g >= 0; g--) {
      double tiePos = groupPositive[g];
      // Exact for a group of one class, and >= 0: rounded sums are monotone.
      double tieNeg = groupTotal[g] - tiePos;
      area += tieNeg * (pos + tiePos / 2);
      pos += tiePos;
      neg += tieNeg;
      // pos + neg == 0 only when tiePos == 0 too; the max keeps that term 0 instead of 0/0.
      precisionSum += tiePos * (pos / Math.max(pos + neg, Double.MIN_VALUE));
    }
    double auc = pos == 0 || neg == 0 ? Double.NaN : area / (pos * neg);
    double averagePrecision = pos == 0 ? Double.NaN : precisionSum / pos;
    return new double[] {auc, averagePrecision};
  }

  /**
   * Midranks (1-based; tied values get the mean of the ranks they span) of {@code values}, in row
   * order.
   */
  static double[] midranks(double[] values) {
    int n = values.length;
    int[] order = ascendingOrder(values);
    double[] ranks = new double[n];
    int i = 0;
    while (i < n) {
      int j = i + 1;
      while (j < n && values[order[j]] == values[order[i]]) {
        j++;
      }
      // Positions i..j-1 hold ranks i+1..j; their mean is (i + 1 + j) / 2.
      double rank = (i + 1 + j) / 2.0;
      for (int k = i; k < j; k++) {
        ranks[order[k]] = rank;
      }
      i = j;
    }
    return ranks;
  }

  /** Row indices sorted by ascending key; a stable bottom-up merge sort on primitive arrays. */
  static int[] ascendingOrder(double[] keys) {
    int n = keys.length;
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    int[] b = new int[n];
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          // Take from the right run only when strictly smaller: keeps equal keys in row order.
          b[k++] = keys[a[j]] < keys[a[i]] ? a[j++] : a[i++];
        }
        while (i < mid) {
          b[k++] = a[i++];
        }
        while (j < hi) {
          b[k++] = a[j++];
        }
      }
      int[] t = a;
      a = b;
      b = t;
    }
    return a;
  }
}
