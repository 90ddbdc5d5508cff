package dev.boostline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.Boostline;
import dev.boostline.eval.Verdict;
import dev.boostline.registry.AliasMove;
import dev.boostline.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs pipelines end to end on slices of adult, in a real home. */
@Tag("slow")
class PipelineTest {
  @TempDir static Path data;
  @TempDir Path dir;

  @BeforeAll
  static void slices() throws IOException {
    List<String> train = Files.readAllLines(TestData.file("adult/adult_train.csv"));
    List<String> test = Files.readAllLines(TestData.file("adult/adult_test.csv"));
    Files.write(data.resolve("train.csv"), train.subList(0, 4001));
    Files.write(data.resolve("test.csv"), test.subList(0, 2001));
    // A "new month" with fewer rows and a broken column.
    List<String> noTarget = new ArrayList<>();
    for (String line : train.subList(0, 501)) {
      noTarget.add(line.substring(0, line.lastIndexOf(',')));
    }
    Files.write(data.resolve("no-target.csv"), noTarget);
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
        report: reports/income.html
        """
            .formatted(data.resolve("train.csv"), data.resolve("test.csv"), training));
  }

  @Test
  void runs_every_step_then_reuses_what_is_done() {
    Boostline home = Boostline.open(dir.resolve("home"));
    List<String> events = new ArrayList<>();
    PipelineListener listener =
        new PipelineListener() {
          @Override
          public void onStepFinished(PipelineRun.Step step) {
            events.add(step.name() + " " + step.status());
          }
        };
    Pipeline p = Pipeline.read(pipeline("{rounds: 40, seed: 1}"));
    PipelineRun first = p.run(home, Pipeline.Options.defaults().withListener(listener));
    assertThat(first.status()).isEqualTo(PipelineRun.Status.SUCCEEDED);
    assertThat(events)
        .containsExactly(
            "register-data DONE",
            "register-evaluation DONE",
            "train DONE",
            "register-model DONE",
            "evaluate DONE",
            "promote DONE");
    assertThat(first.output("register-data", "dataset")).contains("adult@1");
    assertThat(first.output("evaluate", "verdict")).contains("PROMOTE");
    assertThat(first.output("promote", "to")).contains("1");
    assertThat(dir.resolve("reports/income.html")).exists();
    assertThat(home.models().aliases("income")).containsEntry("production", 1);
    String runId = first.output("train", "runId").orElseThrow();
    assertThat(home.runs().get(runId).dataset().version()).isEqualTo(1);

    // Same inputs again: nothing is registered or trained twice; production stays.
    events.clear();
    PipelineRun second = p.run(home, Pipeline.Options.defaults().withListener(listener));
    assertThat(events)
        .containsExactly(
            "register-data DONE",
            "register-evaluation REUSED",
            "train REUSED",
            "register-model REUSED",
            "evaluate DONE",
            "promote SKIPPED");
    assertThat(second.output("register-data", "created")).contains("false");
    assertThat(second.output("train", "runId")).contains(runId);
    assertThat(home.runs().list(java.util.Optional.empty())).hasSize(1);
    assertThat(second.step("promote").orElseThrow().message())
        .isEqualTo("income@1 is already production");

    // Recorded, newest first, with the file's hash and every step's timing.
    List<PipelineRun> runs = PipelineRuns.open(home.home()).list("income");
    assertThat(runs).extracting(PipelineRun::id).containsExactly(second.id(), first.id());
    assertThat(runs.get(1).fileSha256()).isEqualTo(p.sha256());
    assertThat(runs.get(1).steps()).hasSize(6).allMatch(s -> s.millis() >= 0);
    assertThat(PipelineRuns.open(home.home()).get(first.id().substring(0, 20)).id())
        .isEqualTo(first.id());
  }

  @Test
  void a_worse_candidate_is_rejected_and_a_better_one_promoted() {
    Boostline home = Boostline.open(dir.resolve("home"));
    Pipeline.read(pipeline("{rounds: 15, seed: 1, params: {max_depth: 2}}")).run(home);
    PipelineRun worse =
        Pipeline.read(pipeline("{rounds: 2, seed: 1, params: {max_depth: 1}}")).run(home);
    assertThat(worse.status()).isEqualTo(PipelineRun.Status.SUCCEEDED);
    assertThat(worse.output("evaluate", "verdict")).contains(Verdict.REJECT.name());
    assertThat(worse.step("promote").orElseThrow().status())
        .isEqualTo(PipelineRun.StepStatus.SKIPPED);
    assertThat(worse.step("promote").orElseThrow().message())
        .startsWith("rejected: FAIL primary auc");
    PipelineRun better =
        Pipeline.read(
                pipeline(
                    "{rounds: 300, earlyStopping: 20, seed: 1, params: {eta: 0.05, max_depth: 4}}"))
            .run(home);
    assertThat(better.output("evaluate", "verdict"))
        .as("%s", better.step("promote"))
        .contains("PROMOTE");
    assertThat(better.output("promote", "from")).contains("1");
    assertThat(better.output("promote", "to")).contains("3");
    List<AliasMove> audit = home.models().history("income");
    assertThat(audit).extracting(m -> m.to().orElseThrow()).containsExactly(1, 3);
    assertThat(audit.get(1).reason()).isEqualTo("pipeline income run " + better.id());
    assertThat(audit.get(1).decisionId()).isEqualTo(better.output("evaluate", "decision"));
  }

  @Test
  void a_failed_step_is_recorded_and_a_rerun_after_the_fix_reuses_what_was_done() {
    Boostline home = Boostline.open(dir.resolve("home"));
    Path file =
        TestData.write(
            dir,
            "broken.yaml",
            """
            version: 1
            data: {dataset: adult, file: %s}
            evaluation: {dataset: adult-test, file: %s}
            features: {target: income}
            training: {rounds: 10}
            model: {name: income}
            """
                .formatted(data.resolve("no-target.csv"), data.resolve("test.csv")));
    assertThatThrownBy(() -> Pipeline.read(file).run(home))
        .isInstanceOf(PipelineException.class)
        .hasMessageStartingWith("pipeline income failed at train: ")
        .hasMessageContaining("income");
    PipelineRun failed = PipelineRuns.open(home.home()).list("income").get(0);
    assertThat(failed.status()).isEqualTo(PipelineRun.Status.FAILED);
    assertThat(failed.error().orElseThrow()).contains("income");
    assertThat(failed.step("train").orElseThrow().status())
        .isEqualTo(PipelineRun.StepStatus.FAILED);
    assertThat(failed.step("register-data").orElseThrow().status())
        .isEqualTo(PipelineRun.StepStatus.DONE);
    assertThat(home.models().names()).isEmpty();

    // The data is fixed (a new file with the target): the evaluation data is reused.
    PipelineRun fixed = Pipeline.read(pipeline("{rounds: 10}")).run(home);
    assertThat(fixed.status()).isEqualTo(PipelineRun.Status.SUCCEEDED);
    assertThat(fixed.step("register-evaluation").orElseThrow().status())
        .isEqualTo(PipelineRun.StepStatus.REUSED);
    assertThat(fixed.output("register-data", "dataset")).contains("adult@2");
  }

  @Test
  void two_pipelines_on_one_model_never_promote_over_each_other() throws Exception {
    Boostline home = Boostline.open(dir.resolve("home"));
    Path a = pipeline("{rounds: 15, seed: 1, params: {max_depth: 2}}");
    Path aFile = Files.move(a, dir.resolve("a.yaml"));
    Files.writeString(
        aFile, Files.readString(aFile).replace("version: 1\n", "version: 1\nname: a\n"));
    Path b =
        pipeline("{rounds: 300, earlyStopping: 20, seed: 1, params: {eta: 0.05, max_depth: 4}}");
    Path bFile = Files.move(b, dir.resolve("b.yaml"));
    Files.writeString(
        bFile, Files.readString(bFile).replace("version: 1\n", "version: 1\nname: b\n"));
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var fa = pool.submit(() -> Pipeline.read(aFile).run(home));
      var fb = pool.submit(() -> Pipeline.read(bFile).run(home));
      PipelineRun ra = fa.get(5, java.util.concurrent.TimeUnit.MINUTES);
      PipelineRun rb = fb.get(5, java.util.concurrent.TimeUnit.MINUTES);
      assertThat(ra.status()).isEqualTo(PipelineRun.Status.SUCCEEDED);
      assertThat(rb.status()).isEqualTo(PipelineRun.Status.SUCCEEDED);
    } finally {
      pool.shutdown();
    }
    // Every move started from the version its decision was judged against: none overwrote a
    // promotion it had not seen.
    List<AliasMove> audit = home.models().history("income");
    assertThat(audit).isNotEmpty();
    for (AliasMove m : audit) {
      var decision = home.decisions().get("income", m.decisionId().orElseThrow());
      assertThat(m.from()).as("move %s", m).isEqualTo(decision.production());
      assertThat(decision.verdict()).isEqualTo(Verdict.PROMOTE);
    }
  }

  @Test
  void a_holdout_registers_train_and_holdout_versions_of_each_data_version() {
    Boostline home = Boostline.open(dir.resolve("home"));
    Path file =
        TestData.write(
            dir,
            "holdout.yaml",
            """
            version: 1
            data: {dataset: adult, file: %s}
            evaluation: {holdout: 0.25}
            features: {target: income}
            training: {rounds: 20, seed: 3}
            model: {name: income}
            """
                .formatted(data.resolve("train.csv")));
    PipelineRun run = Pipeline.read(file).run(home);
    assertThat(run.output("register-data", "train")).contains("adult-train@1");
    assertThat(run.output("register-data", "holdout")).contains("adult-holdout@1");
    assertThat(
            home.datasets()
                .manifest(dev.boostline.data.store.DatasetRef.parse("adult-holdout@1"))
                .rows())
        .isEqualTo(1000);
    assertThat(run.output("evaluate", "dataset")).contains("adult-holdout@1");
    assertThat(home.runs().get(run.output("train", "runId").orElseThrow()).dataset().name())
        .isEqualTo("adult-train");
  }
}
