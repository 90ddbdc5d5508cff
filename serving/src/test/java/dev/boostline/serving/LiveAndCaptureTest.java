package dev.boostline.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.monitoring.CaptureFiles;
import dev.boostline.monitoring.CaptureOptions;
import dev.boostline.monitoring.Captures;
import dev.boostline.testing.TestModels;
import dev.boostline.util.internal.json.Json;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running server registers itself in the home with a heartbeat holding its live traffic, and
 * deregisters when it stops; a dead one is recognised as stale. With capture on, scored records
 * reach Parquet files off the request path, and a full queue drops rows and counts them.
 */
class LiveAndCaptureTest {
  @TempDir Path home;

  @Test
  void registers_with_live_traffic_and_deregisters_on_close() throws Exception {
    ServerFixture.register(home, "income", TestModels.adult(10, 3), "production");
    ServerStatus s;
    try (ServerFixture f =
        new ServerFixture(
                home,
                ServerFixture.config(home, "income@production").heartbeat(Duration.ofMillis(200)),
                null)
            .start()) {
      String body = Json.toLine(Map.of("records", ServerFixture.adultRecords(3)));
      for (int i = 0; i < 20; i++) {
        assertThat(f.post("/v1/models/income/score", body).status()).isEqualTo(200);
      }
      assertThat(f.post("/v1/models/nope/score", body).status()).isEqualTo(404);
      // The next complete second holds the traffic; the heartbeat publishes it within 200 ms.
      Thread.sleep(2300);
      List<ServerStatus> all = LiveServers.list(home);
      assertThat(all).hasSize(1);
      s = all.get(0);
      assertThat(s.stale()).isFalse();
      assertThat(s.pid()).isEqualTo(ProcessHandle.current().pid());
      assertThat(s.url()).isEqualTo("http://127.0.0.1:" + f.server.port());
      assertThat(s.models()).singleElement().satisfies(m -> assertThat(m.version()).contains(1));
      long requests = s.series().stream().mapToLong(ServerStatus.Second::requests).sum();
      long errors = s.series().stream().mapToLong(ServerStatus.Second::errors).sum();
      assertThat(requests).isEqualTo(21);
      assertThat(errors).isEqualTo(1);
      assertThat(s.series().stream().filter(x -> x.p50Ms().isPresent())).isNotEmpty();
      assertThat(s.drift())
          .singleElement()
          .satisfies(d -> assertThat(d.windowRows()).isEqualTo(60));
      assertThat(LiveServers.get(home, s.id())).isPresent();
    }
    assertThat(LiveServers.list(home)).isEmpty();
    // A registration left by a process that is gone is stale, and prune removes it.
    ServerStatus dead =
        new ServerStatus(
            ServerStatus.FORMAT_VERSION,
            "ghost-1-1",
            s.host(),
            Long.MAX_VALUE - 1,
            "http://127.0.0.1:1",
            Instant.now(),
            Instant.now(),
            Duration.ofSeconds(1),
            List.of(),
            s.window(),
            0,
            List.of(),
            List.of(),
            Optional.empty(),
            false);
    Files.createDirectories(LiveServers.directory(home));
    Files.writeString(LiveServers.directory(home).resolve("ghost-1-1.json"), Json.toLine(dead));
    assertThat(LiveServers.list(home))
        .singleElement()
        .satisfies(x -> assertThat(x.stale()).isTrue());
    assertThat(LiveServers.prune(home)).isEqualTo(1);
    assertThat(LiveServers.list(home)).isEmpty();
  }

  @Test
  void captures_scored_records_with_request_ids_to_parquet() throws Exception {
    ServerFixture.register(home, "income", TestModels.adult(10, 3), "production");
    List<Map<String, Object>> records = ServerFixture.adultRecords(5);
    try (ServerFixture f =
        new ServerFixture(
                home,
                ServerFixture.config(home, "income@production")
                    .capture(1.0)
                    .captureOptions(new CaptureOptions(1 << 20, Duration.ofMinutes(5), 1L << 30)),
                null)
            .start()) {
      var r =
          f.send(
              HttpRequest.newBuilder(f.uri("/v1/models/income/score"))
                  .header("X-Request-Id", "order-17")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          Json.toLine(Map.of("records", records)))));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.raw().headers().firstValue("X-Request-Id")).contains("order-17");
      var generated =
          f.post("/v1/models/income/score", Json.toLine(Map.of("records", records.subList(0, 1))));
      assertThat(generated.raw().headers().firstValue("X-Request-Id").orElseThrow()).hasSize(36);
      assertThat(f.get("/metrics").text()).contains("boostline_capture_rows_total");
    }
    // Closing the server drains the queue and closes the file.
    Captures.Window w = Captures.read(home, "income", Optional.empty(), Optional.empty());
    assertThat(w.rows()).hasSize(6);
    List<Captures.Row> order =
        w.rows().stream().filter(x -> x.requestId().equals("order-17")).toList();
    assertThat(order).extracting(Captures.Row::row).containsExactly(0, 1, 2, 3, 4);
    assertThat(order.get(2).inputs())
        .containsEntry(
            "age",
            records.get(2).get("age") instanceof Integer i ? (long) i : records.get(2).get("age"));
    assertThat(order.get(0).version()).isEqualTo(1);
    assertThat(order.get(0).label()).isPresent();
    assertThat(w.latest().orElseThrow().target()).isEqualTo("income");
    assertThat(w.latest().orElseThrow().columns()).doesNotContainKey("income");
    assertThat(CaptureFiles.list(home, "income")).hasSize(1);
  }

  @Test
  void a_full_capture_queue_drops_rows_and_counts_them_without_failing_requests() throws Exception {
    ServerFixture.register(home, "income", TestModels.adult(10, 3), "production");
    List<Map<String, Object>> records = ServerFixture.adultRecords(1000);
    long dropped;
    try (ServerFixture f =
        new ServerFixture(
                home,
                ServerFixture.config(home, "income@production")
                    .maxBatch(1000)
                    .capture(1.0)
                    .captureQueue(1),
                null)
            .start()) {
      assertThat(
              f.post("/v1/models/income/score", Json.toLine(Map.of("records", records))).status())
          .isEqualTo(200);
      String metrics = f.get("/metrics").text();
      dropped =
          (long)
              Double.parseDouble(
                  metrics
                      .lines()
                      .filter(l -> l.startsWith("boostline_capture_dropped_total"))
                      .findFirst()
                      .orElseThrow()
                      .replaceAll(".* ", ""));
    }
    long captured = Captures.read(home, "income", Optional.empty(), Optional.empty()).rows().size();
    assertThat(dropped).isPositive();
    assertThat(captured + dropped).isEqualTo(1000);
  }
}
