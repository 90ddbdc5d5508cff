package dev.boostline.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.common.BoostlineException;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.Dataset;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.data.store.DatasetStore;
import dev.boostline.data.store.RegisterOptions;
import dev.boostline.features.ColumnSteps;
import dev.boostline.features.FeatureSpec;
import dev.boostline.features.FittedFeatures;
import dev.boostline.features.Imputation;
import dev.boostline.model.ModelBundle;
import dev.boostline.model.ModelBundles;
import dev.boostline.model.Scorer;
import dev.boostline.tracking.RunRecord;
import dev.boostline.tracking.RunStatus;
import dev.boostline.tracking.RunStore;
import dev.boostline.tracking.TrackedTraining;
import dev.boostline.train.TrainOptions;
import dev.boostline.train.TrainingListener;
import dev.boostline.train.XgbParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SparkTrainer in local[2] on small data: the CI test of the spark module. */
class SparkTrainerTest {
  static SparkSession spark;
  @TempDir static Path dir;
  static Path home;

  @BeforeAll
  static void start() throws Exception {
    spark = Sessions.local(2);
    home = registerSmall(dir);
  }

  /** Writes a small binary dataset (3,000 rows, missing values, a category) as "small". */
  static Path registerSmall(Path dir) throws Exception {
    Path home = dir.resolve("home");
    StringBuilder csv = new StringBuilder("label,f0,f1,f2,ratio,cat,flag\n");
    Random r = new Random(7);
    for (int i = 0; i < 3000; i++) {
      double f0 = r.nextGaussian();
      double f1 = r.nextGaussian();
      double f2 = r.nextDouble() * 10;
      String cat = new String[] {"a", "b", "c", "d"}[r.nextInt(4)];
      boolean flag = r.nextBoolean();
      double z = f0 + 0.5 * f1 - 0.1 * f2 + (cat.equals("b") ? 1 : 0) + (flag ? 0.5 : 0);
      int label = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
      csv.append(label)
          .append(',')
          .append(i % 17 == 0 ? "" : String.format(Locale.ROOT, "%.5f", f0))
          .append(',')
          .append(i % 13 == 0 ? "" : String.format(Locale.ROOT, "%.5f", f1))
          .append(',')
          .append(i % 11 == 0 ? "" : String.format(Locale.ROOT, "%.4f", f2))
          .append(',')
          .append(i % 7)
          .append(',')
          .append(i % 19 == 0 ? "" : cat)
          .append(',')
          .append(flag)
          .append('\n');
    }
    Path file = dir.resolve("small.csv");
    Files.writeString(file, csv);
    DatasetStore.open(home)
        .register(
            "small", file, CsvOptions.defaults(), Optional.empty(), RegisterOptions.defaults());
    return home;
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static FeatureSpec spec() {
    return FeatureSpec.builder()
        .target("label")
        .column("f1", ColumnSteps.defaults().withImpute(Imputation.MEDIAN))
        .column("f2", ColumnSteps.defaults().withImpute(Imputation.MEAN))
        .column(
            "f0", ColumnSteps.defaults().withImpute(Imputation.MOST_FREQUENT).withRatioTo("ratio"))
        .column("cat", ColumnSteps.defaults().withImpute(Imputation.MOST_FREQUENT))
        .build();
  }

  static TrainOptions options() {
    return TrainOptions.builder(spec())
        .params(XgbParams.builder().rounds(40).maxDepth(3).seed(5).build())
        .earlyStoppingRounds(5)
        .build();
  }

  @Test
  void trains_a_normal_run_whose_bundle_serves_its_golden_rows() {
    TrackedTraining.Outcome o =
        TrackedTraining.run(
            home,
            TrackedTraining.Request.of(DatasetRef.parse("small"), options()),
            TrainingListener.NONE,
            new SparkTrainer(spark, home, new SparkTrainer.Settings(2, 1, Optional.empty())));
    RunRecord run = o.run();
    assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(run.objective()).contains("binary:logistic");
    assertThat(run.metrics().get("valid")).containsKeys("auc", "logloss", "pr_auc");
    assertThat(run.metrics().get("valid").get("auc")).isGreaterThan(0.65);
    assertThat(run.split().trainRows() + run.split().validRows()).isEqualTo(3000);
    assertThat(run.stoppingMetric()).contains("valid-logloss");

    // The distributed fit equals a single-node fit on the same training rows.
    Dataset data = DatasetStore.open(home).load(DatasetRef.parse("small"));
    List<Integer> trainRows = new ArrayList<>();
    for (int i = 0; i < data.rowCount(); i++) {
      if (!SparkTrainer.isValidation(i, 5, 0.2)) {
        trainRows.add(i);
      }
    }
    FittedFeatures single =
        spec().fit(data, trainRows.stream().mapToInt(Integer::intValue).toArray());
    assertThat(o.result().features().toJson()).isEqualTo(single.toJson());

    // The run's bundle loads (its golden rows re-score) and scores with the pure-Java engine.
    ModelBundle bundle = ModelBundles.fromRun(home, run.runId());
    try (Scorer scorer = bundle.open()) {
      assertThat(scorer.engineName()).isNotEqualTo("native");
      assertThat(scorer.outputs(data.table()).length).isEqualTo(3000);
    }
  }

  @Test
  void a_pipeline_file_with_engine_spark_trains_on_spark() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("spark.yaml"),
            """
            version: 1
            data: {dataset: small}
            evaluation: {holdout: 0.25}
            features: {target: label}
            training:
              rounds: 20
              seed: 3
              engine: {name: spark, master: "local[2]", workers: 2}
            model: {name: small-spark}
            """);
    dev.boostline.pipeline.PipelineRun run =
        dev.boostline.pipeline.Pipeline.read(file).run(dev.boostline.Boostline.open(home));
    assertThat(run.status()).isEqualTo(dev.boostline.pipeline.PipelineRun.Status.SUCCEEDED);
    RunRecord trained = RunStore.open(home).get(run.output("train", "runId").orElseThrow());
    assertThat(trained.notes()).anyMatch(n -> n.startsWith("trained on Spark"));
    assertThat(trained.dataset().name()).isEqualTo("small-train");
    assertThat(run.output("evaluate", "verdict")).isPresent();
    // The route bin/boostline takes for `pipeline run FILE`: the same run again reuses the model.
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        SparkMain.execute(
            new java.io.PrintWriter(out, true),
            new java.io.PrintWriter(err, true),
            "--home",
            home.toString(),
            "pipeline",
            "run",
            file.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("(spark.yaml, on Spark)")
        .containsPattern("train +reused")
        .containsPattern("run [0-9a-z-]+ succeeded in");
    assertThat(
            SparkMain.execute(
                new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(err, true),
                "pipeline",
                "validate",
                file.toString()))
        .isZero();
    assertThat(out.toString()).contains("valid (pipeline small-spark, engine spark)");
    // Bad settings are refused when the file is read, naming the line.
    Path bad =
        Files.writeString(
            dir.resolve("bad.yaml"), Files.readString(file).replace("workers: 2", "workerz: 2"));
    assertThatThrownBy(() -> dev.boostline.pipeline.Pipeline.read(bad))
        .hasMessageContaining("bad.yaml line 8, training.engine: engine.workerz: unknown setting");
  }

