package dev.boostline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged fat jar in a separate JVM, as {@code bin/boostline} does, to prove the shading
 * (service files, Parquet and Hadoop classes, logging config) works outside Maven.
 */
@Tag("slow")
class CommandJarTest {
  @TempDir Path home;

  private static Path jar() {
    Path jar = Path.of("target/boostline.jar").toAbsolutePath();
    assertThat(jar).as("run after `mvn package`").exists();
    return jar;
  }

  private record Result(int code, String out, String err) {}

  private Result exec(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.add("--home");
    cmd.add(home.toString());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(home.getParent(), "out", ".txt");
    Path err = Files.createTempFile(home.getParent(), "err", ".txt");
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    int code = p.waitFor();
    return new Result(
        code,
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void the_jar_registers_and_shows_a_dataset_with_a_quiet_stderr() throws Exception {
    Result add =
        exec(
            "dataset",
            "add",
            "bank",
            TestData.file("bank-marketing/bank-full.csv").toString(),
            "--null-token",
            "unknown");
    assertThat(add.err()).isEmpty();
    assertThat(add.code()).isZero();
    assertThat(add.out()).startsWith("bank@1\n").contains("45211 rows x 17 columns, separator ';'");
    Result show = exec("dataset", "show", "bank");
    assertThat(show.code()).isZero();
    assertThat(show.out()).contains("poutcome").contains("36959");
    Result version = exec("--version");
    assertThat(version.out()).startsWith("boostline ");
  }
}
