package dev.boostline.report.internal;

import dev.boostline.util.internal.SplitMix64;
import java.util.Arrays;

/**
 * The numbers behind the report's charts: ROC and precision-recall curves, calibration bins and
 * histograms, all weighted by the optional row weights (null for equal weights, a row of weight 0
 * counts as absent, as in {@link dev.boostline.metrics.Metrics}). Stateless and thread-safe.
 */
public final class Curves {
  private Curves() {}

  /** A polyline; {@code x} and {@code y} have the same length. */
  public record Points(double[] x, double[] y) {
    public int size() {
      return x.length;
    }

    public static Points empty() {
      return new Points(new double[0], new double[0]);
    }
  }

  /**
   * Calibration bins that hold rows, in increasing order of score.
   *
   * @param meanScore per bin the weighted mean of the scores
   * @param observed per bin the weighted share of positive (or correct) rows
   * @param share per bin its share of the total weight
   */
  public record Calibration(double[] meanScore, double[] observed, double[] share) {}

  /**
   * Cumulative weighted true and false positives when the threshold is lowered past each distinct
   * score, from the highest (equal scores enter together): one entry per distinct score.
   */
  private record Steps(double[] tp, double[] fp) {
    static Steps of(double[] score, boolean[] positive, double[] weights) {
      int[] order = descending(score);
      DoubleList tps = new DoubleList();
      DoubleList fps = new DoubleList();
      double tp = 0;
      double fp = 0;
      int i = 0;
      while (i < order.length) {
        double s = score[order[i]];
        while (i < order.length && score[order[i]] == s) {
          int r = order[i++];
          double w = weight(weights, r);
          if (positive[r]) {
            tp += w;
          } else {
            fp += w;
          }
        }
        tps.add(tp);
        fps.add(fp);
      }
      return new Steps(tps.toArray(), fps.toArray());
    }
  }

  /**
   * The ROC curve, false positive rate to true positive rate, from (0, 0) to (1, 1), one point per
   * distinct score (equal scores enter together). Empty when either class has no weight.
   */
  public static Points roc(double[] score, boolean[] positive, double[] weights) {
    double[] totals = totals(positive, weights);
    double pos = totals[0];
    double neg = totals[1];
    if (pos == 0 || neg == 0) {
      return Points.empty();
    }
    Steps steps = Steps.of(score, positive, weights);
    DoubleList x = new DoubleList();
    DoubleList y = new DoubleList();
    x.add(0);
    y.add(0);
    for (int k = 0; k < steps.tp().length; k++) {
      x.add(steps.fp()[k] / neg);
      y.add(steps.tp()[k] / pos);
    }
    return new Points(x.toArray(), y.toArray());
  }

  /**
   * The precision-recall curve, recall to precision, one point per distinct score from the highest,
   * starting at recall 0 with the precision of the highest scores. Empty when no row is positive.
   */
  public static Points precisionRecall(double[] score, boolean[] positive, double[] weights) {
    double pos = totals(positive, weights)[0];
    if (pos == 0) {
      return Points.empty();
    }
    Steps steps = Steps.of(score, positive, weights);
    DoubleList x = new DoubleList();
    DoubleList y = new DoubleList();
    for (int k = 0; k < steps.tp().length; k++) {
      double tp = steps.tp()[k];
      double fp = steps.fp()[k];
      if (tp + fp > 0) {
        if (x.size() == 0) {
          x.add(0);
          y.add(tp / (tp + fp));
        }
        x.add(tp / pos);
        y.add(tp / (tp + fp));
      }
    }
    return new Points(x.toArray(), y.toArray());
  }

  /** Weighted share of positive rows; NaN without weight. */
  public static double positiveRate(boolean[] positive, double[] weights) {
    double[] t = totals(positive, weights);
    return t[0] + t[1] == 0 ? Double.NaN : t[0] / (t[0] + t[1]);
  }

  /**
   * Reliability of scores in [0, 1]: {@code bins} equal-width bins ({@code floor(bins * p)}, the
   * last also taking p = 1, as {@link dev.boostline.metrics.Metrics#expectedCalibrationError}).
   */
  public static Calibration calibration(double[] score, boolean[] hit, double[] weights, int bins) {
    double[] w = new double[bins];
    double[] sp = new double[bins];
    double[] sy = new double[bins];
    double total = 0;
    for (int i = 0; i < score.length; i++) {
      double wi = weight(weights, i);
      if (wi == 0) {
        continue;
      }
      int b = Math.min(Math.max((int) Math.floor(score[i] * bins), 0), bins - 1);
      w[b] += wi;
      sp[b] += wi * score[i];
      sy[b] += hit[i] ? wi : 0;
      total += wi;
    }
    DoubleList mean = new DoubleList();
    DoubleList observed = new DoubleList();
    DoubleList share = new DoubleList();
    for (int b = 0; b < bins; b++) {
      if (w[b] > 0) {
        mean.add(sp[b] / w[b]);
        observed.add(sy[b] / w[b]);
        share.add(w[b] / total);
      }
    }
    return new Calibration(mean.toArray(), observed.toArray(), share.toArray());
  }

