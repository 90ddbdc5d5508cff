package dev.boostline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.Boostline;
import dev.boostline.pipeline.PipelineRun;
import dev.boostline.pipeline.PipelineRuns;
import dev.boostline.registry.AliasMove;
import dev.boostline.registry.ModelRef;
import dev.boostline.serving.ScoringServer;
import dev.boostline.serving.ServerConfig;
import dev.boostline.testing.TestData;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retraining loop as a user runs it: {@code boostline pipeline watch FILE --data INBOX} in its
 * own process, a scoring server following {@code income@production} in this one under constant
 * load. A small first month is promoted; a bigger, better month lands and is promoted, and the
 * server switches to it with zero failed requests; a month with scrambled labels lands and is
 * rejected, and production stays. SIGTERM stops the watcher with exit code 0.
 */
@Tag("slow")
class PipelineWatchProcessTest {
  private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");

  @TempDir Path dir;

  @Test
  void a_watcher_in_another_process_promotes_better_months_and_the_server_follows_under_load()
      throws Exception {
    Path jar = Path.of("target/boostline.jar").toAbsolutePath();
    assertThat(jar).as("run after `mvn package`").exists();
    List<String> train = Files.readAllLines(TestData.file("adult/adult_train.csv"));
    List<String> test = Files.readAllLines(TestData.file("adult/adult_test.csv"));
    String header = train.get(0);
    Path months = Files.createDirectories(dir.resolve("months"));
    Path jan = Files.write(months.resolve("2026-01.csv"), train.subList(0, 1501));
    Path feb = Files.write(months.resolve("2026-02.csv"), with(header, train.subList(1501, 17501)));
    List<String> scrambled = new ArrayList<>();
    java.util.Random random = new java.util.Random(7);
    for (String line : train.subList(17501, 32001)) {
      String label = random.nextBoolean() ? "<=50K" : ">50K";
      scrambled.add(line.substring(0, line.lastIndexOf(',') + 1) + label);
    }
    Path mar = Files.write(months.resolve("2026-03.csv"), with(header, scrambled));
    Path evaluation = Files.write(dir.resolve("test.csv"), test.subList(0, 3001));
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    Path home = dir.resolve("home");
    Path file =
        TestData.write(
            dir,
            "income.yaml",
            """
            version: 1
            data: {dataset: adult, file: %s}
            evaluation: {dataset: adult-test, file: %s}
            features: {target: income}
            training: {rounds: 60, seed: 1}
            model: {name: income}
            # Promote on a better AUC; other metrics may worsen by at most 10%%.
            policy: {maxRegression: 0.1}
            """
                .formatted(jan, evaluation));

    Path out = dir.resolve("watch.out");
    Process watch =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "--home",
                home.toString(),
                "pipeline",
                "watch",
                file.toString(),
                "--data",
                inbox.toString(),
                "--stable-for",
                "1")
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    Boostline b = Boostline.open(home);
    try {
      Files.copy(jan, inbox.resolve(jan.getFileName()));
      await(() -> production(b) == 1, Duration.ofMinutes(3), out);

      ServerConfig config =
          ServerConfig.builder(home)
              .model(ModelRef.alias("income", "production"))
              .port(0)
              .followInterval(Duration.ofMillis(200))
              .build();
      try (ScoringServer server = ScoringServer.create(config).start()) {
        URI score = URI.create("http://127.0.0.1:" + server.port() + "/v1/models/income/score");
        String body = "{\"records\": [" + firstRecord(test) + "]}";
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        Set<Integer> versions = ConcurrentHashMap.newKeySet();
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService load = Executors.newFixedThreadPool(2);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          workers.add(
              load.submit(
                  () -> {
                    while (running.get()) {
                      HttpResponse<String> r =
                          http.send(
                              HttpRequest.newBuilder(score)
                                  .POST(HttpRequest.BodyPublishers.ofString(body))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString());
                      if (r.statusCode() == 200) {
                        ok.incrementAndGet();
                        Matcher m = VERSION.matcher(r.body());
                        if (m.find()) {
                          versions.add(Integer.parseInt(m.group(1)));
                        }
                      } else {
                        failures.add(r.statusCode() + " " + r.body());
                      }
                      Thread.sleep(5);
                    }
                    return null;
                  }));
        }
        await(() -> versions.contains(1), Duration.ofSeconds(30), out);

        Files.copy(feb, inbox.resolve(feb.getFileName()));
        await(() -> versions.contains(2), Duration.ofMinutes(4), out);
        assertThat(production(b)).isEqualTo(2);

        Files.copy(mar, inbox.resolve(mar.getFileName()));
        await(() -> runs(home) == 3 && !running(home), Duration.ofMinutes(4), out);
        running.set(false);
        for (Future<?> w : workers) {
          w.get(30, TimeUnit.SECONDS);
        }
        load.shutdown();
        assertThat(failures).as("failed requests").isEmpty();
        assertThat(ok.get()).isGreaterThan(100);
        assertThat(versions).containsExactlyInAnyOrder(1, 2);
      }

      assertThat(production(b)).isEqualTo(2);
      List<PipelineRun> runs = PipelineRuns.open(home).list("income");
      assertThat(runs)
          .extracting(r -> r.trigger().kind())
          .containsOnly(PipelineRun.Trigger.Kind.DATA);
      assertThat(runs.get(0).output("evaluate", "verdict"))
          .as("%s", runs.get(0))
          .contains("REJECT");
      assertThat(runs.get(0).output("register-data", "dataset")).contains("adult@3");
      assertThat(runs.get(1).output("promote", "to")).contains("2");
      List<AliasMove> audit = b.models().history("income");
      assertThat(audit).extracting(m -> m.to().orElseThrow()).containsExactly(1, 2);
      assertThat(audit).allMatch(m -> m.reason().startsWith("pipeline income run p-"));
      assertThat(audit).allMatch(m -> m.decisionId().isPresent());
    } finally {
      watch.destroy(); // SIGTERM
      assertThat(watch.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(watch.exitValue()).as(Files.readString(out)).isZero();
    assertThat(Files.readString(out))
        .contains("watching pipeline income; data folder " + inbox)
        .contains("triggered: data (" + inbox.resolve("2026-02.csv"))
        .contains("run finished: run p-")
        .contains("stopped watching income");
  }

  private static List<String> with(String header, List<String> rows) {
    List<String> out = new ArrayList<>();
    out.add(header);
    out.addAll(rows);
    return out;
  }

  private static int production(Boostline b) {
    return b.models().aliases("income").getOrDefault("production", 0);
  }

  private static int runs(Path home) {
    return PipelineRuns.open(home).list("income").size();
  }

  private static boolean running(Path home) {
    return PipelineRuns.open(home).list("income").stream()
        .anyMatch(r -> r.status() == PipelineRun.Status.RUNNING);
  }

  private static String firstRecord(List<String> test) {
    String[] names = test.get(0).split(",");
    String[] values = test.get(1).split(",");
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals("income")) {
        continue;
      }
      if (sb.length() > 1) {
        sb.append(", ");
      }
      String v = values[i].trim();
      boolean number = v.matches("-?\\d+(\\.\\d+)?");
      sb.append('"').append(names[i]).append("\": ").append(number ? v : "\"" + v + "\"");
    }
    return sb.append('}').toString();
  }

  private static void await(BooleanSupplier condition, Duration timeout, Path log)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out; watcher output:\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
  }
}
