package dev.boostline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boostline.internal.json.Json;
import dev.boostline.testing.TestData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
  @TempDir Path home;
  @TempDir Path files;

  record Run(int code, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("--home", home.toString()));
    all.addAll(List.of(args));
    int code =
        Main.run(
            new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
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
    Run train =
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
    Run second =
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
    Run list = run("runs", "list", "--dataset", "housing");
    assertThat(list.out()).contains(id).contains(id2).contains("finished");
    Run show = run("runs", "show", id);
    assertThat(show.out())
        .contains("parameters:")
        .contains("max_depth=4")
        .contains("environment: boostline");
    Run compare = run("runs", "compare", id, id2);
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
    Run r =
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
    Run show = run("runs", "show", id);
    assertThat(show.out()).contains("cross-validation (2 folds)").contains("search: 2 trials");
  }

  @Test
  void bad_training_requests_fail_clearly() {
    Run noTarget = run("train", "--dataset", "housing");
    assertThat(noTarget.code()).isEqualTo(2);
    assertThat(noTarget.err()).contains("a target is required");
    Run unknown = run("train", "--dataset", "nope", "--target", "x");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("no dataset \"nope\"");
    Run badColumn = run("train", "--dataset", "housing", "--target", "nope");
    assertThat(badColumn.code()).isEqualTo(1);
    assertThat(badColumn.err()).contains("target column \"nope\" is not in the dataset");
    Run badParam =
        run("train", "--dataset", "housing", "--target", "median_house_value", "--param", "eta=2");
    assertThat(badParam.code()).isEqualTo(2);
    assertThat(badParam.err()).contains("eta must be in (0, 1], got 2.0");
    assertThat(run("runs", "list").out()).contains("failed");
  }
}
