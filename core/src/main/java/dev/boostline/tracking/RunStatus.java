package dev.boostline.tracking;

/** Lifecycle of a run. */
public enum RunStatus {
  /** Started and not finished (or the process died: see the run's start time). */
  RUNNING,
  /** Trained and recorded: metrics, artifacts and the end time are in the record. */
  FINISHED,
  /** Stopped by an error; the record holds its message and no artifacts. */
  FAILED
}
