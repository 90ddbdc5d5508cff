package dev.boostline.benchmarks;

import dev.boostline.common.JsonForm;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.CsvSource;
import dev.boostline.data.DatasetStream;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.data.store.DatasetStore;
import dev.boostline.data.store.RegisterOptions;
import dev.boostline.data.store.Registration;
import dev.boostline.features.FeatureSpec;
import dev.boostline.model.BatchScoring;
import dev.boostline.model.Scorer;
import dev.boostline.registry.local.LocalModelRegistry;
import dev.boostline.task.Objective;
import dev.boostline.tracking.TrackedTraining;
import dev.boostline.train.TrainOptions;
import dev.boostline.train.TrainingListener;
import dev.boostline.train.ValidationSplit;
import dev.boostline.train.XgbParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One measured task, run as its own process by {@code benchmarks/scale_bench.py} (which times the
 * whole process and samples its memory): each task prints one JSON line of its own internal timings
 * on stdout. Tasks:
 *
 * <ul>
 *   <li>{@code generate CSV ROWS [SEED]}: the HIGGS-like file (label + 28 features);
 *   <li>{@code register CSV HOME}: {@code DatasetStore.register} of the file (what {@code boostline
 *       dataset add} runs), streaming;
 *   <li>{@code duckdb CSV OUT.parquet}: DuckDB's CSV reader into ZSTD Parquet (the anchor);
 *   <li>{@code model WORK}: builds the 200-tree scoring model (once) and prints its home and file;
 *   <li>{@code score HOME CSV OUT}: {@code BatchScoring} of the file with {@code higgs@production}
 *       on every core (what {@code boostline score} runs);
 *   <li>{@code train HOME DATASET ROUNDS}: a tracked training run as {@code boostline train} runs
 *       it (80/20 stratified split, the stopping metric every round), with its parts.
 * </ul>
 */
public final class ScaleTask {
  private ScaleTask() {}

  /**
   * The baseline of {@code train}: raw xgboost4j as a user would write it: parse the CSV (a plain
   * byte parser into float[]), a seeded 80/20 split, two DMatrix, {@code XGBoost.train} with the
   * validation set in the watchlist (logloss every round), the model bytes. The same parameters.
   */
  private static void rawTrain(Path csv, int rounds, Map<String, Object> out) throws Exception {
    long t = System.nanoTime();
    dev.boostline.data.Dataset d =
        dev.boostline.data.CsvReader.read(csv, CsvOptions.defaults(), Optional.empty()).dataset();
    int n = d.rowCount();
    int cols = HiggsLike.FEATURES;
    float[] y = new float[n];
    float[] x = new float[n * cols];
    for (int r = 0; r < n; r++) {
      y[r] = (float) d.table().numberColumn("label").getDouble(r);
      for (int c = 0; c < cols; c++) {
        x[r * cols + c] = (float) d.table().numberColumn(c + 1).getDouble(r);
      }
    }
    out.put("load_s", (System.nanoTime() - t) / 1e9);
    t = System.nanoTime();
    java.util.Random random = new java.util.Random(1);
    int[] side = new int[n];
    int valid = 0;
    for (int r = 0; r < n; r++) {
      side[r] = random.nextDouble() < 0.2 ? 1 : 0;
      valid += side[r];
    }
    float[] xt = new float[(n - valid) * cols];
    float[] yt = new float[n - valid];
    float[] xv = new float[valid * cols];
    float[] yv = new float[valid];
    for (int r = 0, a = 0, b = 0; r < n; r++) {
      if (side[r] == 0) {
        System.arraycopy(x, r * cols, xt, a * cols, cols);
        yt[a++] = y[r];
      } else {
        System.arraycopy(x, r * cols, xv, b * cols, cols);
        yv[b++] = y[r];
      }
    }
    ml.dmlc.xgboost4j.java.DMatrix dt =
        new ml.dmlc.xgboost4j.java.DMatrix(xt, n - valid, cols, Float.NaN);
    dt.setLabel(yt);
    ml.dmlc.xgboost4j.java.DMatrix dv =
        new ml.dmlc.xgboost4j.java.DMatrix(xv, valid, cols, Float.NaN);
    dv.setLabel(yv);
    out.put("split_matrix_s", (System.nanoTime() - t) / 1e9);
    t = System.nanoTime();
    Map<String, Object> p = new java.util.HashMap<>();
    p.put("objective", "binary:logistic");
    p.put("eval_metric", "logloss");
    p.put("max_depth", 6);
    p.put("eta", 0.1);
    p.put("max_bin", 256);
    p.put("tree_method", "hist");
    p.put("nthread", 2);
    p.put("seed", 1);
    Map<String, ml.dmlc.xgboost4j.java.DMatrix> watches = new LinkedHashMap<>();
    watches.put("valid", dv);
    ml.dmlc.xgboost4j.java.Booster b =
        ml.dmlc.xgboost4j.java.XGBoost.train(dt, p, rounds, watches, null, null);
    out.put("train_s", (System.nanoTime() - t) / 1e9);
    out.put("model_bytes", b.toByteArray("ubj").length);
    b.dispose();
    dt.dispose();
    dv.dispose();
  }

