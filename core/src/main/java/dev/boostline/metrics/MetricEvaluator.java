package dev.boostline.metrics;

import dev.boostline.task.Task;
import java.util.List;

/**
 * The metrics of {@link TaskMetricSet} for one {@link Scored}, prepared once (sort order, per-row
 * loss terms, predicted classes) so that each further row weighting costs O(rows). A bootstrap
 * resample is such a weighting: row i drawn c times has weight {@code c * weight(i)}. {@link
 * TaskMetricSet#compute} and {@link Bootstrap} both evaluate through here, so the estimate and the
 * resamples use one implementation.
 *
 * <p>Immutable after construction and safe to share between threads.
 */
final class MetricEvaluator {

  private final List<Metric> metrics;
  private final Kernel kernel;

  private MetricEvaluator(List<Metric> metrics, Kernel kernel) {
    this.metrics = metrics;
    this.kernel = kernel;
  }

  /** Prepares the metrics of {@code s}; {@code threshold} applies to binary tasks only. */
  static MetricEvaluator of(Scored s, double threshold) {
    double[] labels = s.labels();
    double[][] outputs = s.outputs();
    int n = labels.length;
    return switch (s.task()) {
      case BINARY ->
          new MetricEvaluator(Metric.of(Task.BINARY), binary(column(outputs), labels, threshold));
      case MULTICLASS -> {
        int[] pred = new int[n];
        int[] label = new int[n];
        double[] hits = new double[n];
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
          pred[i] = Metrics.argmax(outputs[i]);
          label[i] = (int) labels[i];
          hits[i] = pred[i] == label[i] ? 1 : 0;
          loss[i] = Metrics.multiLogLossTerm(outputs[i], label[i]);
        }
        int classes = s.classes().size();
        yield new MetricEvaluator(
            Metric.of(Task.MULTICLASS),
            w ->
                new double[] {
                  Metrics.weightedMean(hits, w),
                  Metrics.macroF1(pred, label, classes, w),
                  Metrics.weightedMean(loss, w)
                });
      }
      case REGRESSION -> {
        double[] v = column(outputs);
        double[] sq = Metrics.squaredErrors(v, labels);
        double[] abs = new double[n];
        double[] ape = new double[n];
        for (int i = 0; i < n; i++) {
          abs[i] = Math.abs(v[i] - labels[i]);
          // NaN where a label is 0: mape is then left out of every result, resamples included.
          ape[i] = Metrics.apeTerm(v[i], labels[i]);
        }
        yield new MetricEvaluator(
            Metric.of(Task.REGRESSION),
            w ->
                new double[] {
                  Math.sqrt(Metrics.weightedMean(sq, w)),
                  Metrics.weightedMean(abs, w),
                  Metrics.coefficientOfDetermination(sq, labels, w),
                  Metrics.weightedMean(ape, w)
                });
      }
    };
  }

  private static Kernel binary(double[] p, double[] labels, double threshold) {
    int n = p.length;
    boolean[] positive = Metrics.positives(labels);
    double[] loss = new double[n];
    double[] brier = new double[n];
    for (int i = 0; i < n; i++) {
      loss[i] = Metrics.logLossTerm(p[i], positive[i]);
      brier[i] = Metrics.brierTerm(p[i], positive[i]);
    }
    double[][] indicators = Metrics.indicators(p, positive, threshold);
    int[] bins = Metrics.calibrationBins(p);
    double[] gaps = Metrics.calibrationGaps(p, positive);
    ScoreOrder order = ScoreOrder.of(p, positive);
    return w -> {
      double[] rank = order.rocAucAndAveragePrecision(w);
      double[] c = Metrics.binaryCounts(indicators, w);
      return new double[] {
        rank[0],
        rank[1],
        Metrics.weightedMean(loss, w),
        Metrics.weightedMean(brier, w),
        Metrics.accuracy(c),
        Metrics.precision(c),
        Metrics.recall(c),
        Metrics.f1(c),
        Metrics.calibrationError(bins, gaps, w)
      };
    };
  }

  /** The metrics, in the order of {@link #evaluate}'s values ({@link Metric#of(Task)}). */
  List<Metric> metrics() {
    return metrics;
  }

  /**
   * The metric values under the given row weights (null for all 1), in {@link #metrics()} order.
   * Values may be NaN where a metric is undefined for the weighting.
   */
  double[] evaluate(double[] weights) {
    return kernel.evaluate(weights);
  }

  private static double[] column(double[][] outputs) {
    double[] v = new double[outputs.length];
    for (int i = 0; i < outputs.length; i++) {
      v[i] = outputs[i][0];
    }
    return v;
  }

  private interface Kernel {
    double[] evaluate(double[] weights);
  }
}
