package dev.boostline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.metrics.Metric;
import dev.boostline.task.Task;
import dev.boostline.testing.TestData;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline file: what it may say, and the errors it gets when it says something else. */
class PipelineSpecTest {
  @TempDir Path dir;

  private static final String GOOD =
      """
      version: 1
      name: income-weekly
      data:
        dataset: adult
        file: train.csv
        csv: {separator: ",", nullTokens: [NA, "?"]}
      evaluation:
        dataset: adult-test
        file: test.csv
      split: {validFraction: 0.25}
      features:
        target: income
        ignore: [fnlwgt]
      training:
        rounds: 300
        earlyStopping: 20
        seed: 7
        params: {eta: 0.1, max_depth: 4}
        cv: 3
        search: {trials: 4, space: {eta: "log:0.01:0.3"}}
      model:
        name: income
        description: Pre-screens applications
      policy:
        primaryMetric: pr_auc
        minImprovement: 0.001
      promote: false
      report: reports/income.html
      """;

  @BeforeEach
  void files() {
    TestData.write(dir, "train.csv", "a,income\n1,x\n");
    TestData.write(dir, "test.csv", "a,income\n1,x\n");
  }

  private Path write(String text) {
    return TestData.write(dir, "p.yaml", text);
  }

  @Test
  void reads_every_part_of_a_pipeline_file() {
    PipelineSpec s = PipelineSpec.read(write(GOOD));
    assertThat(s.name()).isEqualTo("income-weekly");
    assertThat(s.data().dataset()).isEqualTo("adult");
    assertThat(s.data().file()).contains(dir.resolve("train.csv"));
    assertThat(s.data().csv().nullTokens()).contains("NA", "?");
    assertThat(s.evaluation().dataset()).contains("adult-test");
    assertThat(s.evaluation().file()).contains(dir.resolve("test.csv"));
    assertThat(s.training().options().validation().fraction()).isEqualTo(0.25);
    assertThat(s.training().options().earlyStoppingRounds()).isEqualTo(20);
    assertThat(s.training().options().params().rounds()).isEqualTo(300);
    assertThat(s.training().options().params().maxDepth()).isEqualTo(4);
    assertThat(s.training().options().spec().ignore()).containsExactly("fnlwgt");
    assertThat(s.training().cvFolds()).isEqualTo(3);
    assertThat(s.training().searchTrials()).isEqualTo(4);
    assertThat(s.training().seed()).isEqualTo(7);
    assertThat(s.model().description()).contains("Pre-screens applications");
    assertThat(s.policy().primary(Task.BINARY)).isEqualTo(Metric.PR_AUC);
    assertThat(s.promote()).isFalse();
    assertThat(s.report()).contains(dir.resolve("reports/income.html"));
  }

  @Test
  void the_minimal_file_takes_the_defaults() {
    PipelineSpec s =
        PipelineSpec.read(
            write(
                """
                version: 1
                data: {dataset: adult}
                evaluation: {holdout: 0.2}
                features: {target: income}
                model: {name: income}
                """));
    assertThat(s.name()).isEqualTo("income");
    assertThat(s.promote()).isTrue();
    assertThat(s.evaluation().holdout()).contains(0.2);
    assertThat(s.training().options().validation().fraction()).isEqualTo(0.2);
    assertThat(s.report()).isEmpty();
  }

  @Test
  void unknown_keys_name_the_key_the_line_and_the_known_keys() {
    assertThatThrownBy(
            () -> PipelineSpec.read(write(GOOD.replace("  rounds: 300", "  roundz: 300"))))
        .isInstanceOf(PipelineFileException.class)
        .hasMessage(
            "p.yaml line 15, training.roundz: unknown key; expected one of rounds, objective,"
                + " params, earlyStopping, cv, seed, search");
    assertThatThrownBy(() -> PipelineSpec.read(write(GOOD + "schedule: daily\n")))
        .hasMessageStartingWith("p.yaml line 29, schedule: unknown key");
  }

  @Test
  void wrong_types_name_the_key_the_line_and_what_was_expected() {
    assertThatThrownBy(() -> PipelineSpec.read(write(GOOD.replace("rounds: 300", "rounds: many"))))
        .hasMessage("p.yaml line 15, training.rounds: expected an integer, got \"many\"");
    assertThatThrownBy(
            () -> PipelineSpec.read(write(GOOD.replace("promote: false", "promote: maybe"))))
        .hasMessage("p.yaml line 27, promote: expected true or false, got \"maybe\"");
    assertThatThrownBy(
            () -> PipelineSpec.read(write(GOOD.replace("max_depth: 4", "max_depth: -1"))))
        .hasMessageStartingWith("p.yaml line 18, training.params.max_depth: ")
        .hasMessageContaining("maxDepth must be >= 0, got -1");
    assertThatThrownBy(() -> PipelineSpec.read(write(GOOD.replace("version: 1", "version: 2"))))
        .hasMessage(
            "p.yaml line 1, version: pipeline format 2 is not one this Boostline reads (1)");
  }

  @Test
  void missing_keys_and_files_are_named() {
    assertThatThrownBy(() -> PipelineSpec.read(write(GOOD.replace("  name: income\n", ""))))
        .hasMessageContaining("model: missing required key \"name\"");
    assertThatThrownBy(
            () -> PipelineSpec.read(write(GOOD.replace("file: train.csv", "file: nope.csv"))))
        .hasMessageStartingWith("p.yaml line 5, data.file: no such file: ")
        .hasMessageEndingWith("nope.csv");
    assertThatThrownBy(() -> PipelineSpec.read(dir.resolve("absent.yaml")))
        .hasMessageStartingWith("pipeline file not found: ");
    assertThatThrownBy(
            () ->
                PipelineSpec.read(
                    write(
                        """
                        version: 1
                        data: {dataset: adult}
                        evaluation: {}
                        features: {target: income}
                        model: {name: income}
                        """)))
        .hasMessageContaining("line 3, evaluation: say what the candidate is compared on");
  }

  @Test
  void a_policy_with_an_unknown_metric_is_refused_with_its_line() {
    assertThatThrownBy(
            () ->
                PipelineSpec.read(
                    write(GOOD.replace("primaryMetric: pr_auc", "primaryMetric: gini"))))
        .hasMessageStartingWith("p.yaml line 25, policy: not a valid promotion policy: ")
        .hasMessageEndingWith(
            "primaryMetric: unknown metric \"gini\"; known: auc, pr_auc, logloss, brier, accuracy,"
                + " precision, recall, f1, ece, macro_f1, mlogloss, rmse, mae, r2, mape");
  }

  @Test
  void a_feature_spec_with_an_unknown_key_is_refused_with_its_line() {
    assertThatThrownBy(
            () -> PipelineSpec.read(write(GOOD.replace("ignore: [fnlwgt]", "ignored: [fnlwgt]"))))
        .hasMessageStartingWith("p.yaml line 12, features: not a valid feature spec: ")
        .hasMessageContaining("ignored");
  }

  @Test
  void yaml_that_does_not_parse_names_the_line() {
    assertThatThrownBy(() -> PipelineSpec.read(write("version: 1\ndata: {dataset: [\n")))
        .isInstanceOf(PipelineFileException.class)
        .hasMessageStartingWith("p.yaml line ")
        .hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> PipelineSpec.read(write("version: 1\nversion: 1\n")))
        .hasMessage("p.yaml line 2, version: duplicate key");
  }
}
