package dev.boostline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boostline.model.Scorer;
import dev.boostline.registry.ModelRef;
import dev.boostline.registry.local.LocalModelRegistry;
import dev.boostline.testing.TestData;
import dev.boostline.util.internal.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train -> models register -> evaluate -> promote -> score -> rollback, as a user types it. */
@Tag("slow")
class ModelLifecycleCommandTest {
  @TempDir Path home;
  @TempDir Path files;

  private CliRunner.Run run(String... args) {
    return CliRunner.run(home, args);
  }

  private String trainAndRegister(String... params) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of("train", "--dataset", "housing", "--target", "median_house_value", "--json"));
    args.addAll(List.of(params));
    CliRunner.Run t = run(args.toArray(String[]::new));
    assertThat(t.code()).as(t.err()).isZero();
    String runId = Json.mapper().readTree(t.out()).path("runId").asText();
    CliRunner.Run r =
        run(
            "models",
            "register",
            runId,
            "--name",
            "homes",
            "--description",
            "house prices",
            "--json");
    assertThat(r.code()).as(r.err()).isZero();
    return Json.mapper().readTree(r.out()).path("version").asText();
  }

  @Test
  void the_model_lifecycle_from_the_command_line() throws Exception {
    assertThat(
            run(
                    "dataset",
                    "add",
                    "housing",
                    TestData.file("california-housing/housing.csv").toString())
                .code())
        .isZero();
    assertThat(trainAndRegister("--rounds", "40", "--seed", "1")).isEqualTo("1");

    CliRunner.Run notEvaluated = run("promote", "homes@1");
    assertThat(notEvaluated.code()).isEqualTo(1);
    assertThat(notEvaluated.err()).contains("it has not been evaluated");

    Path report = files.resolve("report.html");
    CliRunner.Run eval1 =
        run("evaluate", "homes@1", "--dataset", "housing", "--report", report.toString());
    assertThat(eval1.code()).as(eval1.err()).isZero();
    assertThat(eval1.out()).startsWith("PROMOTE: homes@1 (no production model)");
    assertThat(Files.readString(report)).startsWith("<!DOCTYPE html>").contains("<svg");
    assertThat(run("promote", "homes@1", "--reason", "first").code()).isZero();

    assertThat(trainAndRegister("--rounds", "3", "--param", "max_depth=1", "--seed", "1"))
        .isEqualTo("2");
    CliRunner.Run eval2 =
        run("evaluate", "homes@2", "--dataset", "housing", "--slice", "ocean_proximity");
    assertThat(eval2.out())
        .startsWith("REJECT: homes@2 vs homes@1 (production)")
        .contains("FAIL primary rmse");
    CliRunner.Run refused = run("promote", "homes@2");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("rejected it");

    CliRunner.Run forced = run("promote", "homes@2", "--force", "--reason", "testing a hotfix");
    assertThat(forced.code()).isZero();
    CliRunner.Run back = run("rollback", "homes");
    assertThat(back.out()).contains("version 2 -> version 1");

    CliRunner.Run history = run("models", "history", "homes");
    assertThat(history.out()).contains("FORCED: testing a hotfix").contains("rollback");
    JsonNode moves = Json.mapper().readTree(run("models", "history", "homes", "--json").out());
    assertThat(moves.size()).isEqualTo(3);

    CliRunner.Run card = run("models", "card", "homes@1");
    assertThat(card.out())
        .startsWith("# Model card: homes@1")
        .contains("house prices")
        .contains("## Limitations");
    CliRunner.Run show = run("models", "show", "homes@production");
    assertThat(show.out()).startsWith("homes@1").contains("aliases:   production");
    CliRunner.Run list = run("models", "list");
    assertThat(list.out()).contains("homes@2");

    Path scores = files.resolve("scores.csv");
    CliRunner.Run score =
        run(
            "score",
            "homes@production",
            TestData.file("california-housing/housing.csv").toString(),
            "--out",
            scores.toString(),
            "--explain");
    assertThat(score.code()).as(score.err()).isZero();
    List<String> lines = Files.readAllLines(scores);
    assertThat(lines).hasSize(20_641);
    assertThat(lines.get(0)).startsWith("row,value,shap_longitude");
    // Batch scores equal the in-process Scorer's, bit for bit (Float.toString round-trips).
    try (Scorer s = LocalModelRegistry.open(home).bundle(ModelRef.parse("homes@1")).open()) {
      var data =
          dev.boostline.data.CsvReader.read(
                  TestData.file("california-housing/housing.csv"),
                  dev.boostline.data.CsvOptions.defaults(),
                  java.util.Optional.empty())
              .dataset();
      float[][] out = s.outputs(data.table());
      for (int r = 0; r < 200; r++) {
        float fromCsv = Float.parseFloat(lines.get(r + 1).split(",")[1]);
        assertThat(Float.floatToIntBits(fromCsv)).isEqualTo(Float.floatToIntBits(out[r][0]));
      }
    }

    // --engine native scores with xgboost4j: the same numbers within the engine check's bound.
    Path nativeScores = files.resolve("scores-native.csv");
    CliRunner.Run nat =
        run(
            "score",
            "homes@production",
            TestData.file("california-housing/housing.csv").toString(),
            "--out",
            nativeScores.toString(),
            "--engine",
            "native");
    assertThat(nat.code()).as(nat.err()).isZero();
    List<String> nativeLines = Files.readAllLines(nativeScores);
    assertThat(nativeLines).hasSize(20_641);
    for (int r = 1; r < nativeLines.size(); r += 97) {
      double a = Double.parseDouble(lines.get(r).split(",")[1]);
      double b = Double.parseDouble(nativeLines.get(r).split(",")[1]);
      assertThat(Math.abs(a - b) / Math.max(1, Math.abs(b))).as("row %d", r).isLessThan(1e-6);
    }
    assertThat(run("score", "homes@1", "x.csv", "--out", "y.csv", "--engine", "gpu").code())
        .isEqualTo(2);

    // A registered version, streamed, into Parquet: the same scores as the CSV path, every row.
    Path parquet = files.resolve("scores.parquet");
    CliRunner.Run fromVersion =
        run("score", "homes@production", "--dataset", "housing@1", "--out", parquet.toString());
    assertThat(fromVersion.code()).as(fromVersion.err()).isZero();
    try (dev.boostline.data.ParquetSource p =
        dev.boostline.data.ParquetSource.open(parquet, java.util.Optional.empty())) {
      assertThat(p.schema().names()).containsExactly("row", "value");
      int r = 1;
      java.util.Optional<dev.boostline.data.Dataset> b;
      while ((b = p.next()).isPresent()) {
        var t = b.get().table();
        for (int i = 0; i < t.rowCount(); i++, r++) {
          assertThat(t.longColumn("row").getLong(i)).isEqualTo(r);
          assertThat((float) t.doubleColumn("value").getDouble(i))
              .isEqualTo(Float.parseFloat(lines.get(r).split(",")[1]));
        }
      }
      assertThat(r - 1).isEqualTo(20_640);
    }
    // A folder of CSV parts scores as one file, rows numbered across the parts.
    Path parts = Files.createDirectories(files.resolve("parts"));
    List<String> housing = Files.readAllLines(TestData.file("california-housing/housing.csv"));
    Files.write(parts.resolve("part-0.csv"), housing.subList(0, 10_001));
    List<String> second = new ArrayList<>(List.of(housing.get(0)));
    second.addAll(housing.subList(10_001, housing.size()));
    Files.write(parts.resolve("part-1.csv"), second);
    Path fromParts = files.resolve("parts-scores.csv");
    assertThat(
            run("score", "homes@production", parts.toString(), "--out", fromParts.toString())
                .code())
        .isZero();
    List<String> partLines = Files.readAllLines(fromParts);
    assertThat(partLines).hasSize(20_641);
    assertThat(partLines.get(20_640).split(",")[1]).isEqualTo(lines.get(20_640).split(",")[1]);
    assertThat(run("score", "homes@1", "--out", "y.csv").code()).isEqualTo(2);
  }
}
