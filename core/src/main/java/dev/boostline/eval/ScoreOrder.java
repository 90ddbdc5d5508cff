package dev.boostline.eval;

/**
 * Rows ordered by ascending score, with runs of equal scores ("tie groups") marked. Built once in
 * O(n log n); the rank-based metrics then take any row weighting in O(n), which is what makes the
 * bootstrap cheap: a resample is a weighting of the original rows, so one order serves them all.
 *
 * <p>Scores compare with {@code <} and {@code ==}, so {@code -0.0} and {@code 0.0} tie. Scores must
 * not be NaN (callers check). Immutable after construction and safe to share between threads.
 */
final class ScoreOrder {
  /** Row indices by ascending score; equal scores keep row order. */
  final int[] order;

  /** {@code groupEnd[g]} is the exclusive end, in {@link #order} positions, of tie group g. */
  final int[] groupEnd;

  private ScoreOrder(int[] order, int[] groupEnd) {
    this.order = order;
    this.groupEnd = groupEnd;
  }

  static ScoreOrder of(double[] scores) {
    int[] order = ascendingOrder(scores);
    int n = order.length;
    int[] ends = new int[n];
    int groups = 0;
    for (int k = 1; k <= n; k++) {
      if (k == n || scores[order[k]] != scores[order[k - 1]]) {
        ends[groups++] = k;
      }
    }
    int[] groupEnd = new int[groups];
    System.arraycopy(ends, 0, groupEnd, 0, groups);
    return new ScoreOrder(order, groupEnd);
  }

  /**
   * Weighted area under the ROC curve, ties counted half (the Mann-Whitney statistic). NaN when
   * either class has zero total weight.
   */
  double rocAuc(boolean[] positive, double[] weights) {
    double pos = 0;
    double neg = 0;
    double area = 0;
    int start = 0;
    for (int end : groupEnd) {
      double tiePos = 0;
      double tieNeg = 0;
      for (int k = start; k < end; k++) {
        int r = order[k];
        double w = weights == null ? 1 : weights[r];
        if (positive[r]) {
          tiePos += w;
        } else {
          tieNeg += w;
        }
      }
      area += tiePos * (neg + tieNeg / 2);
      pos += tiePos;
      neg += tieNeg;
      start = end;
    }
    return pos == 0 || neg == 0 ? Double.NaN : area / (pos * neg);
  }

  /**
   * Weighted average precision: the sum over distinct score thresholds, from the highest down, of
   * the recall gained times the precision at that threshold (scikit-learn's {@code
   * average_precision_score}, no interpolation). NaN when positives have zero total weight.
   */
  double averagePrecision(boolean[] positive, double[] weights) {
    double tp = 0;
    double fp = 0;
    double sum = 0;
    int end = order.length;
    for (int g = groupEnd.length - 1; g >= 0; g--) {
      int start = g == 0 ? 0 : groupEnd[g - 1];
      double tiePos = 0;
      double tieNeg = 0;
      for (int k = start; k < end; k++) {
        int r = order[k];
        double w = weights == null ? 1 : weights[r];
        if (positive[r]) {
          tiePos += w;
        } else {
          tieNeg += w;
        }
      }
      tp += tiePos;
      fp += tieNeg;
      // A group that adds no positive weight adds no recall; skipping it also avoids 0/0 when the
      // whole prefix has zero weight.
      if (tiePos > 0) {
        sum += tiePos * (tp / (tp + fp));
      }
      end = start;
    }
    return tp == 0 ? Double.NaN : sum / tp;
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
