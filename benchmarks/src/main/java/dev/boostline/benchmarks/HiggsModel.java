package dev.boostline.benchmarks;

import dev.boostline.data.CsvOptions;
import dev.boostline.data.CsvReader;
import dev.boostline.data.Dataset;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.data.store.DatasetStore;
import dev.boostline.data.store.RegisterOptions;
import dev.boostline.features.FeatureSpec;
import dev.boostline.model.ModelBundles;
import dev.boostline.registry.ModelRef;
import dev.boostline.registry.ModelVersion;
import dev.boostline.registry.local.LocalModelRegistry;
import dev.boostline.task.Objective;
import dev.boostline.tracking.TrackedTraining;
import dev.boostline.train.TrainOptions;
import dev.boostline.train.TrainingListener;
import dev.boostline.train.ValidationSplit;
import dev.boostline.train.XgbParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model the scoring benchmarks serve: binary logistic on HIGGS-like data, 200 trees of depth 6
 * (eta 0.1, hist, max_bin 256, no early stopping, so all 200 trees are used), as PERF.md and issue
 * 6 describe it. Built once into a Boostline home (dataset, run, registered model {@code higgs}
 * with alias {@code production}) and reused by later runs.
 */
final class HiggsModel {
  /** The registered model's name. */
  static final String NAME = "higgs";

  static final int TRAIN_ROWS = 200_000;
  static final int ROUNDS = 200;
  static final long HELD_OUT_SEED = 7L;

  private HiggsModel() {}

  /** The home holding {@code higgs@production}, built on first use. */
  static Path home(Path work) {
    Path home = work.resolve("home");
    LocalModelRegistry registry = LocalModelRegistry.open(home);
    if (registry.names().contains(NAME)) {
      return home;
    }
    Path csv = work.resolve("higgs-train.csv");
    HiggsLike.write(csv, TRAIN_ROWS, HiggsLike.DEFAULT_SEED);
    DatasetStore.open(home)
        .register(
            NAME,
            csv,
            CsvOptions.defaults(),
            java.util.Optional.empty(),
            RegisterOptions.defaults());
    TrainOptions options =
        TrainOptions.builder(FeatureSpec.forTarget("label"))
            .params(
                XgbParams.builder()
                    .objective(Objective.BINARY_LOGISTIC)
                    .rounds(ROUNDS)
                    .maxDepth(6)
                    .eta(0.1)
                    .maxBin(256)
                    .nthread(2)
                    .seed(1)
                    .build())
            .validation(ValidationSplit.none())
            .build();
    TrackedTraining.Outcome run =
        TrackedTraining.run(
            home,
            TrackedTraining.Request.of(DatasetRef.parse(NAME), options),
            TrainingListener.NONE);
    ModelVersion v =
        registry.register(
            NAME,
            ModelBundles.fromRun(home, run.run().runId()),
            Optional.of("scoring benchmark model"));
    registry.setAlias(NAME, "production", v.version(), "benchmark", Optional.empty());
    return home;
  }

  /** The model's reference. */
  static ModelRef production() {
    return ModelRef.alias(NAME, "production");
  }

  /**
   * {@code n} held-out records (another seed than the training data), feature columns only, a
   * missing value as an absent key's {@code null}.
   */
  static List<Map<String, Object>> records(Path work, int n) {
    Path csv = work.resolve("higgs-held-out-" + n + ".csv");
    if (!Files.exists(csv)) {
      HiggsLike.write(csv, n, HELD_OUT_SEED);
    }
    Dataset d = CsvReader.read(csv, CsvOptions.defaults(), java.util.Optional.empty()).dataset();
    List<Map<String, Object>> out = new ArrayList<>(n);
    for (int r = 0; r < d.rowCount(); r++) {
      Map<String, Object> rec = new LinkedHashMap<>();
      for (int f = 0; f < HiggsLike.FEATURES; f++) {
        double v = d.table().doubleColumn("f" + f).getDouble(r);
        rec.put("f" + f, Double.isNaN(v) ? null : v);
      }
      out.add(rec);
    }
    return out;
  }

  /** The model file ({@code model.ubj}) of the production version, for the Python peer. */
  static Path modelFile(Path home) {
    int version = LocalModelRegistry.open(home).resolve(production()).version();
    Path file =
        home.resolve("models")
            .resolve(NAME)
            .resolve(Integer.toString(version))
            .resolve("model.ubj");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("no model file at " + file);
    }
    return file;
  }
}
