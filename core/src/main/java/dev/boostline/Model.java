package dev.boostline;

import dev.boostline.common.BoostlineException;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.CsvReader;
import dev.boostline.data.Dataset;
import dev.boostline.data.DatasetProfile;
import dev.boostline.data.Tables;
import dev.boostline.data.store.DatasetStore;
import dev.boostline.features.FeatureSpec;
import dev.boostline.model.BatchScoring;
import dev.boostline.model.BundleManifest;
import dev.boostline.model.ModelBundle;
import dev.boostline.model.Prediction;
import dev.boostline.model.Scorer;
import dev.boostline.model.TrainedModel;
import dev.boostline.task.LabelEncoding;
import dev.boostline.train.TrainOptions;
import dev.boostline.train.TrainResult;
import dev.boostline.train.Trainer;
import dev.boostline.train.TrainingListener;
import dev.boostline.util.internal.fs.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tech.tablesaw.api.Table;

/**
 * A model trained in memory, for people who just want a model: train from a CSV file or a Tablesaw
 * table, score records, tables and CSV files, explain, and save as a normal model bundle (the same
 * directory the registry stores, MLflow and Azure ML read, and {@link #load} reads back). No home
 * directory is involved; lineage (library, XGBoost, Java and OS versions, the data's content hash)
 * is captured automatically.
 *
 * <pre>{@code
 * try (Model model = Model.train(Path.of("data/adult/adult_train.csv"), "income")) {
 *   List<Prediction> predictions = model.predict(Path.of("data/adult/adult_test.csv"));
 *   model.save(Path.of("income-model"));
 * }
 * }</pre>
 *
 * <p>Thread-safe: scoring may run from many threads at once. The model holds native memory until
 * {@link #close()}; calls after close fail with {@link IllegalStateException}.
 */
public final class Model implements AutoCloseable {
  private final ModelBundle bundle;
  private final Scorer scorer;

  private Model(ModelBundle bundle) {
    this.bundle = bundle;
    this.scorer = bundle.open();
  }

  /**
   * Trains on a CSV file (plain or gzip, header required, separator sniffed, types inferred) to
   * predict {@code target}, with the default options: objective inferred from the target, 100
   * rounds, a stratified 20% validation split.
   *
   * @throws dev.boostline.data.DataFormatException naming the file, line and column of bad input
   */
  public static Model train(Path csv, String target) {
    return train(csv, defaults(target));
  }

  /** Trains on a CSV file with these options (the spec names the target). */
  public static Model train(Path csv, TrainOptions options) {
    Dataset data = CsvReader.read(csv, CsvOptions.defaults(), Optional.empty()).dataset();
    String name = csv.getFileName() == null ? csv.toString() : csv.getFileName().toString();
    return train(data, name, options);
  }

  /** Trains on a Tablesaw table to predict {@code target}, with the default options. */
  public static Model train(Table table, String target) {
    return train(table, defaults(target));
  }

  /** Trains on a Tablesaw table with these options. */
  public static Model train(Table table, TrainOptions options) {
    String name = table.name() == null || table.name().isBlank() ? "table" : table.name();
    return train(Tables.toDataset(table), name, options);
  }

  /**
   * Trains on a typed dataset with these options.
   *
   * @param name what the data is called in the model's lineage (a file or table name)
   */
  public static Model train(Dataset data, String name, TrainOptions options) {
    TrainResult result = Trainer.train(data, options, TrainingListener.NONE);
    BundleManifest.Lineage lineage =
        BundleManifest.Lineage.builder(name, DatasetStore.contentSha256(data))
            .params(result.nativeParams())
            .build();
    Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
    metrics.put("train", result.trainMetrics());
    if (!result.validMetrics().isEmpty()) {
      metrics.put("valid", result.validMetrics());
    }
    return new Model(
        ModelBundle.create(
            TrainedModel.of(result), data, DatasetProfile.of(data), lineage, metrics));
  }

