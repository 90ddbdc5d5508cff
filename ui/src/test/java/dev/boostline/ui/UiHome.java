package dev.boostline.ui;

import dev.boostline.Boostline;
import dev.boostline.EvaluationRequest;
import dev.boostline.PromotionRequest;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.data.store.RegisterOptions;
import dev.boostline.features.FeatureSpec;
import dev.boostline.registry.ModelRef;
import dev.boostline.registry.ModelVersion;
import dev.boostline.tracking.TrackedTraining;
import dev.boostline.train.SearchSpace;
import dev.boostline.train.TrainOptions;
import dev.boostline.train.XgbParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A home the UI tests build with the public API: dataset {@code loans} (two versions, the second
 * shifted), five runs (one with 3-fold CV, one with a 4-trial search), model {@code risk} with
 * three versions, each evaluated (decision and report kept), and alias moves: production to v1, to
 * v2, rolled back to v1. Deterministic (seeded).
 */
final class UiHome {
  static final String DATASET = "loans";
  static final String MODEL = "risk";
  static final List<String> CITIES = List.of("Lima", "Oslo", "Pune", "Kyiv");

  final Path dir;
  final Boostline home;
  final List<String> runIds = new ArrayList<>();
  final List<ModelVersion> versions = new ArrayList<>();

  private UiHome(Path dir) {
    this.dir = dir;
    this.home = Boostline.open(dir);
  }

  static UiHome build(Path dir) {
    UiHome h = new UiHome(dir);
    h.home.registerDataset(
        DATASET,
        table(1500, 1, 0.0),
        RegisterOptions.builder().note("synthetic loans").tag("source", "test").build());
    h.home.registerDataset(
        DATASET, table(1500, 2, 0.6), RegisterOptions.builder().note("shifted income").build());
    DatasetRef v1 = DatasetRef.parse(DATASET + "@1");
    h.train(v1, params(20, 0.3, 3, 1), 0, 0);
    h.train(v1, params(30, 0.2, 4, 2), 3, 0);
    h.train(v1, params(20, 0.3, 3, 3), 0, 4);
    h.train(v1, params(25, 0.1, 2, 4), 0, 0);
    h.train(DatasetRef.parse(DATASET + "@2"), params(30, 0.3, 4, 5), 0, 0);
    for (int r : new int[] {0, 1, 4}) {
      h.versions.add(
          h.home.registerModel(h.runIds.get(r), MODEL, Optional.of("from run " + (r + 1))));
    }
    // v1: the first production model; v2 replaces it; v2 is rolled back to v1.
    h.evaluate(h.versions.get(0).ref());
    h.home.promote(
        PromotionRequest.builder(h.versions.get(0).ref())
            .force("first model, sanity checked")
            .build());
    h.evaluate(h.versions.get(1).ref());
    h.home.promote(PromotionRequest.builder(h.versions.get(1).ref()).force("deeper trees").build());
    h.home.rollback(MODEL, "production", "v2 under investigation");
    h.evaluate(h.versions.get(2).ref());
    h.pipelines();
    return h;
  }

  /** Pipeline {@code loans-daily} ran once and succeeded; {@code loans-broken} failed. */
  private void pipelines() {
    try {
      Path good =
          java.nio.file.Files.writeString(
              dir.resolve("loans-daily.yaml"),
              """
          version: 1
          name: loans-daily
          data: {dataset: loans}
          evaluation: {holdout: 0.2}
          features: {target: default, ids: [loan_id]}
          training: {rounds: 10, seed: 3, params: {max_depth: 3}}
          model: {name: risk-pipeline}
          promote: false
          """);
      dev.boostline.pipeline.Pipeline.read(good).run(home);
      Path bad =
          java.nio.file.Files.writeString(
              dir.resolve("loans-broken.yaml"),
              """
          version: 1
          name: loans-broken
          data: {dataset: loans}
          evaluation: {holdout: 0.2}
          features: {target: no_such_column}
          model: {name: risk-broken}
          """);
      try {
        dev.boostline.pipeline.Pipeline.read(bad).run(home);
      } catch (RuntimeException expected) {
        // Recorded as a failed run, which is what the pages show.
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static XgbParams params(int rounds, double eta, int depth, long seed) {
    return XgbParams.builder()
        .rounds(rounds)
        .eta(eta)
        .maxDepth(depth)
        .seed(seed)
        .nthread(1)
        .build();
  }

  private void train(DatasetRef data, XgbParams params, int cv, int search) {
    TrainOptions options =
        TrainOptions.builder(FeatureSpec.builder().target("default").id("loan_id").build())
            .params(params)
            .earlyStoppingRounds(5)
            .build();
    TrackedTraining.Request request =
        new TrackedTraining.Request(data, options, cv, search, SearchSpace.defaults(), 7, false);
    runIds.add(home.train(request, dev.boostline.train.TrainingListener.NONE).run().runId());
  }

  private void evaluate(ModelRef candidate) {
    home.evaluate(
        EvaluationRequest.builder(candidate, DatasetRef.parse(DATASET + "@1"))
            .slices(List.of("city"))
            .build());
  }

  /** A record the model scores, as the client sends it. */
  static java.util.Map<String, Object> record(SplittableRandom r, int id) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("loan_id", id);
    m.put("income", 40 + 20 * r.nextDouble());
    m.put("debt", 10 * r.nextDouble());
    m.put("age", 20 + r.nextInt(50));
    m.put("city", CITIES.get(r.nextInt(CITIES.size())));
    return m;
  }

  /** {@code n} rows; {@code shift} moves income up (the drift of version 2). */
  static Table table(int n, long seed, double shift) {
    SplittableRandom r = new SplittableRandom(seed);
    IntColumn id = IntColumn.create("loan_id");
    DoubleColumn income = DoubleColumn.create("income");
    DoubleColumn debt = DoubleColumn.create("debt");
    IntColumn age = IntColumn.create("age");
    StringColumn city = StringColumn.create("city");
    StringColumn label = StringColumn.create("default");
    for (int i = 0; i < n; i++) {
      double inc = 30 + 20 * r.nextDouble() + shift * 20;
      double d = 10 * r.nextDouble();
      int a = 20 + r.nextInt(50);
      String c = CITIES.get(r.nextInt(CITIES.size()));
      double z =
          -1.5 + 0.35 * d - 0.04 * (inc - 40) - 0.01 * (a - 45) + (c.equals("Pune") ? 0.8 : 0);
      boolean y = r.nextDouble() < 1 / (1 + Math.exp(-z));
      id.append((int) (seed * 100_000 + i));
      income.append(inc);
      debt.append(d);
      age.append(a);
      city.append(c);
      label.append(y ? "yes" : "no");
    }
    return Table.create("loans", id, income, debt, age, city, label);
  }
}
