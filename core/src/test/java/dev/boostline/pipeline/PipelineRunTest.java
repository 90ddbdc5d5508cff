package dev.boostline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.common.JsonForm;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The text of a pipeline run that the command (and the spark module) prints: one line per step and
 * the closing summary, pinned character for character.
 */
class PipelineRunTest {
  private static final Instant START = Instant.parse("2026-12-07T03:00:00Z");

  private static PipelineRun.Step step(
      String name, PipelineRun.StepStatus status, long millis, String message) {
    return step(name, status, millis, Map.of(), message);
  }

  private static PipelineRun.Step step(
      String name,
      PipelineRun.StepStatus status,
      long millis,
      Map<String, String> outputs,
      String message) {
    return new PipelineRun.Step(name, status, START, millis, outputs, message);
  }

  private static PipelineRun run(
      PipelineRun.Status status,
      Optional<Long> endedAfterMillis,
      List<PipelineRun.Step> steps,
      Optional<String> error) {
    return new PipelineRun(
        PipelineRun.FORMAT_VERSION,
        "p-20261207-030000-0a1b2c",
        "income",
        "/pipelines/income.yaml",
        "0".repeat(64),
        PipelineRun.Trigger.manual(),
        START,
        endedAfterMillis.map(START::plusMillis),
        status,
        steps,
        error,
        4242);
  }

  @Test
  void a_step_line_pads_name_and_status_and_right_aligns_seconds_with_one_decimal() {
    assertThat(
            step("register-data", PipelineRun.StepStatus.DONE, 1234, "registered adult@1").line())
        .isEqualTo("  register-data        done         1.2 s  registered adult@1");
    assertThat(step("train", PipelineRun.StepStatus.REUSED, 12, "reused run r1").line())
        .isEqualTo("  train                reused       0.0 s  reused run r1");
    assertThat(step("evaluate", PipelineRun.StepStatus.DONE, 123_456, "verdict PROMOTE").line())
        .isEqualTo("  evaluate             done       123.5 s  verdict PROMOTE");
    assertThat(step("promote", PipelineRun.StepStatus.SKIPPED, 0, "rejected").line())
        .isEqualTo("  promote              skipped      0.0 s  rejected");
    assertThat(
            step("register-evaluation", PipelineRun.StepStatus.FAILED, 12_345_678, "no file")
                .line())
        .isEqualTo("  register-evaluation  failed   12345.7 s  no file");
    assertThat(
            step("register-model", PipelineRun.StepStatus.DONE, 300, "registered income@2").line())
        .isEqualTo("  register-model       done         0.3 s  registered income@2");
  }

  @Test
  void a_long_name_pushes_the_rest_right_and_nothing_is_cut() {
    assertThat(step("a-step-named-longer-than-20", PipelineRun.StepStatus.DONE, 1000, "").line())
        .isEqualTo("  a-step-named-longer-than-20 done         1.0 s  ");
  }

  @Test
  void a_finished_run_is_summed_up_with_its_seconds_and_the_report_it_wrote() {
    PipelineRun r =
        run(
            PipelineRun.Status.SUCCEEDED,
            Optional.of(83_456L),
            List.of(
                step("register-data", PipelineRun.StepStatus.DONE, 100, "registered adult@1"),
                step(
                    Pipeline.EVALUATE,
                    PipelineRun.StepStatus.DONE,
                    200,
                    Map.of("report", "/home/reports/income.html", "verdict", "PROMOTE"),
                    "verdict PROMOTE")),
            Optional.empty());
    assertThat(r.summary())
        .isEqualTo(
            "run p-20261207-030000-0a1b2c succeeded in 83.5 s\n"
                + "report: /home/reports/income.html");
  }

  @Test
  void a_failed_run_names_its_error_after_the_report_and_a_running_one_has_no_seconds() {
    PipelineRun failed =
        run(
            PipelineRun.Status.FAILED,
            Optional.of(3_000L),
            List.of(
                step(
                    Pipeline.EVALUATE,
                    PipelineRun.StepStatus.DONE,
                    200,
                    Map.of("report", "r.html"),
                    "verdict PROMOTE"),
                step("promote", PipelineRun.StepStatus.FAILED, 5, "alias moved")),
            Optional.of("promote: the alias moved"));
    assertThat(failed.summary())
        .isEqualTo(
            "run p-20261207-030000-0a1b2c failed in 3.0 s\n"
                + "report: r.html\n"
                + "error: promote: the alias moved");
    PipelineRun running =
        run(
            PipelineRun.Status.RUNNING,
            Optional.empty(),
            List.of(step("register-data", PipelineRun.StepStatus.DONE, 100, "registered")),
            Optional.empty());
    assertThat(running.summary()).isEqualTo("run p-20261207-030000-0a1b2c running");
    // A report output of another step is not the evaluation report.
    PipelineRun other =
        run(
            PipelineRun.Status.INTERRUPTED,
            Optional.of(60L),
            List.of(
                step("train", PipelineRun.StepStatus.DONE, 10, Map.of("report", "x"), "trained")),
            Optional.of("interrupted"));
    assertThat(other.summary())
        .isEqualTo("run p-20261207-030000-0a1b2c interrupted in 0.1 s\nerror: interrupted");
  }

  @Test
  void numbers_are_written_with_a_dot_whatever_the_default_locale() {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      assertThat(step("train", PipelineRun.StepStatus.DONE, 4_260, "trained").line())
          .isEqualTo("  train                done         4.3 s  trained");
      assertThat(
              run(PipelineRun.Status.SUCCEEDED, Optional.of(1_500L), List.of(), Optional.empty())
                  .summary())
          .isEqualTo("run p-20261207-030000-0a1b2c succeeded in 1.5 s");
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void the_text_forms_are_not_part_of_the_stored_record() {
    PipelineRun r =
        run(
            PipelineRun.Status.SUCCEEDED,
            Optional.of(1_000L),
            List.of(step("train", PipelineRun.StepStatus.DONE, 10, "trained")),
            Optional.empty());
    String json = JsonForm.line(r);
    assertThat(json).doesNotContain("\"summary\"").doesNotContain("\"line\"");
    assertThat(
            JsonForm.read(
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8), PipelineRun.class))
        .isEqualTo(r);
  }
}
