package dev.boostline.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.registry.ModelRef;
import dev.boostline.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotSwapTest {
  @TempDir Path home;

  @Test
  void alias_moves_swap_versions_under_load_with_zero_failed_requests() throws Exception {
    ServerFixture.register(home, "income", TestModels.adult(10, 1), "production");
    ServerFixture.register(home, "income", TestModels.adult(10, 2), null);
    try (ServerFixture f =
        new ServerFixture(
                home,
                ServerFixture.config(home, "income@production")
                    .followInterval(java.time.Duration.ofMillis(50)),
                null)
            .start()) {
      String body = "{\"records\": [" + BadInputTest.GOOD + "]}";
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger ok = new AtomicInteger();
      // Versions answered, by how many alias moves had been made when the request was sent.
      AtomicInteger moves = new AtomicInteger();
      Map<Integer, Set<Integer>> versionsByMove = new ConcurrentHashMap<>();
      List<String> failures = new CopyOnWriteArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        workers.add(
            pool.submit(
                () -> {
                  while (running.get()) {
                    int sentAfter = moves.get();
                    var r = f.post("/v1/models/income/score", body);
                    if (r.status() == 200) {
                      ok.incrementAndGet();
                      versionsByMove
                          .computeIfAbsent(sentAfter, k -> ConcurrentHashMap.newKeySet())
                          .add(r.json().path("version").asInt());
                    } else {
                      failures.add(r.status() + " " + r.text());
                    }
                  }
                  return null;
                }));
      }
      awaitServed(versionsByMove, 0, 1);
      List<Integer> served = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int next = i % 2 == 0 ? 2 : 1;
        int before = ok.get();
        f.registry.setAlias("income", "production", next, "swap " + i, Optional.empty());
        // Each move is observed by a request sent after it before the next move: no timing
        // assumption.
        awaitServed(versionsByMove, moves.incrementAndGet(), next);
        served.add(next);
        assertThat(ok.get()).as("requests kept flowing through swap %d", i).isGreaterThan(before);
      }
      running.set(false);
      for (Future<?> w : workers) {
        w.get(30, TimeUnit.SECONDS); // rethrows anything a worker threw
      }
      pool.shutdown();
      assertThat(failures).isEmpty();
      assertThat(served).containsExactly(2, 1, 2, 1, 2, 1, 2, 1, 2, 1);
      assertThat(f.registry.history("income")).hasSize(11);
    }
  }

  /**
   * Waits (at most 30 s) until a request sent after {@code move} alias moves was answered by {@code
   * version}.
   */
  private static void awaitServed(Map<Integer, Set<Integer>> byMove, int move, int version)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!byMove.getOrDefault(move, Set.of()).contains(version)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("version " + version + " was not served within 30 s");
      }
      Thread.sleep(2);
    }
  }

  @Test
  void a_version_that_fails_to_load_leaves_the_old_one_serving() throws Exception {
    ServerFixture.register(home, "income", TestModels.adult(10, 1), "production");
    ServerFixture.register(home, "income", TestModels.adult(10, 2), null);
    Path model = home.resolve("models/income/2/model.ubj");
    byte[] bytes = Files.readAllBytes(model);
    bytes[bytes.length / 3] ^= 0x55;
    Files.write(model, bytes);
    try (ServerFixture f =
        new ServerFixture(home, ServerFixture.config(home, "income@production"), null).start()) {
      f.registry.setAlias("income", "production", 2, "broken", Optional.empty());
      f.server.refreshAll();
      var r = f.post("/v1/models/income/score", "{\"records\": [" + BadInputTest.GOOD + "]}");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().path("version").asInt()).isEqualTo(1);
      assertThat(f.get("/metrics").text())
          .contains("boostline_model_load_failures_total{model=\"income\"} 1.0");
      assertThat(f.registry.resolve(ModelRef.parse("income@production")).version()).isEqualTo(2);
    }
  }
}