  public static void main(String[] args) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    switch (args[0]) {
      case "generate" ->
          HiggsLike.write(
              Path.of(args[1]),
              Integer.parseInt(args[2]),
              args.length > 3 ? Long.parseLong(args[3]) : HiggsLike.DEFAULT_SEED);
      case "register" -> {
        Registration r =
            DatasetStore.open(Path.of(args[2]))
                .register(
                    "higgs",
                    Path.of(args[1]),
                    CsvOptions.defaults(),
                    Optional.empty(),
                    RegisterOptions.defaults());
        out.put("rows", r.manifest().rows());
        out.put("parquet_bytes", r.manifest().files().get("data.parquet").sizeBytes());
      }
      case "duckdb" -> {
        Class.forName("org.duckdb.DuckDBDriver");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
            Statement s = c.createStatement()) {
          s.execute(
              "COPY (SELECT * FROM read_csv('"
                  + args[1]
                  + "')) TO '"
                  + args[2]
                  + "' (FORMAT parquet, COMPRESSION zstd)");
        }
        out.put("parquet_bytes", Files.size(Path.of(args[2])));
      }
      case "model" -> {
        Path home = HiggsModel.home(Path.of(args[1]));
        out.put("home", home.toString());
        out.put("model_file", HiggsModel.modelFile(home).toString());
      }
      case "score" -> {
        Path home = Path.of(args[1]);
        LocalModelRegistry registry = LocalModelRegistry.open(home);
        int threads = BatchScoring.defaultThreads();
        try (Scorer scorer =
                registry.bundle(registry.resolve(HiggsModel.production()).ref()).open();
            DatasetStream in =
                CsvSource.open(
                    Path.of(args[2]),
                    CsvOptions.defaults(),
                    Optional.of(
                        BatchScoring.schemaFor(
                            scorer,
                            dev.boostline.data.CsvReader.header(
                                Path.of(args[2]), CsvOptions.defaults()))),
                    threads)) {
          out.put("engine", scorer.engineName());
          out.put(
              "rows",
              BatchScoring.score(
                  scorer, in, Path.of(args[3]), BatchScoring.Format.CSV, false, threads));
        }
      }
      case "train" -> {
        Path home = Path.of(args[1]);
        Map<String, Long> parts = new LinkedHashMap<>();
        long[] last = {System.nanoTime()};
        TrainingListener timing =
            new TrainingListener() {
              @Override
              public void onInfo(String message) {
                long now = System.nanoTime();
                parts.put(message, (now - last[0]) / 1_000_000);
                last[0] = now;
              }
            };
        TrainOptions options =
            TrainOptions.builder(FeatureSpec.forTarget("label"))
                .params(
                    XgbParams.builder()
                        .objective(Objective.BINARY_LOGISTIC)
                        .rounds(Integer.parseInt(args[3]))
                        .maxDepth(6)
                        .eta(0.1)
                        .maxBin(256)
                        .nthread(2)
                        .seed(1)
                        .build())
                .validation(ValidationSplit.random(0.2))
                .build();
        TrackedTraining.Outcome o =
            TrackedTraining.run(
                home, TrackedTraining.Request.of(DatasetRef.parse(args[2]), options), timing);
        out.put("valid", o.run().metrics().get("valid"));
        out.put("parts_ms", parts);
      }
      case "raw-train" -> rawTrain(Path.of(args[1]), Integer.parseInt(args[2]), out);
      default -> throw new IllegalArgumentException("unknown task " + args[0]);
    }
    out.put("task", args[0]);
    out.put("inner_seconds", (System.nanoTime() - t0) / 1e9);
    System.out.println(JsonForm.line(out));
  }
}
