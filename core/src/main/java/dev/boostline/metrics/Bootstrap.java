package dev.boostline.metrics;

import dev.boostline.eval.Comparison;
import dev.boostline.util.internal.SplitMix64;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seeded bootstrap confidence intervals for the metrics of {@link TaskMetricSet}, for one model and
 * for the difference between two models scored on the same rows (paired).
 *
 * <p>Each resample draws {@code size()} rows uniformly with replacement (a row keeps its own
 * weight, once per draw) using {@link SplitMix64} seeded with {@code seed}, so the same arguments
 * give the same intervals on every JDK. A resample in which a metric is NaN (for example only one
 * class drawn, so no AUC) is skipped for that metric only. Intervals are percentile intervals: the
 * {@code (1 - confidence) / 2} and {@code (1 + confidence) / 2} quantiles of the resampled values,
 * interpolated linearly between order statistics (R's type 7, NumPy's default).
 *
 * <p>A resample is evaluated as a weighting of the original rows, which lets the rank metrics reuse
 * one sort: cost is O(n log n) once plus O(n) per resample and metric. Stateless and thread-safe;
 * each call is single-threaded.
 */
public final class Bootstrap {
  private Bootstrap() {}

  /**
   * The paired comparison of a candidate with a baseline on the same rows.
   *
   * @param difference per metric, candidate minus baseline: the estimate on the full data and its
   *     percentile interval over resamples
   * @param probabilityBetter per metric, the share of resamples (where both are defined) in which
   *     the candidate is strictly better by {@link Metric#higherIsBetter()}, ties counting half, in
   *     [0, 1]; NaN when no resample defined the metric. A model against itself gets 0.5.
   */
  public record Comparison(
      Map<String, Interval> difference, Map<String, Double> probabilityBetter) {
    /** Copies both maps, keeping their order. */
    public Comparison {
      difference = Collections.unmodifiableMap(new LinkedHashMap<>(difference));
      probabilityBetter = Collections.unmodifiableMap(new LinkedHashMap<>(probabilityBetter));
    }
  }

  /**
   * Percentile bootstrap intervals for every metric of {@link TaskMetricSet#compute}, with the same
   * keys in the same order; the estimate is the metric on the full data.
   *
   * @param threshold binary decision threshold in [0, 1], as for {@link TaskMetricSet#compute}
   * @param resamples number of resamples, {@code >= 1} (1000 or more for 95% intervals)
   * @param seed seeds the resampling; equal seeds give equal intervals
   * @param confidence coverage of the interval, in (0, 1), e.g. 0.95
   * @return an unmodifiable map in a stable order
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static Map<String, Interval> intervals(
      Scored s, double threshold, int resamples, long seed, double confidence) {
    checkArguments(threshold, resamples, confidence);
    MetricEvaluator evaluator = MetricEvaluator.of(s, threshold);
    double[] base = s.weights();
    double[] estimate = evaluator.evaluate(base);
    int metrics = estimate.length;
    double[][] samples = new double[metrics][resamples];
    int[] valid = new int[metrics];
    Resampler resampler = new Resampler(s.size(), base, seed);
    for (int r = 0; r < resamples; r++) {
      double[] values = resampler.hasRows() ? evaluator.evaluate(resampler.next()) : estimate;
      for (int k = 0; k < metrics; k++) {
        if (!Double.isNaN(values[k])) {
          samples[k][valid[k]++] = values[k];
        }
      }
    }
    Map<String, Interval> result = new LinkedHashMap<>();
    List<Metric> names = evaluator.metrics();
    for (int k = 0; k < metrics; k++) {
      if (!TaskMetricSet.omitted(names.get(k), estimate[k])) {
        result.put(names.get(k).id(), interval(estimate[k], samples[k], valid[k], confidence));
      }
    }
    return Collections.unmodifiableMap(result);
  }

  /**
   * Paired bootstrap intervals of candidate minus baseline for every metric; the same as {@code
   * compare(...).difference()}. A positive difference means a larger candidate value, which is
   * better only for metrics where {@link Metric#higherIsBetter()} is true.
   *
   * @see #compare
   */
  public static Map<String, Interval> difference(
      Scored candidate,
      Scored baseline,
      double threshold,
      int resamples,
      long seed,
      double confidence) {
    return compare(candidate, baseline, threshold, resamples, seed, confidence).difference();
  }

