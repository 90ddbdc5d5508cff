package dev.boostline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.boostline.Boostline;
import dev.boostline.common.BoostlineException;
import dev.boostline.common.ConflictException;
import dev.boostline.testing.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Triggers fire real pipeline runs on slices of adult. Time is a clock the test moves: a schedule
 * is tested without waiting for it.
 */
@Tag("slow")
class PipelineWatcherTest {
  @TempDir static Path data;
  @TempDir Path dir;
  private Boostline home;
  private Pipeline pipeline;
  private final List<WatchEvent> events = new CopyOnWriteArrayList<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T02:59:00Z"));

  @BeforeAll
  static void slices() throws IOException {
    List<String> train = Files.readAllLines(TestData.file("adult/adult_train.csv"));
    List<String> test = Files.readAllLines(TestData.file("adult/adult_test.csv"));
    Files.write(data.resolve("jan.csv"), train.subList(0, 2001));
    Files.write(data.resolve("feb.csv"), concat(train.get(0), train.subList(2001, 4001)));
    Files.write(data.resolve("test.csv"), test.subList(0, 1001));
  }

  private static List<String> concat(String header, List<String> rows) {
    List<String> out = new java.util.ArrayList<>();
    out.add(header);
    out.addAll(rows);
    return out;
  }

  @BeforeEach
  void pipeline() {
    home = Boostline.open(dir.resolve("home"));
    Path file =
        TestData.write(
            dir,
            "income.yaml",
            """
            version: 1
            data: {dataset: adult, file: %s}
            evaluation: {dataset: adult-test, file: %s}
            features: {target: income}
            training: {rounds: 5, seed: 1}
            model: {name: income}
            """
                .formatted(data.resolve("jan.csv"), data.resolve("test.csv")));
    pipeline = Pipeline.read(file);
  }

  private PipelineWatcher.Builder watcher() {
    return PipelineWatcher.builder(pipeline, home).clock(clock).listener(events::add);
  }

  private List<String> kinds() {
    return events.stream()
        .filter(e -> e.kind() != WatchEvent.Kind.INFO)
        .map(e -> e.kind() + " " + e.message())
        .toList();
  }

  @Test
  void a_schedule_fires_on_time_and_never_twice_over_a_run_in_progress() throws Exception {
    try (PipelineWatcher w =
        watcher().schedule(Schedule.parse("0 3 * * *", ZoneOffset.UTC)).open()) {
      w.tick();
      assertThat(w.nextScheduled()).contains(Instant.parse("2026-12-07T03:00:00Z"));
      assertThat(kinds()).isEmpty();
      // Others see who watches, on what, and when it fires next.
      WatcherStatus status = PipelineWatcher.status(home.home(), "income").orElseThrow();
      assertThat(status.pid()).isEqualTo(ProcessHandle.current().pid());
      assertThat(status.schedule()).contains("0 3 * * * (Z)");
      assertThat(status.nextScheduled()).contains(Instant.parse("2026-12-07T03:00:00Z"));
      assertThat(status.folder()).isEmpty();
      assertThat(status.drift()).isEmpty();
      assertThat(status.alive(status.heartbeat())).isTrue();
      assertThat(status.alive(status.heartbeat().plus(Duration.ofMinutes(1)))).isFalse();
      clock.set(Instant.parse("2026-12-07T03:00:05Z"));
      w.tick();
      // The next day comes while the first run is still going: skipped, not queued.
      clock.set(Instant.parse("2026-12-08T03:00:01Z"));
      w.tick();
      assertThat(w.awaitIdle(Duration.ofMinutes(2))).isTrue();
      assertThat(kinds())
          .first()
          .asString()
          .startsWith("TRIGGERED schedule (0 3 * * * at 2026-12-07T03:00:00Z)");
      assertThat(kinds())
          .anyMatch(k -> k.startsWith("SKIPPED schedule due at 2026-12-08T03:00:00Z"));
      assertThat(kinds()).anyMatch(k -> k.startsWith("RUN_FINISHED"));
      assertThat(PipelineRuns.open(home.home()).list("income")).hasSize(1);
      assertThat(w.state().lastSchedule()).contains(Instant.parse("2026-12-08T03:00:00Z"));
    }
    // Stopped over the next occurrence: on restart it runs once, not once per missed day.
    events.clear();
    clock.set(Instant.parse("2026-12-11T09:00:00Z"));
    try (PipelineWatcher w =
        watcher().schedule(Schedule.parse("0 3 * * *", ZoneOffset.UTC)).open()) {
      w.tick();
      w.tick();
      assertThat(w.awaitIdle(Duration.ofMinutes(2))).isTrue();
      assertThat(kinds()).filteredOn(k -> k.startsWith("TRIGGERED")).hasSize(1);
      assertThat(w.nextScheduled()).contains(Instant.parse("2026-12-12T03:00:00Z"));
      assertThat(PipelineWatcher.status(home.home(), "income").orElseThrow().nextScheduled())
          .contains(Instant.parse("2026-12-12T03:00:00Z"));
    }
    // A closed watcher leaves no status behind.
    assertThat(PipelineWatcher.status(home.home(), "income")).isEmpty();
    assertThat(PipelineRuns.open(home.home()).list("income"))
        .extracting(r -> r.trigger().kind())
        .containsOnly(PipelineRun.Trigger.Kind.SCHEDULE);
  }

