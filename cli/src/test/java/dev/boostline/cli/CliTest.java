package dev.boostline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boostline.testing.TestData;
import dev.boostline.util.internal.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs the command in-process, as a user would type it, and checks output and exit codes. */
class CliTest {
  @TempDir Path home;
  @TempDir Path files;

  private CliRunner.Run run(String... args) {
    return CliRunner.run(home, args);
  }

  private static String adult() {
    return TestData.file("adult/adult_train.csv").toString();
  }

  @Test
  void add_prints_the_version_and_identical_content_adds_nothing() {
    CliRunner.Run first =
        run("dataset", "add", "adult", adult(), "--note", "train", "--tag", "k=v");
    assertThat(first.code()).isZero();
    assertThat(first.out()).startsWith("adult@1\n").contains("32561 rows x 15 columns");
    CliRunner.Run again = run("dataset", "add", "adult", adult());
    assertThat(again.code()).isZero();
    assertThat(again.out()).startsWith("adult@1 (already registered: identical content)");
  }

  @Test
  void json_output_is_machine_readable_wherever_the_flag_is_given() throws Exception {
    run("dataset", "add", "adult", adult());
    JsonNode before = Json.mapper().readTree(run("--json", "dataset", "show", "adult").out());
    JsonNode after = Json.mapper().readTree(run("dataset", "show", "adult@1", "--json").out());
    assertThat(before).isEqualTo(after);
    assertThat(after.path("manifest").path("rows").asLong()).isEqualTo(32_561);
    assertThat(after.path("profile").path("columns").size()).isEqualTo(15);
    JsonNode list = Json.mapper().readTree(run("dataset", "list", "--json").out());
    assertThat(list.get(0).path("name").asText()).isEqualTo("adult");
  }

  @Test
  void show_diff_export_verify_work_end_to_end() throws Exception {
    run("dataset", "add", "adult", adult());
    run("dataset", "add", "adult", TestData.file("adult/adult_test.csv").toString());
    CliRunner.Run show = run("dataset", "show", "adult");
    assertThat(show.out()).contains("adult@2").contains("native_country").contains("categorical");
    CliRunner.Run diff = run("dataset", "diff", "adult@1", "adult@2");
    assertThat(diff.code()).isZero();
    assertThat(diff.out()).contains("rows: 32561 -> 16281").contains("schema: unchanged");
    Path out = files.resolve("a.csv");
    assertThat(run("dataset", "export", "adult@1", out.toString()).code()).isZero();
    assertThat(Files.readAllLines(out)).hasSize(32_562);
    CliRunner.Run verify = run("dataset", "verify", "adult", "--all");
    assertThat(verify.out()).isEqualTo("ok: adult@1, adult@2\n");
    CliRunner.Run versions = run("dataset", "list", "adult");
    assertThat(versions.out()).contains("adult@1").contains("adult@2");
  }

  @Test
  void bad_data_exits_1_with_one_clear_line() {
    Path ragged = TestData.write(files, "ragged.csv", "a,b\n1,2\n3\n");
    CliRunner.Run r = run("dataset", "add", "d", ragged.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "boostline: ragged.csv line 3: expected 2 fields (as in the header), found 1; check"
                + " the separator, quoting, or a missing or extra value on this line\n");
    assertThat(run("dataset", "show", "nope").code()).isEqualTo(1);
  }

  @Test
  void usage_errors_exit_2() {
    assertThat(run("dataset", "add", "only-a-name").code()).isEqualTo(2);
    assertThat(run("dataset", "frobnicate").code()).isEqualTo(2);
    assertThat(run("--no-such-option").code()).isEqualTo(2);
    assertThat(run().code()).isEqualTo(2);
    CliRunner.Run badName = run("dataset", "show", "../etc");
    assertThat(badName.code()).isEqualTo(2);
    assertThat(badName.err()).contains("invalid dataset name");
    assertThat(run("dataset", "add", "x", adult(), "--sep", "ab").code()).isEqualTo(2);
  }

  @Test
  void every_command_has_help() {
    List<String> missing = new ArrayList<>();
    visit(Main.commandLine(), new ArrayList<>(), missing);
    assertThat(missing).isEmpty();
  }

  private void visit(CommandLine cmd, List<String> path, List<String> missing) {
    List<String> args = new ArrayList<>(path);
    args.add("--help");
    CliRunner.Run r = run(args.toArray(String[]::new));
    if (r.code() != 0 || !r.out().contains("Usage:")) {
      missing.add(String.join(" ", path));
    }
    for (var e : cmd.getSubcommands().entrySet()) {
      List<String> sub = new ArrayList<>(path);
      sub.add(e.getKey());
      visit(e.getValue(), sub, missing);
    }
  }
}
