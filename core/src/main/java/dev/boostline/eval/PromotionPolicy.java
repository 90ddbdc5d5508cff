package dev.boostline.eval;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.boostline.common.BoostlineException;
import dev.boostline.task.Task;
import dev.boostline.util.internal.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * When a candidate replaces production. Immutable; {@link #defaults()}, or read from YAML/JSON with
 * {@link #read(Path)} (every field optional):
 *
 * <pre>
 * primaryMetric: auc        # default: auc (binary), mlogloss (multiclass), rmse (regression)
 * minImprovement: 0.0       # the primary metric must improve by more than this (absolute)
 * confidence: 0.9           # ...with at least this bootstrap probability of being better
 * maxRegression: 0.02       # any other metric may worsen by at most this share (2%)
 * metricRegression: {ece: 0.5}   # per-metric overrides of maxRegression
 * slices: [sex, race]       # categorical columns whose groups are compared
 * minSliceSize: 200         # groups smaller than this are reported, not judged
 * maxSliceRegression: 0.05  # the primary metric may worsen by at most 5% in any group
 * thresholds: {auc: 0.8}    # absolute bounds, used when there is no production model
 * decisionThreshold: 0.5    # probability threshold for binary labels
 * resamples: 1000           # bootstrap resamples
 * seed: 0                   # bootstrap seed
 * </pre>
 *
 * With no production model and no thresholds, sanity bounds apply: AUC above 0.5 (binary), accuracy
 * above chance (multiclass), R2 above 0 (regression).
 */
public record PromotionPolicy(
    Optional<String> primaryMetric,
    double minImprovement,
    double confidence,
    double maxRegression,
    Map<String, Double> metricRegression,
    List<String> slices,
    int minSliceSize,
    double maxSliceRegression,
    Map<String, Double> thresholds,
    double decisionThreshold,
    int resamples,
    long seed) {
  public PromotionPolicy {
    metricRegression = Map.copyOf(metricRegression);
    slices = List.copyOf(slices);
    thresholds = Map.copyOf(thresholds);
    if (!(confidence >= 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in [0, 1), got " + confidence);
    }
    if (!(maxRegression >= 0) || !(maxSliceRegression >= 0)) {
      throw new IllegalArgumentException("allowed regressions must be >= 0");
    }
    if (minSliceSize < 1) {
      throw new IllegalArgumentException("minSliceSize must be >= 1, got " + minSliceSize);
    }
    if (!(decisionThreshold > 0 && decisionThreshold < 1)) {
      throw new IllegalArgumentException(
          "decisionThreshold must be in (0, 1), got " + decisionThreshold);
    }
    if (resamples < 100) {
      throw new IllegalArgumentException("resamples must be >= 100, got " + resamples);
    }
  }

  /** The defaults listed in the class doc. */
  public static PromotionPolicy defaults() {
    return new PromotionPolicy(
        Optional.empty(), 0.0, 0.9, 0.02, Map.of(), List.of(), 200, 0.05, Map.of(), 0.5, 1000, 0);
  }

  /** The file form: missing fields take the defaults. */
  @JsonCreator
  static PromotionPolicy fromFile(
      @JsonProperty("primaryMetric") String primaryMetric,
      @JsonProperty("minImprovement") Double minImprovement,
      @JsonProperty("confidence") Double confidence,
      @JsonProperty("maxRegression") Double maxRegression,
      @JsonProperty("metricRegression") Map<String, Double> metricRegression,
      @JsonProperty("slices") List<String> slices,
      @JsonProperty("minSliceSize") Integer minSliceSize,
      @JsonProperty("maxSliceRegression") Double maxSliceRegression,
      @JsonProperty("thresholds") Map<String, Double> thresholds,
      @JsonProperty("decisionThreshold") Double decisionThreshold,
      @JsonProperty("resamples") Integer resamples,
      @JsonProperty("seed") Long seed) {
    PromotionPolicy d = defaults();
    return new PromotionPolicy(
        Optional.ofNullable(primaryMetric),
        minImprovement == null ? d.minImprovement() : minImprovement,
        confidence == null ? d.confidence() : confidence,
        maxRegression == null ? d.maxRegression() : maxRegression,
        metricRegression == null ? Map.of() : metricRegression,
        slices == null ? List.of() : slices,
        minSliceSize == null ? d.minSliceSize() : minSliceSize,
        maxSliceRegression == null ? d.maxSliceRegression() : maxSliceRegression,
        thresholds == null ? Map.of() : thresholds,
        decisionThreshold == null ? d.decisionThreshold() : decisionThreshold,
        resamples == null ? d.resamples() : resamples,
        seed == null ? d.seed() : seed);
  }

  /** Reads a policy file (YAML when named .yaml/.yml, else JSON). */
  public static PromotionPolicy read(Path file) {
    try {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
      PromotionPolicy p =
          (yaml ? Json.yaml() : Json.mapper())
              .readValue(Files.readAllBytes(file), PromotionPolicy.class);
      if (p == null) {
        throw new BoostlineException(file + ": the policy file is empty");
      }
      return p;
    } catch (NoSuchFileException e) {
      throw new BoostlineException("policy file not found: " + file, e);
    } catch (IOException | IllegalArgumentException e) {
      throw new BoostlineException(file + ": not a valid promotion policy: " + Json.describe(e), e);
    }
  }

  /** A copy with these slice columns. */
  public PromotionPolicy withSlices(List<String> columns) {
    return new PromotionPolicy(
        primaryMetric,
        minImprovement,
        confidence,
        maxRegression,
        metricRegression,
        columns,
        minSliceSize,
        maxSliceRegression,
        thresholds,
        decisionThreshold,
        resamples,
        seed);
  }

  /** The primary metric for a task. */
  public String primary(Task task) {
    return primaryMetric.orElse(
        switch (task) {
          case BINARY -> "auc";
          case MULTICLASS -> "mlogloss";
          case REGRESSION -> "rmse";
        });
  }

  /** The allowed relative worsening of a non-primary metric. */
  public double allowedRegression(String metric) {
    return metricRegression.getOrDefault(metric, maxRegression);
  }
}
