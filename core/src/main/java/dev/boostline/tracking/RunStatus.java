package dev.boostline.tracking;

/** Lifecycle of a run. */
public enum RunStatus {
  /** Started and not finished (or the process died: see the run's start time). */
  RUNNING,
  FINISHED,
  FAILED
}