  /**
   * Weighted shares of the values in {@code bins} equal-width bins over [lo, hi]; values outside
   * fall into the end bins. All zero without weight.
   */
  public static double[] histogram(
      double[] values, double[] weights, double lo, double hi, int bins) {
    double[] h = new double[bins];
    double total = 0;
    double width = hi - lo;
    for (int i = 0; i < values.length; i++) {
      double wi = weight(weights, i);
      if (wi == 0) {
        continue;
      }
      int b = width > 0 ? (int) Math.floor((values[i] - lo) / width * bins) : 0;
      h[Math.min(Math.max(b, 0), bins - 1)] += wi;
      total += wi;
    }
    if (total > 0) {
      for (int b = 0; b < bins; b++) {
        h[b] /= total;
      }
    }
    return h;
  }

  /**
   * At most {@code max} points of a polyline, spaced evenly along its length (measured with both
   * axes scaled to their range), always keeping the first and the last point.
   */
  public static Points decimate(Points p, int max) {
    int n = p.size();
    if (n <= max) {
      return p;
    }
    double[] x = p.x();
    double[] y = p.y();
    double rx = range(x);
    double ry = range(y);
    double[] cum = new double[n];
    for (int i = 1; i < n; i++) {
      cum[i] = cum[i - 1] + Math.hypot((x[i] - x[i - 1]) / rx, (y[i] - y[i - 1]) / ry);
    }
    double total = cum[n - 1];
    DoubleList kx = new DoubleList();
    DoubleList ky = new DoubleList();
    kx.add(x[0]);
    ky.add(y[0]);
    int last = 0;
    int i = 1;
    for (int k = 1; k < max - 1; k++) {
      double target = total * k / (max - 1);
      while (i < n - 1 && cum[i] < target) {
        i++;
      }
      if (i >= n - 1) {
        break;
      }
      if (i > last) {
        kx.add(x[i]);
        ky.add(y[i]);
        last = i;
      }
    }
    kx.add(x[n - 1]);
    ky.add(y[n - 1]);
    return new Points(kx.toArray(), ky.toArray());
  }

  /**
   * Up to {@code max} distinct row indices in [0, n), a seeded uniform sample when {@code n > max},
   * in increasing order.
   */
  public static int[] sample(int n, int max, long seed) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    if (n <= max) {
      return all;
    }
    new SplitMix64(seed).shuffle(all);
    int[] rows = Arrays.copyOf(all, max);
    Arrays.sort(rows);
    return rows;
  }

  /** The q-quantile (nearest rank) of the finite values; NaN when there is none. */
  public static double quantile(double[] values, double q) {
    double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    int k = (int) Math.round(q * (v.length - 1));
    return v[Math.min(Math.max(k, 0), v.length - 1)];
  }

  private static double range(double[] v) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double d : v) {
      lo = Math.min(lo, d);
      hi = Math.max(hi, d);
    }
    double r = hi - lo;
    return r > 0 && Double.isFinite(r) ? r : 1;
  }

  /** {positive weight, negative weight}. */
  private static double[] totals(boolean[] positive, double[] weights) {
    double pos = 0;
    double neg = 0;
    for (int i = 0; i < positive.length; i++) {
      if (positive[i]) {
        pos += weight(weights, i);
      } else {
        neg += weight(weights, i);
      }
    }
    return new double[] {pos, neg};
  }

  private static double weight(double[] weights, int row) {
    return weights == null ? 1 : weights[row];
  }

  /** Row indices by decreasing score; the order among equal scores does not matter to callers. */
  private static int[] descending(double[] score) {
    // Sort (score, row) pairs as longs would lose precision; a boxed sort is fast enough here.
    Integer[] boxed = new Integer[score.length];
    for (int i = 0; i < boxed.length; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, (a, b) -> Double.compare(score[b], score[a]));
    int[] order = new int[boxed.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = boxed[i];
    }
    return order;
  }

  /** A growable array of doubles. */
  private static final class DoubleList {
    private double[] values = new double[16];
    private int size;

    void add(double v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    public int size() {
      return size;
    }

    double[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