  @Test
  void a_missing_path_fails_the_run_with_the_path_and_records_it() {
    SparkTrainer trainer =
        new SparkTrainer(
            spark,
            home,
            new SparkTrainer.Settings(
                2, 1, Optional.of(dir.resolve("nowhere").toUri().toString())));
    assertThatThrownBy(
            () ->
                TrackedTraining.run(
                    home,
                    TrackedTraining.Request.of(DatasetRef.parse("small"), options()),
                    TrainingListener.NONE,
                    trainer))
        .isInstanceOf(BoostlineException.class)
        .hasMessageContaining("nowhere");
    RunRecord last =
        RunStore.open(home).list(Optional.empty()).stream()
            .filter(r -> r.status() == RunStatus.FAILED)
            .findFirst()
            .orElseThrow();
    assertThat(last.error().orElseThrow()).contains("nowhere");
  }

  @Test
  void a_schema_mismatch_names_the_column() throws Exception {
    Path other = dir.resolve("other.parquet");
    spark
        .range(10)
        .selectExpr("cast(id as string) as label", "id as f0")
        .write()
        .parquet(other.toString());
    SparkTrainer trainer =
        new SparkTrainer(
            spark, home, new SparkTrainer.Settings(2, 1, Optional.of(other.toUri().toString())));
    assertThatThrownBy(
            () ->
                TrackedTraining.run(
                    home,
                    TrackedTraining.Request.of(DatasetRef.parse("small"), options()),
                    TrainingListener.NONE,
                    trainer))
        .isInstanceOf(BoostlineException.class)
        .hasMessageContaining("schema mismatch")
        .hasMessageContaining("\"label\" is string in the data, the manifest says integer");
  }
}
