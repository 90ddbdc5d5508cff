package dev.boostline.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.testing.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A corpus of malformed bodies thrown at every scoring endpoint: 4xx in the protocol's format. */
class BadInputTest {
  @TempDir Path home;
  ServerFixture f;

  @BeforeEach
  void start() {
    ServerFixture.register(home, "income", TestModels.adult(10, 4), "production");
    f =
        new ServerFixture(
                home,
                ServerFixture.config(home, "income@production").maxBatch(5).maxBodyBytes(64 * 1024),
                null)
            .start();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  static final String GOOD =
      "{\"age\": 39, \"workclass\": \"State-gov\", \"fnlwgt\": 77516, \"education\": \"Bachelors\","
          + " \"education_num\": 13, \"marital_status\": \"Never-married\", \"occupation\": \"Adm-clerical\","
          + " \"relationship\": \"Not-in-family\", \"race\": \"White\", \"sex\": \"Male\", \"capital_gain\": 2174,"
          + " \"capital_loss\": 0, \"hours_per_week\": 40, \"native_country\": \"United-States\"}";

  static List<String> corpus() {
    List<String> bodies = new ArrayList<>();
    bodies.add("");
    bodies.add("{");
    bodies.add("not json");
    bodies.add("[]");
    bodies.add("null");
    bodies.add("42");
    bodies.add("{\"records\": 3}");
    bodies.add("{\"records\": []}");
    bodies.add("{\"records\": [1, 2]}");
    bodies.add("{\"records\": [" + GOOD.replace("39", "\"thirty-nine\"") + "]}");
    bodies.add("{\"records\": [" + GOOD.replace("\"sex\": \"Male\", ", "") + "]}");
    bodies.add("{\"records\": [" + GOOD.replace("{", "{\"shoe_size\": 44, ") + "]}");
    bodies.add("{\"records\": [" + GOOD.replace("\"Male\"", "{\"nested\": true}") + "]}");
    bodies.add("{\"records\": [" + GOOD.replace("\"Male\"", "7") + "]}");
    bodies.add("{\"records\": [" + GOOD.replace("39", "1e999") + "]}");
    bodies.add("{\"records\": [" + String.join(",", java.util.Collections.nCopies(6, GOOD)) + "]}");
    bodies.add("{\"records\": [" + GOOD + "], \"records\": []}");
    bodies.add("{\"dataframe_split\": {\"columns\": [\"age\"], \"data\": [[1, 2]]}}");
    bodies.add("{\"dataframe_split\": {\"data\": [[1]]}}");
    bodies.add("{\"dataframe_records\": \"x\"}");
    bodies.add("{\"inputs\": [[1, 2]]}");
    bodies.add("{\"inputs\": {\"age\": [1, 2], \"sex\": [\"Male\"]}}");
    bodies.add("{\"input_data\": {\"columns\": [1], \"data\": [[1]]}}");
    bodies.add("{\"dataframe_records\": [], \"inputs\": []}");
    bodies.add("{\"inputs\": []}");
    bodies.add(
        "{\"inputs\": [{\"name\": \"age\", \"shape\": [2], \"datatype\": \"INT64\", \"data\": [1]}]}");
    bodies.add(
        "{\"inputs\": [{\"name\": \"age\", \"shape\": [1], \"datatype\": \"FLOAT\", \"data\": [1]}]}");
    bodies.add(
        "{\"inputs\": [{\"name\": \"age\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [1]}]}");
    bodies.add(
        "{\"inputs\": [{\"name\": \"age\", \"shape\": [1, 1, 1], \"datatype\": \"INT64\", \"data\": [1]}]}");
    bodies.add("{\"inputs\": [{\"shape\": [1], \"datatype\": \"INT64\", \"data\": [1]}]}");
    bodies.add(
        "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 14], \"datatype\": \"FP32\", \"data\": [1]}]}");
    bodies.add("{\"records\": [" + "{\"a\":".repeat(200) + "1" + "}".repeat(200) + "]}");
    bodies.add("{\"records\": [\"" + "x".repeat(70 * 1024) + "\"]}");
    return bodies;
  }

  @Test
  void every_malformed_body_gets_a_4xx_in_the_protocol_error_format() {
    List<String> failures = new ArrayList<>();
    for (String path :
        List.of("/v1/models/income/score", "/v2/models/income/infer", "/invocations", "/score")) {
      for (String body : corpus()) {
        ServerFixture.Response r = f.post(path, body);
        String shown = path + " <- " + (body.length() > 80 ? body.substring(0, 80) + "..." : body);
        if (r.status() < 400 || r.status() >= 500) {
          failures.add(shown + ": status " + r.status() + " " + r.text());
          continue;
        }
        if (r.json() == null) {
          failures.add(shown + ": not JSON: " + r.text());
          continue;
        }
        boolean shape =
            path.startsWith("/v1")
                ? r.json().path("error").path("message").isTextual()
                : path.startsWith("/v2")
                    ? r.json().path("error").isTextual()
                    : r.json().path("message").isTextual()
                        && r.json().path("error_code").isTextual();
        if (!shape) {
          failures.add(shown + ": wrong error format " + r.text());
        }
      }
    }
    assertThat(failures).isEmpty();
    // The server is still healthy and scores.
    assertThat(f.post("/v1/models/income/score", "{\"records\": [" + GOOD + "]}").status())
        .isEqualTo(200);
  }

  @Test
  void errors_name_the_field_and_the_problem() {
    var wrongType =
        f.post("/v1/models/income/score", "{\"records\": [" + GOOD.replace("39", "\"39\"") + "]}");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.json().path("error").path("field").asText()).isEqualTo("age");
    assertThat(wrongType.json().path("error").path("message").asText())
        .isEqualTo("column \"age\": \"39\" is not a number");
    var missing =
        f.post(
            "/v1/models/income/score",
            "{\"records\": [" + GOOD.replace("\"sex\": \"Male\", ", "") + "]}");
    assertThat(missing.json().path("error").path("message").asText())
        .isEqualTo("the record has no column \"sex\"");
    var extra =
        f.post(
            "/v1/models/income/score",
            "{\"records\": [" + GOOD.replace("{", "{\"shoe_size\": 44, ") + "]}");
    assertThat(extra.json().path("error").path("field").asText()).isEqualTo("shoe_size");
    var big =
        f.post(
            "/v1/models/income/score",
            "{\"records\": [" + String.join(",", java.util.Collections.nCopies(6, GOOD)) + "]}");
    assertThat(big.status()).isEqualTo(413);
    var unknown = f.post("/v1/models/nope/score", "{\"records\": [" + GOOD + "]}");
    assertThat(unknown.status()).isEqualTo(404);
    var huge =
        f.post("/v1/models/income/score", "{\"records\": [\"" + "x".repeat(70 * 1024) + "\"]}");
    assertThat(huge.status()).isEqualTo(413);
    var target =
        f.post(
            "/v1/models/income/score",
            "{\"records\": [" + GOOD.replace("{", "{\"income\": \">50K\", ") + "]}");
    assertThat(target.status()).as("the target column is known and ignored").isEqualTo(200);
  }
}
