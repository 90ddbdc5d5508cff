package dev.boostline.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.common.BoostlineException;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.model.ModelBundles;
import dev.boostline.model.Scorer;
import dev.boostline.tracking.RunRecord;
import dev.boostline.tracking.RunStatus;
import dev.boostline.tracking.RunStore;
import dev.boostline.tracking.TrackedTraining;
import dev.boostline.train.TrainOptions;
import dev.boostline.train.TrainingListener;
import dev.boostline.train.XgbParams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on loopback (a master and two workers started by {@code
 * spark/bin/local-cluster} from the Maven-resolved jars), a training job submitted to it, and a
 * worker killed in the middle of another. Slow: runs in the integration-test phase after {@code
 * package} (the script needs the module jar and its class path list).
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterTest {
  static final Path MODULE = Path.of("").toAbsolutePath();
  static final Path SCRIPT = MODULE.resolve("bin/local-cluster");
  static String url;
  static SparkSession spark;
  @TempDir static Path dir;
  static Path home;

  @BeforeAll
  static void start() throws Exception {
    stopCluster(); // a cluster left by an earlier interrupted run
    url = run(SCRIPT.toString(), "start", "2", "1", "2g").trim();
    assertThat(url).startsWith("spark://127.0.0.1:");
    home = SparkTrainerTest.registerSmall(dir);
    spark = Sessions.connect(url, "boostline cluster test");
  }

  @AfterAll
  static void stop() throws Exception {
    if (spark != null) {
      spark.stop();
    }
    stopCluster();
  }

  static void stopCluster() throws Exception {
    run(SCRIPT.toString(), "stop");
  }

  static String run(String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(MODULE.toFile()).redirectErrorStream(false).start();
    CompletableFuture<String> err =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                return e.toString();
              }
            });
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out + err.join());
    }
    return out;
  }

  @Test
  @Order(1)
  void a_job_on_two_workers_records_a_run_whose_bundle_scores() {
    TrackedTraining.Outcome o =
        TrackedTraining.run(
            home,
            TrackedTraining.Request.of(DatasetRef.parse("small"), SparkTrainerTest.options()),
            TrainingListener.NONE,
            new SparkTrainer(spark, home, new SparkTrainer.Settings(2, 1, Optional.empty())));
    assertThat(o.run().status()).isEqualTo(RunStatus.FINISHED);
    assertThat(o.run().notes()).anyMatch(n -> n.contains(url));
    try (Scorer s = ModelBundles.fromRun(home, o.run().runId()).open()) {
      assertThat(
              s.score(
                      Map.of(
                          "f0", 0.5, "f1", -1.0, "f2", 3.0, "ratio", 2L, "cat", "b", "flag", true))
                  .label())
          .isPresent();
    }
  }

  @Test
  @Order(2)
  void a_worker_that_dies_fails_the_run_with_the_cause() throws Exception {
    TrainOptions slow =
        TrainOptions.builder(SparkTrainerTest.spec())
            .params(XgbParams.builder().rounds(20_000).maxDepth(8).eta(0.01).seed(5).build())
            .build();
    CompletableFuture<TrackedTraining.Outcome> job =
        CompletableFuture.supplyAsync(
            () ->
                TrackedTraining.run(
                    home,
                    TrackedTraining.Request.of(DatasetRef.parse("small"), slow),
                    TrainingListener.NONE,
                    new SparkTrainer(
                        spark, home, new SparkTrainer.Settings(2, 1, Optional.empty()))));
    // Wait until the boosting stage runs (its executors hold the barrier tasks), then kill one
    // worker and its executor: processes this test's script started, by their ids.
    Path state = MODULE.resolve("target/local-cluster");
    long pid = Long.parseLong(Files.readString(state.resolve("worker-2.pid")).trim());
    Thread.sleep(25_000);
    assertThat(job).isNotDone();
    ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
    worker.descendants().forEach(ProcessHandle::destroyForcibly);
    worker.destroyForcibly();
    assertThatThrownBy(() -> job.get(3, TimeUnit.MINUTES))
        .hasCauseInstanceOf(BoostlineException.class)
        .hasMessageContaining("spark training failed: executor");
    RunRecord failed =
        RunStore.open(home).list(Optional.empty()).stream()
            .filter(r -> r.status() == RunStatus.FAILED)
            .findFirst()
            .orElseThrow();
    assertThat(failed.error().orElseThrow())
        .contains("spark training failed: executor")
        .contains("was lost");
  }
}
