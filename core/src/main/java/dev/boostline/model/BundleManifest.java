package dev.boostline.model;

import dev.boostline.data.DatasetProfile;
import dev.boostline.data.Schema;
import dev.boostline.features.FittedFeatures;
import dev.boostline.task.LabelEncoding;
import dev.boostline.task.Objective;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code boostline.json}: what a model bundle is and everything needed to score with it exactly as
 * in training.
 *
 * @param bestIteration 0-based; predictions use rounds 0..bestIteration
 * @param schema the schema of the dataset the model was trained on
 * @param trainingProfile the profile of that dataset version (the drift reference)
 * @param scoreHistogram the model's score on the training data (binary: probability; multiclass:
 *     probability of the top class; regression: value), the reference for score drift
 * @param metrics at least {@code train} and {@code valid} metrics from training
 * @param importance per type (gain, cover, weight) the score of each used feature
 * @param golden rows scored at bundle creation; loading re-scores them and refuses a mismatch
 * @param files SHA-256 of the bundle's other files, checked on load
 */
public record BundleManifest(
    int formatVersion,
    Objective objective,
    LabelEncoding labels,
    int bestIteration,
    FittedFeatures features,
    Schema schema,
    DatasetProfile trainingProfile,
    dev.boostline.data.Histogram scoreHistogram,
    Lineage lineage,
    Map<String, Map<String, Double>> metrics,
    Map<String, Map<String, Double>> importance,
    List<GoldenRow> golden,
    Instant createdAt,
    Map<String, String> files) {
  /** The bundle format this library writes and reads. */
  public static final int FORMAT_VERSION = 1;

  public BundleManifest {
    metrics = Map.copyOf(metrics);
    importance = Map.copyOf(importance);
    golden = List.copyOf(golden);
    files = Map.copyOf(files);
  }

  /**
   * Where the model came from.
   *
   * @param params the training parameters (XGBoost names)
   */
  public record Lineage(
      String datasetName,
      int datasetVersion,
      String datasetSha256,
      String runId,
      Map<String, Object> params,
      String boostlineVersion,
      String xgboostVersion,
      String javaVersion,
      String os,
      String arch) {
    public Lineage {
      params = Map.copyOf(params);
    }

    /** The software that trained the model, in words. */
    public String software() {
      return "Boostline "
          + boostlineVersion
          + ", XGBoost "
          + xgboostVersion
          + ", Java "
          + javaVersion
          + ", "
          + os
          + " "
          + arch;
    }
  }

  /**
   * A record (column to value: numbers, strings, booleans, ISO-8601 date-times, null) and the model
   * outputs expected for it.
   */
  public record GoldenRow(Map<String, Object> record, List<Float> outputs) {
    public GoldenRow {
      record = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(record));
      outputs = List.copyOf(outputs);
    }
  }
}
