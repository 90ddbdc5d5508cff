package dev.boostline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.Boostline;
import dev.boostline.pipeline.Pipeline;
import dev.boostline.pipeline.PipelineRun;
import dev.boostline.pipeline.PipelineRuns;
import dev.boostline.testing.TestData;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code boostline pipeline ...} and {@code boostline quickstart} as a user types them. */
@Tag("slow")
class PipelineCommandTest {
  @TempDir static Path data;
  @TempDir Path dir;

  @BeforeAll
  static void slices() throws IOException {
    List<String> train = Files.readAllLines(TestData.file("adult/adult_train.csv"));
    List<String> test = Files.readAllLines(TestData.file("adult/adult_test.csv"));
    Files.createDirectories(data.resolve("adult"));
    Files.write(data.resolve("adult/adult_train.csv"), train.subList(0, 3001));
    Files.write(data.resolve("adult/adult_test.csv"), test.subList(0, 1001));
  }

  private Path pipeline(String training) {
    return TestData.write(
        dir,
        "income.yaml",
        """
        version: 1
        data: {dataset: adult, file: %s}
        evaluation: {dataset: adult-test, file: %s}
        features: {target: income}
        training: %s
        model: {name: income}
        report: income.html
        """
            .formatted(
                data.resolve("adult/adult_train.csv"),
                data.resolve("adult/adult_test.csv"),
                training));
  }

  @Test
  void validate_run_runs_and_show() {
    Path home = dir.resolve("home");
    Path file = pipeline("{rounds: 20, seed: 1}");
    CliRunner.Run valid = CliRunner.run(home, "pipeline", "validate", file.toString());
    assertThat(valid.code()).isZero();
    assertThat(valid.out()).contains("is a valid pipeline \"income\"");

    Path bad = TestData.write(dir, "bad.yaml", "version: 1\ndata: {dataset: adult, fil: x.csv}\n");
    CliRunner.Run invalid = CliRunner.run(home, "pipeline", "validate", bad.toString());
    assertThat(invalid.code()).isEqualTo(1);
    assertThat(invalid.err())
        .startsWith("boostline: bad.yaml line 2, data.fil: unknown key; expected one of");

    CliRunner.Run run = CliRunner.run(home, "pipeline", "run", file.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("pipeline income (income.yaml)")
        .containsPattern("register-data +done .* registered adult@1 \\(3000 rows\\)")
        .containsPattern("train +done .* run \\d{8}-\\d{6}-")
        .containsPattern("evaluate +done .* PROMOTE: income@1 \\(no production model\\)")
        .containsPattern("promote +done .* income@production: unset -> version 1")
        .contains("report: " + dir.resolve("income.html"));

    CliRunner.Run runs = CliRunner.run(home, "pipeline", "runs");
    assertThat(runs.out())
        .contains("income")
        .contains("manual")
        .contains("succeeded")
        .contains("PROMOTE");
    String id = PipelineRuns.open(home).list("income").get(0).id();
    CliRunner.Run show = CliRunner.run(home, "pipeline", "show", id.substring(0, 18));
    assertThat(show.code()).isZero();
    assertThat(show.out())
        .contains("pipeline run " + id + " (income)")
        .contains("trigger:  manual")
        .contains("decision: d-")
        .contains("verdict: PROMOTE");
    CliRunner.Run json = CliRunner.run(home, "--json", "pipeline", "show", id);
    assertThat(json.out()).contains("\"status\" : \"SUCCEEDED\"");
  }

  @Test
  void a_failing_step_exits_1_with_the_error_and_is_recorded() throws IOException {
    Path home = dir.resolve("home");
    Path file = pipeline("{rounds: 5, objective: reg:squarederror}");
    CliRunner.Run run = CliRunner.run(home, "pipeline", "run", file.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("boostline: pipeline income failed at train: ");
    assertThat(run.out()).containsPattern("train +failed");
    assertThat(PipelineRuns.open(home).list("income").get(0).status())
        .isEqualTo(PipelineRun.Status.FAILED);
  }

  @Test
  void a_run_killed_midway_shows_as_interrupted_and_the_next_run_starts_cleanly() throws Exception {
    Path jar = Path.of("target/boostline.jar").toAbsolutePath();
    assertThat(jar).as("run after `mvn package`").exists();
    Path home = dir.resolve("home");
    // Slow enough to be killed while training: many small rounds.
    Path file = pipeline("{rounds: 20000, seed: 1, params: {eta: 0.001, max_depth: 8}}");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "--home",
                home.toString(),
                "pipeline",
                "run",
                file.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("run.out").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    PipelineRuns runs = PipelineRuns.open(home);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (runs.list("income").isEmpty()
        || runs.list("income").get(0).step(Pipeline.REGISTER_EVALUATION).isEmpty()) {
      assertThat(System.nanoTime())
          .as(Files.readString(dir.resolve("run.out")))
          .isLessThan(deadline);
      Thread.sleep(100);
    }
    assertThat(runs.list("income").get(0).status()).isEqualTo(PipelineRun.Status.RUNNING);
    Thread.sleep(1000); // inside the training step
    p.destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

    PipelineRun killed = runs.list("income").get(0);
    assertThat(killed.status()).isEqualTo(PipelineRun.Status.INTERRUPTED);
    assertThat(killed.error().orElseThrow()).contains("stopped (pid " + p.pid() + ")");

    PipelineRun next = Pipeline.read(pipeline("{rounds: 10, seed: 1}")).run(Boostline.open(home));
    assertThat(next.status()).isEqualTo(PipelineRun.Status.SUCCEEDED);
    assertThat(next.step(Pipeline.REGISTER_DATA).orElseThrow().outputs().get("created"))
        .isEqualTo("false");
    PipelineRun recorded = runs.get(killed.id());
    assertThat(recorded.status()).isEqualTo(PipelineRun.Status.INTERRUPTED);
    assertThat(recorded.endedAt()).as("rewritten when the next run started").isPresent();
  }

  @Test
  void quickstart_runs_the_pipeline_and_says_where_to_look() throws IOException {
    Path home = dir.resolve("qs");
    CliRunner.Run run = CliRunner.run(home, "quickstart", "--no-serve", "--data", data.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("pipeline: " + home.resolve("quickstart/adult.pipeline.yaml"))
        .containsPattern("promote +done .* income@production: unset -> version 1")
        .contains("Report:   " + home.resolve("quickstart/adult-report.html"));
    assertThat(home.resolve("quickstart/adult-report.html")).exists();
    assertThat(Boostline.open(home).models().aliases("income")).containsEntry("production", 1);
    // Again: everything is reused, nothing is trained twice.
    CliRunner.Run again =
        CliRunner.run(home, "quickstart", "--no-serve", "--data", data.toString());
    assertThat(again.out()).containsPattern("train +reused").containsPattern("promote +skipped");
    assertThat(Boostline.open(home).runs().list(java.util.Optional.empty())).hasSize(1);
  }
}