  /**
   * Reads a saved model bundle (or any registered version's directory), checking its golden rows.
   *
   * @throws dev.boostline.model.ModelLoadException when the bundle is damaged or scores differently
   */
  public static Model load(Path bundleDirectory) {
    return new Model(ModelBundle.read(bundleDirectory));
  }

  private static TrainOptions defaults(String target) {
    return TrainOptions.builder(FeatureSpec.forTarget(Objects.requireNonNull(target, "target")))
        .build();
  }

  /** The prediction for one record (column name to value; extra columns are ignored). */
  public Prediction predict(Map<String, ?> record) {
    return scorer.score(record);
  }

  /** The predictions for records, in order. */
  public List<Prediction> predict(List<? extends Map<String, ?>> records) {
    return scorer.score(records);
  }

  /** The predictions for every row of a table (columns found by name), in order. */
  public List<Prediction> predict(Table table) {
    return scorer.score(table);
  }

  /**
   * The predictions for every row of a CSV file, in order; the columns the model reads are typed by
   * its training schema, other columns are ignored.
   */
  public List<Prediction> predict(Path csv) {
    CsvOptions options = CsvOptions.defaults();
    Dataset data =
        CsvReader.read(
                csv,
                options,
                Optional.of(BatchScoring.schemaFor(scorer, CsvReader.header(csv, options))))
            .dataset();
    return predict(data.table());
  }

  /**
   * SHAP contributions of one record: per feature (the model's feature names) the contribution to
   * the margin (log-odds for binary), plus {@code bias}; for multiclass, one such map per class,
   * keyed {@code class/feature}.
   */
  public Map<String, Double> explain(Map<String, ?> record) {
    float[] row = scorer.contributions(List.of(record))[0];
    List<String> names = scorer.features().featureNames();
    int width = names.size() + 1;
    int blocks = row.length / width;
    Map<String, Double> out = new LinkedHashMap<>();
    for (int b = 0; b < blocks; b++) {
      String prefix = blocks == 1 ? "" : scorer.labels().classes().get(b) + "/";
      for (int k = 0; k < names.size(); k++) {
        out.put(prefix + names.get(k), (double) row[b * width + k]);
      }
      out.put(prefix + "bias", (double) row[b * width + names.size()]);
    }
    return out;
  }

  /**
   * Saves the model as a bundle directory: MLflow {@code MLmodel}, {@code model.ubj}, environment
   * files and {@code boostline.json}. The directory must not exist yet, or be empty; the bundle
   * appears there complete (written beside it, then renamed).
   *
   * @return the directory (absolute)
   * @throws BoostlineException when the directory exists and is not empty
   */
  public Path save(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    try {
      if (Files.isDirectory(dir)) {
        try (var entries = Files.list(dir)) {
          if (entries.findAny().isPresent()) {
            throw new BoostlineException(
                dir + " is not empty; save a model into a new or empty directory");
          }
        }
        Files.delete(dir);
      } else if (Files.exists(dir)) {
        throw new BoostlineException(dir + " is a file; save a model into a new directory");
      }
      Path parent = dir.getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".saving-");
      try {
        bundle.write(tmp);
        AtomicFiles.move(tmp, dir);
        AtomicFiles.fsyncDirectory(parent);
      } finally {
        AtomicFiles.deleteTree(tmp);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the model to " + dir, e);
    }
  }

  /** The bundle: manifest (features, lineage, metrics, golden rows) and model bytes. */
  public ModelBundle bundle() {
    return bundle;
  }

  /** The scorer this model uses (thread-safe; owned by this model: do not close it). */
  public Scorer scorer() {
    return scorer;
  }

  /** How targets map to labels: the task and the classes. */
  public LabelEncoding labels() {
    return scorer.labels();
  }

  /** Training-time metrics: {@code train} and (with a validation split) {@code valid}. */
  public Map<String, Map<String, Double>> metrics() {
    return bundle.manifest().metrics();
  }

  /** Releases the native model. Idempotent. */
  @Override
  public void close() {
    scorer.close();
  }
}
