package dev.boostline.model;

import dev.boostline.common.LibraryVersion;
import dev.boostline.data.DatasetProfile;
import dev.boostline.data.Histogram;
import dev.boostline.data.Schema;
import dev.boostline.features.FittedFeatures;
import dev.boostline.task.LabelEncoding;
import dev.boostline.task.Objective;
import dev.boostline.xgboost.internal.NativeBooster;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
    Histogram scoreHistogram,
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

  /** A builder of the current format version, created now, with no golden rows or files yet. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this manifest. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.formatVersion = formatVersion;
    b.objective = objective;
    b.labels = labels;
    b.bestIteration = bestIteration;
    b.features = features;
    b.schema = schema;
    b.trainingProfile = trainingProfile;
    b.scoreHistogram = scoreHistogram;
    b.lineage = lineage;
    b.metrics = metrics;
    b.importance = importance;
    b.golden = golden;
    b.createdAt = createdAt;
    b.files = files;
    return b;
  }

  /**
   * Builder for {@link BundleManifest}; not thread-safe. Objective, labels, features, schema,
   * profile and lineage are required; the rest default to empty (the score histogram to one empty
   * bin over [0, 1]).
   */
  public static final class Builder {
    private int formatVersion = FORMAT_VERSION;
    private Objective objective;
    private LabelEncoding labels;
    private int bestIteration;
    private FittedFeatures features;
    private Schema schema;
    private DatasetProfile trainingProfile;
    private Histogram scoreHistogram = new Histogram(List.of(0.0, 1.0), List.of(0L));
    private Lineage lineage;
    private Map<String, Map<String, Double>> metrics = Map.of();
    private Map<String, Map<String, Double>> importance = Map.of();
    private List<GoldenRow> golden = List.of();
    private Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private Map<String, String> files = Map.of();

    private Builder() {}

    /** The objective, labels, features and best iteration of a trained model. */
    public Builder model(
        Objective objective, LabelEncoding labels, FittedFeatures features, int bestIteration) {
      this.objective = objective;
      this.labels = labels;
      this.features = features;
      this.bestIteration = bestIteration;
      return this;
    }

    /** The training data's schema and profile (the drift reference). */
    public Builder trainingData(Schema schema, DatasetProfile profile) {
      this.schema = schema;
      this.trainingProfile = profile;
      return this;
    }

    public Builder scoreHistogram(Histogram value) {
      scoreHistogram = value;
      return this;
    }

    public Builder lineage(Lineage value) {
      lineage = value;
      return this;
    }

    public Builder metrics(Map<String, Map<String, Double>> value) {
      metrics = value;
      return this;
    }

    public Builder importance(Map<String, Map<String, Double>> value) {
      importance = value;
      return this;
    }

    public Builder golden(List<GoldenRow> value) {
      golden = value;
      return this;
    }

    public Builder createdAt(Instant value) {
      createdAt = value;
      return this;
    }

    /** SHA-256 of the bundle's other files, by file name. */
    public Builder files(Map<String, String> value) {
      files = value;
      return this;
    }

    /**
     * @throws NullPointerException naming a required part that was not set
     */
    public BundleManifest build() {
      Objects.requireNonNull(objective, "objective");
      Objects.requireNonNull(labels, "labels");
      Objects.requireNonNull(features, "features");
      Objects.requireNonNull(schema, "schema");
      Objects.requireNonNull(trainingProfile, "trainingProfile");
      Objects.requireNonNull(lineage, "lineage");
      return new BundleManifest(
          formatVersion,
          objective,
          labels,
          bestIteration,
          features,
          schema,
          trainingProfile,
          scoreHistogram,
          lineage,
          metrics,
          importance,
          golden,
          createdAt,
          files);
    }
  }

  /**
   * Where the model came from. Build with {@link #builder(String, String)}.
   *
   * @param datasetName the training data's dataset name (or, for data that was never registered,
   *     the file or table it came from)
   * @param datasetVersion the registered version trained on; absent for data trained on in memory
   * @param datasetSha256 the content hash of the training data (see {@code
   *     DatasetStore.contentSha256})
   * @param runId the recorded training run; absent for a model trained in memory
   * @param params the training parameters (XGBoost names)
   */
  public record Lineage(
      String datasetName,
      Optional<Integer> datasetVersion,
      String datasetSha256,
      Optional<String> runId,
      Map<String, Object> params,
      String boostlineVersion,
      String xgboostVersion,
      String javaVersion,
      String os,
      String arch) {
    public Lineage {
      Objects.requireNonNull(datasetName, "datasetName");
      Objects.requireNonNull(datasetVersion, "datasetVersion");
      Objects.requireNonNull(datasetSha256, "datasetSha256");
      Objects.requireNonNull(runId, "runId");
      params = Map.copyOf(params);
    }

    /**
     * A lineage for data {@code datasetName} with content hash {@code datasetSha256}, trained by
     * the software of this process (this Boostline, its XGBoost, this JVM and OS), with no run and
     * no registered version until set.
     */
    public static Builder builder(String datasetName, String datasetSha256) {
      return new Builder(datasetName, datasetSha256);
    }

    /** The training data in words: {@code name@version}, or {@code name (in memory)}. */
    public String dataset() {
      return datasetVersion.map(v -> datasetName + "@" + v).orElse(datasetName + " (in memory)");
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

    /** Builder for {@link Lineage}; not thread-safe. */
    public static final class Builder {
      private final String datasetName;
      private final String datasetSha256;
      private Optional<Integer> datasetVersion = Optional.empty();
      private Optional<String> runId = Optional.empty();
      private Map<String, Object> params = Map.of();
      private String boostline = LibraryVersion.current();
      private String xgboost = NativeBooster.xgboostVersion();
      private String java = System.getProperty("java.version", "unknown");
      private String os = System.getProperty("os.name", "unknown");
      private String arch = System.getProperty("os.arch", "unknown");

      private Builder(String datasetName, String datasetSha256) {
        this.datasetName = Objects.requireNonNull(datasetName, "datasetName");
        this.datasetSha256 = Objects.requireNonNull(datasetSha256, "datasetSha256");
      }

      /** The registered dataset version trained on. */
      public Builder datasetVersion(int version) {
        datasetVersion = Optional.of(version);
        return this;
      }

      /** The recorded training run. */
      public Builder runId(String id) {
        runId = Optional.of(id);
        return this;
      }

      /** The training parameters (XGBoost names). */
      public Builder params(Map<String, Object> value) {
        params = Map.copyOf(value);
        return this;
      }

      /** The software that trained the model, when it was not this process (a recorded run). */
      public Builder software(
          String boostlineVersion,
          String xgboostVersion,
          String javaVersion,
          String osName,
          String osArch) {
        boostline = boostlineVersion;
        xgboost = xgboostVersion;
        java = javaVersion;
        os = osName;
        arch = osArch;
        return this;
      }

      public Lineage build() {
        return new Lineage(
            datasetName,
            datasetVersion,
            datasetSha256,
            runId,
            params,
            boostline,
            xgboost,
            java,
            os,
            arch);
      }
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