  @Test
  void a_file_landing_in_the_folder_starts_one_run_once_it_is_complete() throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    try (PipelineWatcher w = watcher().folder(inbox).stableFor(Duration.ofSeconds(10)).open()) {
      // Half a file: not complete while it grows, nor right after it stops growing.
      byte[] feb = Files.readAllBytes(data.resolve("feb.csv"));
      Files.write(inbox.resolve("feb.csv"), java.util.Arrays.copyOf(feb, feb.length / 2));
      w.tick();
      clock.advance(Duration.ofSeconds(5));
      Files.write(inbox.resolve("feb.csv"), feb);
      w.tick();
      clock.advance(Duration.ofSeconds(5));
      w.tick();
      assertThat(kinds()).isEmpty();
      clock.advance(Duration.ofSeconds(6));
      w.tick();
      assertThat(w.awaitIdle(Duration.ofMinutes(2))).isTrue();
      assertThat(kinds())
          .first()
          .asString()
          .startsWith("TRIGGERED data (" + inbox.resolve("feb.csv"));
      PipelineRun run = PipelineRuns.open(home.home()).list("income").get(0);
      assertThat(run.status()).isEqualTo(PipelineRun.Status.SUCCEEDED);
      assertThat(run.output("register-data", "source"))
          .contains(inbox.resolve("feb.csv").toString());
      // The same content under another name is not a new month.
      events.clear();
      Files.copy(inbox.resolve("feb.csv"), inbox.resolve("feb-copy.csv"));
      w.tick();
      clock.advance(Duration.ofSeconds(11));
      w.tick();
      assertThat(kinds()).isEmpty();
    }
    // After a restart, files seen before do not start runs again.
    events.clear();
    try (PipelineWatcher w = watcher().folder(inbox).stableFor(Duration.ZERO).open()) {
      w.tick();
      w.tick();
      assertThat(w.awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(kinds()).isEmpty();
      assertThat(w.state().filesSeen()).hasSize(1);
    }
  }

  @Test
  void with_a_done_marker_a_file_waits_for_its_marker_and_a_failed_run_does_not_stop_the_watch()
      throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    try (PipelineWatcher w = watcher().folder(inbox).doneMarker(true).open()) {
      List<String> noTarget =
          Files.readAllLines(data.resolve("feb.csv")).stream()
              .map(l -> l.substring(0, l.lastIndexOf(',')))
              .toList();
      Files.write(inbox.resolve("broken.csv"), noTarget);
      w.tick();
      assertThat(kinds()).isEmpty();
      Files.createFile(inbox.resolve("broken.csv.done"));
      w.tick();
      assertThat(w.awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(kinds())
          .last()
          .asString()
          .startsWith("RUN_FAILED pipeline income failed at train");
      Files.copy(data.resolve("feb.csv"), inbox.resolve("feb.csv"));
      Files.createFile(inbox.resolve("feb.csv.done"));
      w.tick();
      assertThat(w.awaitIdle(Duration.ofMinutes(2))).isTrue();
      assertThat(kinds()).last().asString().startsWith("RUN_FINISHED");
    }
  }