  /**
   * Paired bootstrap comparison of two models scored on the same rows: every resample draws one set
   * of row indices and evaluates both models on it, so the variation the two share (which rows are
   * hard) cancels in the difference. With the same seed, the resamples are the ones {@link
   * #intervals} draws.
   *
   * @param candidate the model under test
   * @param baseline the model it is compared with: same task, classes, labels and weights
   * @param threshold binary decision threshold in [0, 1], used for both models
   * @param resamples number of resamples, {@code >= 1}
   * @param seed seeds the resampling
   * @param confidence coverage of the intervals, in (0, 1)
   * @throws IllegalArgumentException if the two do not describe the same rows, or an argument is
   *     out of range
   */
  public static Comparison compare(
      Scored candidate,
      Scored baseline,
      double threshold,
      int resamples,
      long seed,
      double confidence) {
    checkArguments(threshold, resamples, confidence);
    checkSameRows(candidate, baseline);
    MetricEvaluator c = MetricEvaluator.of(candidate, threshold);
    MetricEvaluator b = MetricEvaluator.of(baseline, threshold);
    double[] base = candidate.weights();
    double[] estimateC = c.evaluate(base);
    double[] estimateB = b.evaluate(base);
    int metrics = estimateC.length;
    double[][] samples = new double[metrics][resamples];
    int[] valid = new int[metrics];
    double[] better = new double[metrics];
    List<Metric> names = c.metrics();
    boolean[] higher = new boolean[metrics];
    for (int k = 0; k < metrics; k++) {
      higher[k] = names.get(k).higherIsBetter();
    }
    Resampler resampler = new Resampler(candidate.size(), base, seed);
    for (int r = 0; r < resamples; r++) {
      double[] vc;
      double[] vb;
      if (resampler.hasRows()) {
        double[] w = resampler.next();
        vc = c.evaluate(w);
        vb = b.evaluate(w);
      } else {
        vc = estimateC;
        vb = estimateB;
      }
      for (int k = 0; k < metrics; k++) {
        if (!Double.isNaN(vc[k]) && !Double.isNaN(vb[k])) {
          double d = vc[k] - vb[k];
          samples[k][valid[k]++] = d;
          if (d == 0) {
            better[k] += 0.5;
          } else if ((d > 0) == higher[k]) {
            better[k] += 1;
          }
        }
      }
    }
    Map<String, Interval> difference = new LinkedHashMap<>();
    Map<String, Double> probability = new LinkedHashMap<>();
    for (int k = 0; k < metrics; k++) {
      Metric metric = names.get(k);
      if (TaskMetricSet.omitted(metric, estimateC[k])
          || TaskMetricSet.omitted(metric, estimateB[k])) {
        continue;
      }
      String name = metric.id();
      difference.put(name, interval(estimateC[k] - estimateB[k], samples[k], valid[k], confidence));
      probability.put(name, valid[k] == 0 ? Double.NaN : better[k] / valid[k]);
    }
    return new Comparison(difference, probability);
  }

  private static Interval interval(
      double estimate, double[] samples, int count, double confidence) {
    if (count == 0) {
      return new Interval(estimate, Double.NaN, Double.NaN);
    }
    double[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    double alpha = (1 - confidence) / 2;
    return new Interval(estimate, quantile(sorted, alpha), quantile(sorted, 1 - alpha));
  }

  /** Type 7 quantile of sorted values: linear between the order statistics around (n-1)q. */
  static double quantile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    if (lo >= sorted.length - 1) {
      return sorted[sorted.length - 1];
    }
    double value = sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    // Keep the result inside its two order statistics despite rounding.
    return Math.min(Math.max(value, sorted[lo]), sorted[lo + 1]);
  }

  private static void checkArguments(double threshold, int resamples, double confidence) {
    TaskMetricSet.checkThreshold(threshold);
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException(
          "confidence must be in (0, 1), e.g. 0.95 for a 95% interval, got " + confidence);
    }
  }

  private static void checkSameRows(Scored candidate, Scored baseline) {
    if (candidate.task() != baseline.task()) {
      throw new IllegalArgumentException(
          "candidate is a "
              + candidate.task()
              + " model but baseline is a "
              + baseline.task()
              + " model; compare models of the same task");
    }
    if (!candidate.classes().equals(baseline.classes())) {
      throw new IllegalArgumentException(
          "candidate classes "
              + candidate.classes()
              + " differ from baseline classes "
              + baseline.classes());
    }
    if (candidate.size() != baseline.size()) {
      throw new IllegalArgumentException(
          "candidate has "
              + candidate.size()
              + " rows but baseline has "
              + baseline.size()
              + "; a paired comparison needs both models scored on the same rows");
    }
    double[] lc = candidate.labels();
    double[] lb = baseline.labels();
    for (int i = 0; i < lc.length; i++) {
      if (Double.compare(lc[i], lb[i]) != 0) {
        throw new IllegalArgumentException(
            "row "
                + i
                + ": candidate label "
                + lc[i]
                + " differs from baseline label "
                + lb[i]
                + "; a paired comparison needs both models scored on the same rows, in the same"
                + " order");
      }
    }
    if (!Arrays.equals(candidate.weights(), baseline.weights())) {
      throw new IllegalArgumentException(
          "candidate and baseline row weights differ; a paired comparison needs the same rows");
    }
  }

  /**
   * Draws resamples as row weights: count of draws times the row's own weight. Not thread-safe; the
   * returned array is reused by the next call.
   */
  private static final class Resampler {
    private final int n;
    private final double[] base;
    private final SplitMix64 random;
    private final int[] counts;
    private final double[] weights;

    Resampler(int n, double[] base, long seed) {
      this.n = n;
      this.base = base;
      this.random = new SplitMix64(seed);
      this.counts = new int[n];
      this.weights = new double[n];
    }

    boolean hasRows() {
      return n > 0;
    }

    double[] next() {
      Arrays.fill(counts, 0);
      for (int i = 0; i < n; i++) {
        counts[random.nextInt(n)]++;
      }
      for (int i = 0; i < n; i++) {
        weights[i] = base == null ? counts[i] : counts[i] * base[i];
      }
      return weights;
    }
  }
}
