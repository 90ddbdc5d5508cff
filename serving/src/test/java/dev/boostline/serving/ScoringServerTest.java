package dev.boostline.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boostline.model.Scorer;
import dev.boostline.registry.ModelRef;
import dev.boostline.testing.TestModels;
import dev.boostline.util.internal.json.Json;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.columns.Column;

class ScoringServerTest {
  @TempDir Path home;
  ServerFixture f;
  List<Map<String, Object>> records;

  @BeforeEach
  void start() {
    ServerFixture.register(home, "income", TestModels.adult(20, 4), "production");
    ServerFixture.register(home, "numeric", TestModels.adultNumeric(20, 4), null);
    f =
        new ServerFixture(
                home,
                ServerFixture.config(home, "income@production", "numeric@1").maxBatch(500),
                null)
            .start();
    var data = TestModels.adultSample();
    records = new ArrayList<>();
    for (int r = 0; r < 40; r++) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Column<?> c : data.table().columns()) {
        m.put(c.name(), c.isMissing(r) ? null : c.get(r));
      }
      records.add(m);
    }
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private float[][] expected(String model, List<Map<String, Object>> recs) {
    try (Scorer s = f.registry.bundle(ModelRef.parse(model)).open()) {
      return s.outputs(recs);
    }
  }

  private static String json(Object o) {
    return Json.toLine(o);
  }

  private static float f32(JsonNode n) {
    return Float.parseFloat(n.asText());
  }

  @Test
  void every_endpoint_gives_the_in_process_scores_bit_for_bit() {
    float[][] want = expected("income@1", records);
    var nat = f.post("/v1/models/income/score", json(Map.of("records", records)));
    assertThat(nat.status()).as(nat.text()).isEqualTo(200);
    assertThat(nat.json().path("version").asInt()).isEqualTo(1);
    var mlRecords = f.post("/invocations", json(Map.of("dataframe_records", records)));
    List<String> columns = new ArrayList<>(records.get(0).keySet());
    List<List<Object>> rows = new ArrayList<>();
    for (Map<String, Object> r : records) {
      rows.add(columns.stream().map(r::get).toList());
    }
    var split =
        f.post(
            "/invocations",
            json(Map.of("dataframe_split", Map.of("columns", columns, "data", rows))));
    var azure =
        f.post(
            "/score",
            json(
                Map.of(
                    "input_data", Map.of("columns", columns, "index", List.of(), "data", rows))));
    Map<String, List<Object>> byColumn = new LinkedHashMap<>();
    for (String c : columns) {
      byColumn.put(c, records.stream().map(r -> r.get(c)).toList());
    }
    var inputs = f.post("/invocations", json(Map.of("inputs", byColumn)));
    List<Map<String, Object>> tensors = new ArrayList<>();
    for (String c : columns) {
      Object sample =
          records.stream().map(r -> r.get(c)).filter(v -> v != null).findFirst().orElse("");
      String type = sample instanceof String ? "BYTES" : sample instanceof Long ? "INT64" : "FP64";
      tensors.add(
          Map.of(
              "name",
              c,
              "shape",
              List.of(records.size()),
              "datatype",
              type,
              "data",
              byColumn.get(c)));
    }
    var infer = f.post("/v2/models/income/infer", json(Map.of("id", "req-1", "inputs", tensors)));
    assertThat(infer.status()).as(infer.text()).isEqualTo(200);
    assertThat(infer.json().path("id").asText()).isEqualTo("req-1");
    for (int i = 0; i < records.size(); i++) {
      int bits = Float.floatToIntBits(want[i][0]);
      assertThat(
              Float.floatToIntBits(f32(nat.json().path("predictions").get(i).path("probability"))))
          .isEqualTo(bits);
      for (var r : List.of(mlRecords, split, azure, inputs)) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(Float.floatToIntBits(f32(r.json().path("predictions").get(i)))).isEqualTo(bits);
      }
      assertThat(Float.floatToIntBits(f32(infer.json().path("outputs").get(0).path("data").get(i))))
          .isEqualTo(bits);
    }
    assertThat(nat.json().path("predictions").get(0).path("label").asText()).isIn("<=50K", ">50K");
  }

  @Test
  void a_two_dimensional_tensor_scores_a_numeric_model() {
    var numericRecords = new ArrayList<Map<String, Object>>();
    List<String> cols =
        List.of("age", "fnlwgt", "education_num", "capital_gain", "capital_loss", "hours_per_week");
    List<List<Object>> rows = new ArrayList<>();
    for (Map<String, Object> r : records) {
      Map<String, Object> m = new HashMap<>();
      cols.forEach(c -> m.put(c, r.get(c)));
      numericRecords.add(m);
      rows.add(cols.stream().map(r::get).toList());
    }
    float[][] want = expected("numeric@1", numericRecords);
    var meta = f.get("/v2/models/numeric");
    assertThat(meta.json().path("inputs")).hasSize(6);
    assertThat(meta.json().path("inputs").get(0).path("datatype").asText()).isEqualTo("INT64");
    var infer =
        f.post(
            "/v2/models/numeric/infer",
            json(
                Map.of(
                    "inputs",
                    List.of(
                        Map.of(
                            "name",
                            "x",
                            "shape",
                            List.of(rows.size(), 6),
                            "datatype",
                            "INT64",
                            "data",
                            rows)))));
    assertThat(infer.status()).as(infer.text()).isEqualTo(200);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(f32(infer.json().path("outputs").get(0).path("data").get(i)))
          .isEqualTo(want[i][0]);
    }
  }

  @Test
  void explanations_add_up_to_the_margin() {
    var r =
        f.post(
            "/v1/models/income/score?explain=true", json(Map.of("records", records.subList(0, 3))));
    assertThat(r.status()).isEqualTo(200);
    JsonNode e = r.json().path("explanations").get(0);
    double sum = e.path("bias").asDouble();
    for (JsonNode v : e.path("contributions")) {
      sum += v.asDouble();
    }
    double p = r.json().path("predictions").get(0).path("probability").asDouble();
    assertThat(sum).isCloseTo(Math.log(p / (1 - p)), org.assertj.core.data.Offset.offset(1e-3));
  }

  @Test
  void health_models_and_metadata() {
    assertThat(f.get("/v2/health/live").json().path("live").asBoolean()).isTrue();
    assertThat(f.get("/v2/health/ready").status()).isEqualTo(200);
    assertThat(f.get("/v2/models/income/ready").json().path("ready").asBoolean()).isTrue();
    JsonNode list = f.get("/v1/models").json().path("models");
    assertThat(list).hasSize(2);
    assertThat(list.get(0).path("ref").asText()).isEqualTo("income@production");
    assertThat(list.get(0).path("version").asInt()).isEqualTo(1);
    assertThat(f.get("/v2/models/income").json().path("outputs").get(1).path("name").asText())
        .isEqualTo("label");
    assertThat(f.get("/v2/models/nope").status()).isEqualTo(404);
  }

  @Test
  void metrics_expose_requests_latency_rows_and_drift() {
    for (int i = 0; i < 15; i++) {
      f.post("/v1/models/income/score", json(Map.of("records", records)));
    }
    f.post("/v1/models/income/score", "{bad json");
    String m = f.get("/metrics").text();
    assertThat(m)
        .contains(
            "boostline_requests_total{endpoint=\"/v1/models/{name}/score\",model=\"income\",outcome=\"success\",version=\"1\"} 15.0")
        .contains("boostline_request_latency_seconds_bucket")
        .contains("boostline_rows_scored_total{model=\"income\",version=\"1\"} 600.0")
        .contains("boostline_drift_window_rows{model=\"income\",version=\"1\"} 600.0")
        .contains("boostline_drift_psi{feature=\"age\",model=\"income\",version=\"1\"}")
        .contains("boostline_drift_score_psi")
        .contains("boostline_process_resident_memory_bytes")
        .contains("jvm_memory_used_bytes")
        .contains("outcome=\"client_error\"");
    // 600 rows is above the default minimum of 500: PSI is a number, not NaN.
    String psi =
        m.lines()
            .filter(l -> l.startsWith("boostline_drift_psi{feature=\"age\",model=\"income\""))
            .findFirst()
            .orElseThrow();
    assertThat(Double.parseDouble(psi.substring(psi.lastIndexOf(' ') + 1))).isBetween(0.0, 5.0);
  }

  @Test
  void overload_gets_503_with_retry_after() throws Exception {
    f.close();
    f =
        new ServerFixture(home, ServerFixture.config(home, "income@production").maxPending(1), null)
            .start();
    // Hold the only slot: a request whose body never finishes arriving.
    try (Socket slow = new Socket("127.0.0.1", f.server.port())) {
      OutputStream out = slow.getOutputStream();
      String head = "{\"records\": [";
      out.write(
          ("POST /v1/models/income/score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  + "Connection: close\r\nContent-Length: 100000\r\n\r\n"
                  + head)
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // Wait until the server holds it (in flight), then any other scoring request is refused.
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!f.get("/metrics").text().contains("boostline_requests_inflight 1.0")) {
        assertThat(System.nanoTime())
            .as("the slow request never got in flight")
            .isLessThan(deadline);
        Thread.sleep(20);
      }
      ServerFixture.Response r =
          f.post("/v1/models/income/score", json(Map.of("records", records.subList(0, 1))));
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.raw().headers().firstValue("Retry-After")).contains("1");
      assertThat(r.json().path("error").path("code").asText()).isEqualTo("OVERLOADED");
      // The held request completes normally once its body arrives, and frees the slot.
      String full = json(Map.of("records", records.subList(0, 1)));
      StringBuilder rest = new StringBuilder(full.substring(full.indexOf('[') + 1));
      while (head.length() + rest.length() < 100_000) {
        rest.append(' ');
      }
      out.write(rest.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      String answer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 200").contains("\"predictions\"");
    }
    assertThat(
            f.post("/v1/models/income/score", json(Map.of("records", records.subList(0, 1))))
                .status())
        .isEqualTo(200);
    assertThat(f.get("/metrics").text())
        .contains("boostline_requests_rejected_total{reason=\"overload\"}");
  }
}
