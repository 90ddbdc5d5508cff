package dev.boostline.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The standard metrics of each task, by name:
 *
 * <ul>
 *   <li>binary: {@code auc} (ROC AUC), {@code pr_auc} (average precision), {@code logloss}, {@code
 *       brier}, and at the threshold {@code accuracy}, {@code precision}, {@code recall}, {@code
 *       f1}; then {@code ece} (expected calibration error, 10 bins);
 *   <li>multiclass: {@code accuracy} (argmax class), {@code macro_f1}, {@code mlogloss};
 *   <li>regression: {@code rmse}, {@code mae}, {@code r2}, and {@code mape} (a fraction) only when
 *       defined, that is when no label is 0.
 * </ul>
 *
 * <p>Each is the {@link Metrics} method of the same meaning, with the {@link Scored} weights.
 * Stateless and thread-safe.
 */
public final class TaskMetricSet {
  private TaskMetricSet() {}

  /**
   * The task's metrics on all rows, in the order listed on this class. A value is NaN where the
   * metric is undefined for the data (for example {@code auc} when only one class occurs, {@code
   * precision} when no row reaches the threshold, {@code r2} when all labels are equal); {@code
   * mape} is left out instead.
   *
   * @param threshold binary tasks predict the positive class when {@code p >= threshold}; in [0,
   *     1], typically 0.5; checked but unused for other tasks
   * @return an unmodifiable map in a stable order
   * @throws IllegalArgumentException if the threshold is outside [0, 1]
   */
  public static Map<String, Double> compute(Scored s, double threshold) {
    checkThreshold(threshold);
    MetricEvaluator evaluator = MetricEvaluator.of(s, threshold);
    double[] values = evaluator.evaluate(s.weights());
    Map<String, Double> m = new LinkedHashMap<>();
    for (int k = 0; k < values.length; k++) {
      Metric metric = evaluator.metrics().get(k);
      if (!omitted(metric, values[k])) {
        m.put(metric.id(), values[k]);
      }
    }
    return Collections.unmodifiableMap(m);
  }

  /** Metrics left out of a result rather than reported as NaN. */
  static boolean omitted(Metric metric, double fullDataValue) {
    return metric == Metric.MAPE && Double.isNaN(fullDataValue);
  }

  static void checkThreshold(double threshold) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
    }
  }
}
