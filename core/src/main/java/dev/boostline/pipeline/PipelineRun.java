package dev.boostline.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of a pipeline as recorded in the home ({@code pipelines/<name>/runs/<id>.json}),
 * rewritten atomically after every step: what started it, each step's outcome, timing and the ids
 * it produced, and the error of a failed run. Immutable.
 *
 * @param formatVersion the record format it was written in ({@link #FORMAT_VERSION})
 * @param id the run id, {@code p-yyyyMMdd-HHmmss-<6 hex>} (UTC start time)
 * @param pipeline the pipeline's name
 * @param file the path of the pipeline file the run read
 * @param fileSha256 SHA-256 of the pipeline file the run read
 * @param trigger what started the run
 * @param startedAt when the run started (millisecond precision)
 * @param endedAt when it ended; absent while running
 * @param status where the run is
 * @param steps the steps run so far, in order
 * @param error why the run failed or was interrupted
 * @param pid the operating-system process that ran it
 */
public record PipelineRun(
    int formatVersion,
    String id,
    String pipeline,
    String file,
    String fileSha256,
    Trigger trigger,
    Instant startedAt,
    Optional<Instant> endedAt,
    Status status,
    List<Step> steps,
    Optional<String> error,
    long pid) {
  /** The run record format this library writes and reads. */
  public static final int FORMAT_VERSION = 1;

  public PipelineRun {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(trigger, "trigger");
    steps = List.copyOf(steps);
    Objects.requireNonNull(endedAt, "endedAt");
    Objects.requireNonNull(error, "error");
  }

  /** Where a run is. */
  public enum Status {
    /**
     * Running now (or killed: see {@link PipelineRuns}, which reports a dead one as interrupted).
     */
    RUNNING,
    /** Every step finished (the candidate may have been promoted or rejected). */
    SUCCEEDED,
    /** A step failed; {@link #error()} says why. */
    FAILED,
    /** The process stopped (a signal, a crash) before the run finished. */
    INTERRUPTED
  }

  /** What a step did. */
  public enum StepStatus {
    /** Ran and finished. */
    DONE,
    /** Already done by an earlier run with the same inputs: its result was reused. */
    REUSED,
    /** Not run, for the reason in its message (the policy rejected, promotion disabled...). */
    SKIPPED,
    /** Failed; the run stopped here. */
    FAILED
  }

  /**
   * What started a run.
   *
   * @param kind manual, a schedule, new data or drift
   * @param detail the cron expression, the file that landed, the drift that crossed its threshold
   */
  public record Trigger(Kind kind, String detail) {
    public Trigger {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(detail, "detail");
    }

    /** A run started by a person or a program, with no trigger. */
    public static Trigger manual() {
      return new Trigger(Kind.MANUAL, "");
    }

    /** The kinds of trigger. */
    public enum Kind {
      /** Started on request (the command, the API); the detail is empty. */
      MANUAL,
      /** The pipeline's cron schedule came due; the detail holds the expression and due time. */
      SCHEDULE,
      /** A new data file landed in the watched folder; the detail names it. */
      DATA,
      /** Drift in production crossed its threshold; the detail says which and by how much. */
      DRIFT
    }

    @Override
    public String toString() {
      return detail.isEmpty()
          ? kind.name().toLowerCase(java.util.Locale.ROOT)
          : kind.name().toLowerCase(java.util.Locale.ROOT) + " (" + detail + ")";
    }
  }

  /**
   * One step's outcome.
   *
   * @param name {@code register-data}, {@code register-evaluation}, {@code train}, {@code
   *     register-model}, {@code evaluate}, {@code promote}, {@code push}
   * @param status what the step did
   * @param startedAt when the step started
   * @param millis how long it took, in milliseconds
   * @param outputs the ids and facts it produced (dataset version, run id, model version, decision
   *     id, verdict...), by name
   * @param message the outcome in words
   */
  public record Step(
      String name,
      StepStatus status,
      Instant startedAt,
      long millis,
      Map<String, String> outputs,
      String message) {
    public Step {
      outputs = Map.copyOf(outputs);
    }

    /**
     * The step as one line of text, as {@code boostline pipeline run} prints it when the step ends:
     * two spaces, the name left-aligned in 20 columns, the status in lower case left-aligned in 8,
     * the seconds with one decimal right-aligned in 7, {@code " s"}, two spaces, the message. A
     * longer name or status pushes the rest right; nothing is cut. Numbers use {@link Locale#ROOT}
     * (a dot, whatever the default locale). No line terminator. For example (quotes not included):
     *
     * <pre>{@code
     * "  register-model       done         0.3 s  registered income@2"
     * }</pre>
     */
    public String line() {
      return String.format(
          Locale.ROOT,
          "  %-20s %-8s %7.1f s  %s",
          name,
          status.name().toLowerCase(Locale.ROOT),
          millis / 1000.0,
          message);
    }
  }

  /** The output {@code key} of step {@code step}, if the run got that far. */
  public Optional<String> output(String step, String key) {
    return steps.stream()
        .filter(s -> s.name().equals(step))
        .reduce((a, b) -> b)
        .flatMap(s -> Optional.ofNullable(s.outputs().get(key)));
  }

  /** The step named {@code name}, if it ran. */
  public Optional<Step> step(String name) {
    return steps.stream().filter(s -> s.name().equals(name)).reduce((a, b) -> b);
  }

  /** Total wall time, when finished. */
  public Optional<java.time.Duration> duration() {
    return endedAt.map(e -> java.time.Duration.between(startedAt, e));
  }

  /**
   * The run's outcome in words, as {@code boostline pipeline run} prints it after the steps: {@code
   * "run <id> <status>"} (status in lower case), then {@code " in <seconds> s"} with one decimal
   * when the run has ended; then a line {@code "report: <path>"} when the {@value
   * Pipeline#EVALUATE} step wrote a report, and a line {@code "error: <error>"} when the run
   * failed, in that order. Lines are separated by {@code \n}, with none after the last. Numbers use
   * {@link Locale#ROOT}.
   */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append("run ").append(id).append(' ').append(status.name().toLowerCase(Locale.ROOT));
    duration()
        .ifPresent(d -> sb.append(String.format(Locale.ROOT, " in %.1f s", d.toMillis() / 1000.0)));
    output(Pipeline.EVALUATE, "report").ifPresent(p -> sb.append("\nreport: ").append(p));
    error.ifPresent(e -> sb.append("\nerror: ").append(e));
    return sb.toString();
  }
}
