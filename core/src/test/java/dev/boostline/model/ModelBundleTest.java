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
    bundle().write(dir);
    String mlmodel = Files.readString(dir.resolve("MLmodel"));
    assertThat(mlmodel)
        .contains("loader_module: mlflow.xgboost")
        .contains("model_format: ubj")
        .contains("xgb_version: 3.4.0")
        .contains("signature:")
        .contains("\"name\":\"age\"");
    assertThat(Files.readString(dir.resolve("requirements.txt"))).contains("xgboost==3.4.0");
    assertThat(Files.readString(dir.resolve("conda.yaml"))).contains("xgboost==3.4.0");
    assertThat(Files.readString(dir.resolve("input_example.json"))).contains("\"columns\"");
    ModelBundle back = ModelBundle.read(dir);
    assertThat(back.manifest().golden()).hasSize(20);
    assertThat(back.manifest().golden()).anyMatch(g -> g.record().containsValue(null));
    try (Scorer s = back.open()) {
      assertThat(s.task()).isEqualTo(dev.boostline.task.Task.BINARY);
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
