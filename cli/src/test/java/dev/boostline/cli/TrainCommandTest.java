package dev.boostline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boostline.testing.TestData;
import dev.boostline.util.internal.json.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
  @TempDir Path home;
  @TempDir Path files;

  private CliRunner.Run run(String... args) {
    return CliRunner.run(home, args);
  }

  @BeforeEach
  void register() {
    assertThat(
            run(
                    "dataset",
                    "add",
                    "housing",
                    TestData.file("california-housing/housing.csv").toString())
                .code())
        .isZero();
  }

  @Test
  void train_prints_the_run_and_runs_commands_show_it() throws Exception {
    CliRunner.Run train =
        run(
            "train",
            "--dataset",
            "housing",
            "--target",
            "median_house_value",
            "--rounds",
            "8",
            "--param",
            "max_depth=4",
            "--seed",
            "3");
    assertThat(train.code()).as(train.err()).isZero();
    assertThat(train.out())
        .startsWith("run ")
        .contains("objective: reg:squarederror")
        .contains("valid:");
    assertThat(train.err()).contains("objective reg:squarederror inferred");
    String id = train.out().substring(4, 26);
    CliRunner.Run second =
        run(
            "train",
            "--dataset",
            "housing@1",
            "--target",
            "median_house_value",
            "--rounds",
            "8",
            "--param",
            "max_depth=2",
            "--valid-fraction",
            "0.3",
            "--early-stopping",
            "3",
            "--json");
    assertThat(second.code()).as(second.err()).isZero();
    JsonNode json = Json.mapper().readTree(second.out());
    String id2 = json.path("runId").asText();
    assertThat(json.path("status").asText()).isEqualTo("FINISHED");
    assertThat(json.path("split").path("validRows").asInt()).isEqualTo(6192);
    CliRunner.Run list = run("runs", "list", "--dataset", "housing");
    assertThat(list.out()).contains(id).contains(id2).contains("finished");
    CliRunner.Run show = run("runs", "show", id);
    assertThat(show.out())
        .contains("parameters:")
        .contains("max_depth=4")
        .contains("environment: boostline");
    CliRunner.Run compare = run("runs", "compare", id, id2);
    assertThat(compare.code()).isZero();
    assertThat(compare.out()).contains("valid rmse").contains("max_depth");
  }

  @Test
  void train_with_a_spec_file_cv_and_search() {
    Path spec =
        TestData.write(
            files,
            "spec.yaml",
            "target: median_house_value\ncolumns:\n  ocean_proximity: {encoding: one_hot}\n");
    CliRunner.Run r =
        run(
            "train",
            "--dataset",
            "housing",
            "--spec",
            spec.toString(),
            "--rounds",
            "6",
            "--cv",
            "2",
            "--search",
            "2",
            "--search-param",
            "max_depth=int:2:4");
    assertThat(r.code()).as(r.err()).isZero();
    String id = r.out().substring(4, 26);
    CliRunner.Run show = run("runs", "show", id);
    assertThat(show.out()).contains("cross-validation (2 folds)").contains("search: 2 trials");
  }

  @Test
  void bad_training_requests_fail_clearly() {
    CliRunner.Run noTarget = run("train", "--dataset", "housing");
    assertThat(noTarget.code()).isEqualTo(2);
    assertThat(noTarget.err()).contains("a target is required");
    CliRunner.Run unknown = run("train", "--dataset", "nope", "--target", "x");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("no dataset \"nope\"");
    CliRunner.Run badColumn = run("train", "--dataset", "housing", "--target", "nope");
    assertThat(badColumn.code()).isEqualTo(1);
    assertThat(badColumn.err()).contains("target column \"nope\" is not in the dataset");
    CliRunner.Run badParam =
        run("train", "--dataset", "housing", "--target", "median_house_value", "--param", "eta=2");
    assertThat(badParam.code()).isEqualTo(2);
    assertThat(badParam.err()).contains("eta must be in (0, 1], got 2.0");
    assertThat(run("runs", "list").out()).contains("failed");
  }
}
