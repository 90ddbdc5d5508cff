package dev.boostline.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How a served model actually performed, once ground truth arrived for captured requests: per time
 * window (by when the request was scored) and model version, the task's metrics on the labelled
 * rows. Stored as {@code <home>/monitoring/<model>/performance.json}, recomputed from every capture
 * and every label file each time labels are added. Immutable.
 *
 * @param window the length of a time window (windows start at multiples of it, UTC)
 * @param capturedRows captured rows in the home for the model
 * @param labelledRows captured rows with a label
 * @param unmatchedLabels labels whose id matched no captured row
 * @param labelFiles label files received so far
 * @param windows one entry per window and version with at least one labelled row, by start then
 *     version
 * @param versions the same over all time, per version
 * @param calibration for a binary model, calibration bins over all labelled rows of the newest
 *     version: mean predicted probability, observed positive rate, rows
 */
public record RealisedPerformance(
    int formatVersion,
    String model,
    String task,
    Duration window,
    Instant computedAt,
    long capturedRows,
    long labelledRows,
    long unmatchedLabels,
    int labelFiles,
    List<Slice> windows,
    List<Slice> versions,
    List<Bin> calibration) {
  /** The format this library writes and reads. */
  public static final int FORMAT_VERSION = 1;

  public RealisedPerformance {
    windows = List.copyOf(windows);
    versions = List.copyOf(versions);
    calibration = List.copyOf(calibration);
  }

  /**
   * Metrics of the labelled rows of one version in one window (or over all time: {@code start} is
   * then the first labelled row's time).
   *
   * @param rows labelled rows
   * @param metrics the task's metrics ({@code auc}, {@code logloss}, {@code ece}, ... for
   *     classifiers; {@code rmse}, {@code mae}, ... for regression); NaN ones left out
   */
  public record Slice(Instant start, int version, long rows, Map<String, Double> metrics) {
    public Slice {
      metrics = Map.copyOf(metrics);
    }
  }

  /** One calibration bin. */
  public record Bin(double meanPredicted, double observedRate, long rows) {}
}
