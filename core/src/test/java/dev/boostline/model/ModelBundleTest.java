package dev.boostline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
  @TempDir Path dir;

  private static ModelBundle bundle() {
    return TestModels.adult(8, 5);
  }

  @Test
  void writes_an_mlflow_directory_and_reads_it_back() throws Exception {
    ModelBundle bundle = bundle();
    bundle.write(dir);
    var yaml = dev.boostline.util.internal.json.Json.yaml();
    var mlmodel = yaml.readTree(dir.resolve("MLmodel").toFile());
    var pyfunc = mlmodel.path("flavors").path("python_function");
    assertThat(pyfunc.path("loader_module").asText()).isEqualTo("boostline_pyfunc");
    assertThat(pyfunc.path("code").asText()).isEqualTo("code");
    assertThat(pyfunc.path("data").asText()).isEqualTo("model.ubj");
    assertThat(pyfunc.path("env").path("virtualenv").asText()).isEqualTo("python_env.yaml");
    var xgb = mlmodel.path("flavors").path("xgboost");
    assertThat(xgb.path("model_format").asText()).isEqualTo("ubj");
    assertThat(xgb.path("xgb_version").asText()).isEqualTo("3.4.0");
    assertThat(xgb.get("code").isNull()).isTrue();
    assertThat(mlmodel.path("utc_time_created").isTextual()).isTrue();
    // The signature is the raw input columns, as JSON text inside the YAML.
    var inputs =
        dev.boostline.util.internal.json.Json.mapper()
            .readTree(mlmodel.path("signature").path("inputs").asText());
    List<String> names = new ArrayList<>();
    inputs.forEach(c -> names.add(c.path("name").asText()));
    assertThat(names).isEqualTo(bundle.manifest().features().requiredColumns());
    assertThat(inputs.get(0).path("type").asText()).isEqualTo("double");
    assertThat(Files.readAllLines(dir.resolve("requirements.txt")))
        .containsExactly("mlflow==2.19.0", "xgboost==3.4.0", "pandas==2.2.3", "numpy==1.26.4");
    var conda = yaml.readTree(dir.resolve("conda.yaml").toFile());
    assertThat(conda.path("dependencies").get(0).asText()).isEqualTo("python=3.11.7");
    assertThat(conda.path("dependencies").get(2).path("pip").toString())
        .contains("xgboost==3.4.0", "pandas==2.2.3");
    var env = yaml.readTree(dir.resolve("python_env.yaml").toFile());
    assertThat(env.path("dependencies").get(0).asText()).isEqualTo("-r requirements.txt");
    var example =
        dev.boostline.util.internal.json.Json.mapper()
            .readTree(dir.resolve("input_example.json").toFile());
    assertThat(example.path("columns").size()).isEqualTo(names.size());
    assertThat(example.path("data").get(0).size()).isEqualTo(names.size());
    assertThat(dir.resolve("code/boostline_pyfunc.py"))
        .hasBinaryContent(ModelBundle.loaderSource());
    ModelBundle back = ModelBundle.read(dir);
    assertThat(back.manifest().golden()).hasSize(20);
    assertThat(back.manifest().golden()).anyMatch(g -> g.record().containsValue(null));
    try (Scorer s = back.open()) {
      assertThat(s.task()).isEqualTo(dev.boostline.task.Task.BINARY);
    }
  }

  @Test
  void a_new_bundle_holds_exactly_the_rounds_it_scores_with() {
    var result = TestModels.adultEarlyStoppedResult(60, 4);
    assertThat(result.roundsTrained())
        .as("early stopping left rounds after the best one")
        .isGreaterThan(result.bestIteration() + 1);
    ModelBundle bundle = TestModels.bundle(result, TestModels.adultSample(), 4);
    assertThat(bundle.modelRounds()).isEqualTo(result.bestIteration() + 1);
    assertThat(bundle.manifest().bestIteration()).isEqualTo(result.bestIteration());
    assertThat(bundle.withExactTrees()).isSameAs(bundle);
    try (var full =
            dev.boostline.xgboost.internal.NativeEngine.load(
                result.model(),
                result.bestIteration() + 1,
                result.features().featureNames(),
                result.features().featureTypes());
        Scorer s = bundle.open()) {
      var table = TestModels.adultSample().table().inRange(0, 300);
      float[] x = result.features().transform(table, null);
      assertThat(s.outputs(table)).isDeepEqualTo(full.predict(x, 300, result.features().size()));
    }
  }

  @Test
  void bundles_written_with_extra_trees_keep_loading_and_scoring_with_the_best_round()
      throws Exception {
    // Written by an earlier Boostline: 10 rounds in model.ubj, best iteration 4.
    Path old = Path.of("src/test/resources/formats/v1/home/models/people/1");
    ModelBundle bundle = ModelBundle.read(old);
    assertThat(bundle.manifest().bestIteration()).isEqualTo(4);
    assertThat(bundle.modelRounds()).isEqualTo(10);
    List<Map<String, Object>> records =
        bundle.manifest().golden().stream().map(BundleManifest.GoldenRow::record).toList();
    ModelBundle exact = bundle.withExactTrees();
    assertThat(exact.modelRounds()).isEqualTo(5);
    assertThat(exact.manifest().files().get(ModelBundle.MODEL))
        .isNotEqualTo(bundle.manifest().files().get(ModelBundle.MODEL));
    exact.write(dir);
    // open() re-scores the golden rows recorded with the 10-round file, bit for bit.
    try (Scorer before = bundle.open();
        Scorer after = ModelBundle.read(dir).open()) {
      assertThat(after.outputs(records)).isDeepEqualTo(before.outputs(records));
    }
  }

  @Test
  void refuses_a_bundle_whose_golden_rows_differ() throws Exception {
    bundle().write(dir);
    Path manifest = dir.resolve("boostline.json");
    var json =
        dev.boostline.util.internal.json.Json.mapper().readTree(Files.readAllBytes(manifest));
    var outputs =
        (com.fasterxml.jackson.databind.node.ArrayNode) json.get("golden").get(3).get("outputs");
    outputs.set(0, outputs.get(0).floatValue() + 1e-3f);
    Files.write(manifest, dev.boostline.util.internal.json.Json.toBytes(json));
    ModelBundle tampered = ModelBundle.read(dir);
    assertThatThrownBy(tampered::open)
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("golden row 4 scores");
  }

  @Test
  void refuses_an_unknown_format_version_and_a_missing_model() throws Exception {
    bundle().write(dir);
    Path manifest = dir.resolve("boostline.json");
    Files.writeString(
        manifest,
        Files.readString(manifest).replace("\"formatVersion\" : 1,", "\"formatVersion\" : 7,"),
        StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ModelBundle.read(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("bundle format 7 is not one this Boostline reads");
    assertThatThrownBy(() -> ModelBundle.read(dir.resolve("nowhere")))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("is not a model bundle");
  }

  @Test
  void batch_and_record_scoring_give_identical_bits() {
    try (Scorer s = bundle().open()) {
      var data = TestModels.adultSample();
      float[][] batch = s.outputs(data.table());
      List<Map<String, ?>> records = new ArrayList<>();
      for (int r = 0; r < 200; r++) {
        Map<String, Object> rec = new java.util.HashMap<>();
        for (var c : data.table().columns()) {
          rec.put(c.name(), c.isMissing(r) ? null : c.get(r));
        }
        records.add(rec);
      }
      float[][] single = s.outputs(records);
      for (int r = 0; r < 200; r++) {
        assertThat(Float.floatToIntBits(single[r][0])).isEqualTo(Float.floatToIntBits(batch[r][0]));
      }
      Prediction p = s.score(records.get(0));
      assertThat(p.label()).isPresent();
      assertThat(p.probability().orElseThrow()).isEqualTo((double) batch[0][0]);
      float[][] shap = s.contributions(records.subList(0, 3));
      assertThat(shap[0]).hasSize(s.features().size() + 1);
      // Contributions plus bias add up to the margin: logit(p).
      double margin = 0;
      for (float v : shap[0]) {
        margin += v;
      }
      double p0 = batch[0][0];
      assertThat(margin)
          .isCloseTo(Math.log(p0 / (1 - p0)), org.assertj.core.data.Offset.offset(1e-3));
    }
  }

  @Test
  void close_waits_for_calls_in_flight_and_refuses_new_ones() throws Exception {
    Scorer s = bundle().open();
    var record = bundle().manifest().golden().get(0).record();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    float expected = bundle().manifest().golden().get(0).outputs().get(0);
    java.util.concurrent.atomic.AtomicInteger scored =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean closing =
        new java.util.concurrent.atomic.AtomicBoolean();
    try {
      List<Future<Integer>> calls = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        calls.add(
            pool.submit(
                () -> {
                  int refused = 0;
                  for (int i = 0; i < 20_000; i++) {
                    try {
                      float[][] out = s.outputs(List.of(record));
                      // A call that got in scores right, also while close() runs.
                      assertThat(out[0][0]).isEqualTo(expected);
                      scored.incrementAndGet();
                    } catch (IllegalStateException e) {
                      assertThat(e).hasMessage("the scorer is closed");
                      assertThat(closing.get()).as("refused before close() was called").isTrue();
                      refused++;
                    }
                  }
                  return refused;
                }));
      }
      while (scored.get() < 100) {
        Thread.onSpinWait();
      }
      closing.set(true);
      s.close();
      int refused = 0;
      for (Future<Integer> f : calls) {
        refused += f.get(30, TimeUnit.SECONDS); // no crash, no use-after-free
      }
      assertThat(scored.get()).isGreaterThanOrEqualTo(100);
      assertThat(refused).as("calls after close are refused").isPositive();
      assertThatThrownBy(() -> s.outputs(List.of(record)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the scorer is closed");
    } finally {
      pool.shutdownNow();
    }
  }
}
