package dev.boostline.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boostline.testing.TestModels;
import dev.boostline.util.internal.json.Json;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (the Debian package {@code prometheus}, started here as a child process)
 * scrapes {@code /metrics} of a real server and sees the documented series with their bounded
 * labels: the exposition parses, counters and histogram buckets arrive with the route template as
 * the endpoint, drift gauges are numbers once the window holds enough rows, and PromQL can compute
 * a latency quantile from the buckets.
 *
 * <p>Skipped when no {@code prometheus} binary is installed ({@code apt-get install prometheus}).
 */
@Tag("slow")
class PrometheusScrapeTest {
  private static final String SCORE = "/v1/models/{name}/score";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path home;
  @TempDir Path prom;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void a_real_prometheus_scrapes_the_request_latency_drift_and_memory_series() throws Exception {
    Optional<Path> binary = prometheusBinary();
    assumeTrue(binary.isPresent(), "no prometheus binary on PATH (apt-get install prometheus)");
    ServerFixture.register(home, "income", TestModels.adult(20, 4), "production");
    // A window of 100 rows that gives figures from 50: the 210 rows below fill it.
    try (ServerFixture f =
        new ServerFixture(
                home, ServerFixture.config(home, "income@production").drift(100, 50), null)
            .start()) {
      List<Map<String, Object>> records = ServerFixture.adultRecords(200);
      for (int i = 0; i < 10; i++) {
        var r =
            f.post(
                "/v1/models/income/score",
                Json.toLine(Map.of("records", records.subList(i * 20, i * 20 + 20))));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
      }
      for (int i = 0; i < 2; i++) {
        var r =
            f.post(
                "/invocations",
                Json.toLine(Map.of("dataframe_records", records.subList(i * 5, i * 5 + 5))));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
      }
      assertThat(f.post("/v1/models/income/score", "{bad json").status()).isEqualTo(400);
      // A name that is not served must not become a label value of its own.
      assertThat(f.post("/v1/models/no-such-model/score", "{\"records\": [{}]}").status())
          .isEqualTo(404);

      int port = freePort();
      String target = "127.0.0.1:" + f.server.port();
      Path config = prom.resolve("prometheus.yml");
      Files.writeString(
          config,
          String.join(
              "\n",
              "global:",
              "  scrape_interval: 1s",
              "  evaluation_interval: 1s",
              "scrape_configs:",
              "  - job_name: boostline",
              "    metrics_path: /metrics",
              "    static_configs:",
              "      - targets: ['" + target + "']",
              ""));
      Path log = prom.resolve("prometheus.log");
      long started = System.nanoTime();
      Process p =
          new ProcessBuilder(
                  binary.get().toString(),
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + prom.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      try {
        Prometheus api = new Prometheus(port, p, log, System.nanoTime() + WAIT.toNanos());

        JsonNode up = api.await("up{job=\"boostline\"}", r -> value(r.get(0)) == 1.0);
        assertThat(up.get(0).path("metric").path("instance").asText()).isEqualTo(target);
        JsonNode health = api.target();
        assertThat(health.path("health").asText()).isEqualTo("up");
        assertThat(health.path("lastError").asText()).as("scrape error").isEmpty();

        JsonNode requests = api.await("boostline_requests_total", r -> r.size() >= 4);
        assertThat(requests).hasSize(4);
        assertThat(labels(requests, "model")).containsOnly("income", "unknown");
        assertThat(series(requests, "income", "1", SCORE, "success")).isEqualTo(10.0);
        assertThat(series(requests, "income", "1", SCORE, "client_error")).isEqualTo(1.0);
        assertThat(series(requests, "income", "1", "/invocations", "success")).isEqualTo(2.0);
        assertThat(series(requests, "unknown", "none", SCORE, "client_error")).isEqualTo(1.0);
        for (JsonNode s : requests) {
          assertThat(s.path("metric").path("job").asText()).isEqualTo("boostline");
        }

        JsonNode buckets =
            api.await(
                "boostline_request_latency_seconds_bucket{model=\"income\",endpoint=\""
                    + SCORE
                    + "\"}",
                r -> r.size() > 1);
        assertThat(buckets.size()).as("histogram buckets").isGreaterThan(10);
        assertThat(labels(buckets, "version")).containsOnly("1");
        JsonNode inf =
            stream(buckets)
                .filter(b -> b.path("metric").path("le").asText().equals("+Inf"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no +Inf bucket in " + buckets));
        assertThat(value(inf)).as("requests in the +Inf bucket").isEqualTo(11.0);
        JsonNode p99 =
            api.await(
                "histogram_quantile(0.99, sum by (le) (boostline_request_latency_seconds_bucket{"
                    + "endpoint=\""
                    + SCORE
                    + "\",model=\"income\"}))",
                r -> r.size() == 1);
        assertThat(value(p99.get(0))).as("p99 latency, s").isStrictlyBetween(0.0, 30.0);

        JsonNode rows = api.await("boostline_drift_window_rows", r -> r.size() == 1);
        assertThat(rows.get(0).path("metric").path("model").asText()).isEqualTo("income");
        assertThat(rows.get(0).path("metric").path("version").asText()).isEqualTo("1");
        assertThat(value(rows.get(0))).as("rows in the drift window").isEqualTo(100.0);

        JsonNode psi = api.await("boostline_drift_psi{model=\"income\"}", r -> r.size() > 1);
        assertThat(labels(psi, "feature")).contains("age", "education", "hours_per_week");
        for (JsonNode s : psi) {
          assertThat(value(s))
              .as("PSI of %s", s.path("metric").path("feature").asText())
              .isBetween(0.0, 20.0);
        }
        JsonNode scorePsi = api.await("boostline_drift_score_psi", r -> r.size() == 1);
        assertThat(value(scorePsi.get(0))).as("score PSI").isBetween(0.0, 20.0);

        JsonNode rss = api.await("boostline_process_resident_memory_bytes", r -> r.size() == 1);
        assertThat(value(rss.get(0))).as("resident bytes").isGreaterThan(32.0 * (1 << 20));
        System.out.printf(
            Locale.ROOT,
            "prometheus: every series seen %.1f s after start (%d buckets, %d PSI gauges)%n",
            (System.nanoTime() - started) / 1e9,
            buckets.size(),
            psi.size());
      } finally {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      assertThat(p.exitValue()).as("prometheus exit code after SIGTERM").isZero();
    }
  }

  /** Prometheus's HTTP API until a deadline shared by every wait. */
  private final class Prometheus {
    private final int port;
    private final Process process;
    private final Path log;
    private final long deadline;

    Prometheus(int port, Process process, Path log, long deadline) {
      this.port = port;
      this.process = process;
      this.log = log;
      this.deadline = deadline;
    }

    /** Polls an instant query until its result vector satisfies {@code done}. */
    JsonNode await(String promql, Predicate<JsonNode> done) throws Exception {
      JsonNode last = null;
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          fail("prometheus exited with " + process.exitValue() + ":\n" + tail());
        }
        Optional<JsonNode> body =
            get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (body.isPresent()) {
          assertThat(body.get().path("status").asText())
              .as(body.get().toString())
              .isEqualTo("success");
          last = body.get().path("data").path("result");
          if (last.size() > 0 && done.test(last)) {
            return last;
          }
        }
        Thread.sleep(250);
      }
      return fail(
          "no answer to "
              + promql
              + " within "
              + WAIT
              + "; last result "
              + last
              + "; targets "
              + get("/api/v1/targets").orElse(null)
              + "\n"
              + tail());
    }

    /** The one scrape target, as /api/v1/targets reports it. */
    JsonNode target() throws Exception {
      JsonNode active = get("/api/v1/targets").orElseThrow().path("data").path("activeTargets");
      assertThat(active).hasSize(1);
      return active.get(0);
    }

    private Optional<JsonNode> get(String path) throws InterruptedException {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200
            ? Optional.of(Json.mapper().readTree(r.body()))
            : Optional.empty();
      } catch (IOException e) {
        return Optional.empty(); // not listening yet
      }
    }

    private String tail() {
      try {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
      } catch (IOException e) {
        return "(no log: " + e.getMessage() + ")";
      }
    }
  }

  private static double series(
      JsonNode result, String model, String version, String endpoint, String outcome) {
    List<JsonNode> found =
        stream(result)
            .filter(
                s -> {
                  JsonNode m = s.path("metric");
                  return m.path("model").asText().equals(model)
                      && m.path("version").asText().equals(version)
                      && m.path("endpoint").asText().equals(endpoint)
                      && m.path("outcome").asText().equals(outcome);
                })
            .toList();
    assertThat(found)
        .as("series %s/%s/%s/%s in %s", model, version, endpoint, outcome, result)
        .hasSize(1);
    return value(found.get(0));
  }

  private static List<String> labels(JsonNode result, String label) {
    return stream(result).map(s -> s.path("metric").path(label).asText()).distinct().toList();
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out.stream();
  }

  /** The sample value of an instant-vector element ({@code "value": [time, "text"]}). */
  private static double value(JsonNode sample) {
    return Double.parseDouble(sample.path("value").get(1).asText());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static Optional<Path> prometheusBinary() {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
    return Stream.of(path.split(File.pathSeparator))
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, "prometheus"))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