  @Test
  void a_second_watcher_on_the_same_pipeline_is_refused() {
    try (PipelineWatcher first =
        watcher().schedule(Schedule.parse("0 3 * * *", ZoneOffset.UTC)).open()) {
      assertThatThrownBy(
              () -> watcher().schedule(Schedule.parse("0 4 * * *", ZoneOffset.UTC)).open())
          .isInstanceOf(ConflictException.class)
          .hasMessageStartingWith(
              "pipeline income is already watched by process " + ProcessHandle.current().pid());
    }
    assertThatThrownBy(() -> watcher().open()).hasMessageStartingWith("nothing to watch");
    assertThatThrownBy(() -> watcher().folder(dir.resolve("nope")))
        .isInstanceOf(BoostlineException.class)
        .hasMessageStartingWith("the folder to watch does not exist");
    assertThatThrownBy(() -> Schedule.parse("0 3 * *", ZoneOffset.UTC))
        .hasMessageContaining("has 4 fields");
    assertThatThrownBy(() -> Schedule.parse("0 25 * * *", ZoneOffset.UTC))
        .hasMessageStartingWith("cron expression \"0 25 * * *\" does not parse");
  }

  @Test
  void drift_over_the_threshold_starts_one_run_per_episode() throws Exception {
    AtomicReference<String> metrics = new AtomicReference<>(metrics(0.05, 800));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/metrics",
        ex -> {
          byte[] body = metrics.get().getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try (PipelineWatcher w =
        watcher()
            .drift(
                new DriftTrigger(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics"),
                    "income",
                    Optional.of("age"),
                    0.2,
                    500,
                    Duration.ofHours(1),
                    Duration.ofSeconds(30)))
            .open()) {
      w.tick();
      metrics.set(metrics(0.35, 200)); // drifted, but too few rows yet
      clock.advance(Duration.ofSeconds(30));
      w.tick();
      assertThat(kinds()).isEmpty();
      metrics.set(metrics(0.35, 900));
      clock.advance(Duration.ofSeconds(30));
      w.tick();
      assertThat(w.awaitIdle(Duration.ofMinutes(2))).isTrue();
      clock.advance(Duration.ofSeconds(30));
      w.tick(); // the same episode: no second run
      assertThat(kinds()).filteredOn(k -> k.startsWith("TRIGGERED")).hasSize(1);
      assertThat(kinds().get(0)).contains("PSI of age for income > 0.2 = 0.3500 over 900 rows");
      metrics.set(metrics(0.1, 900)); // back to normal: armed again
      clock.advance(Duration.ofSeconds(30));
      w.tick();
      metrics.set(metrics(0.4, 900)); // a new episode within the cool-down: skipped
      clock.advance(Duration.ofSeconds(30));
      w.tick();
      assertThat(kinds()).last().asString().contains("cool-down");
      clock.advance(Duration.ofHours(1));
      w.tick();
      assertThat(w.awaitIdle(Duration.ofMinutes(2))).isTrue();
      assertThat(kinds()).filteredOn(k -> k.startsWith("TRIGGERED")).hasSize(2);
    } finally {
      server.stop(0);
    }
    assertThat(PipelineRuns.open(home.home()).list("income"))
        .extracting(r -> r.trigger().kind())
        .containsOnly(PipelineRun.Trigger.Kind.DRIFT);
  }

  @Test
  void gauges_are_read_from_prometheus_text_for_the_newest_version() {
    String text =
        "# HELP boostline_drift_psi PSI\n"
            + "boostline_drift_psi{feature=\"age\",model=\"income\",version=\"1\"} 0.5\n"
            + "boostline_drift_psi{feature=\"age\",model=\"income\",version=\"2\"} 0.25\n"
            + "boostline_drift_psi{feature=\"sex\",model=\"income\",version=\"2\"} 0.9\n"
            + "boostline_drift_psi{feature=\"age\",model=\"other\",version=\"3\"} 0.7\n";
    assertThat(PipelineWatcher.gauge(text, "boostline_drift_psi", "income", Optional.of("age")))
        .hasValue(0.25);
    assertThat(PipelineWatcher.gauge(text, "boostline_drift_score_psi", "income", Optional.empty()))
        .isEmpty();
  }

  private static String metrics(double psi, long rows) {
    return "boostline_drift_psi{feature=\"age\",model=\"income\",version=\"1\"} "
        + psi
        + "\nboostline_drift_window_rows{model=\"income\",version=\"1\"} "
        + rows
        + "\n";
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      now = start;
    }

    void set(Instant value) {
      now = value;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
