package dev.boostline.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.registry.ModelRef;
import dev.boostline.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
      List<String> failures = new CopyOnWriteArrayList<>();
      Set<Integer> versions = ConcurrentHashMap.newKeySet();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      for (int t = 0; t < 4; t++) {
        pool.submit(
            () -> {
              while (running.get()) {
                var r = f.post("/v1/models/income/score", body);
                if (r.status() == 200) {
                  ok.incrementAndGet();
                  versions.add(r.json().path("version").asInt());
                } else {
                  failures.add(r.status() + " " + r.text());
                }
              }
            });
      }
      for (int i = 0; i < 10; i++) {
        Thread.sleep(120);
        f.registry.setAlias(
            "income", "production", i % 2 == 0 ? 2 : 1, "swap " + i, Optional.empty());
      }
      Thread.sleep(200);
      running.set(false);
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      assertThat(failures).isEmpty();
      assertThat(ok.get()).isGreaterThan(50);
      assertThat(versions).containsExactlyInAnyOrder(1, 2);
      assertThat(Collections.unmodifiableSet(versions)).hasSize(2);
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
