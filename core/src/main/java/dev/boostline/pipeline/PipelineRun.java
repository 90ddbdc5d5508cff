package dev.boostline.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of a pipeline as recorded in the home ({@code pipelines/<name>/runs/<id>.json}),
 * rewritten atomically after every step: what started it, each step's outcome, timing and the ids
 * it produced, and the error of a failed run.
 *
 * @param fileSha256 SHA-256 of the pipeline file the run read
 * @param trigger what started the run
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
      MANUAL,
      SCHEDULE,
      DATA,
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
   *     register-model}, {@code evaluate}, {@code promote}
   * @param millis how long it took
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
}
