package dev.boostline.pipeline;

import java.time.Instant;
import java.util.Optional;

/**
 * Something a watcher did: a trigger fired, was skipped, a run finished or failed.
 *
 * @param at when, by the watcher's clock
 * @param kind what happened
 * @param message in words, for a log
 * @param run the run it concerns, when there is one
 */
public record WatchEvent(Instant at, Kind kind, String message, Optional<PipelineRun> run) {
  /** The kinds of events. */
  public enum Kind {
    /** The watcher started or stopped, or noticed something worth a line. */
    INFO,
    /** A trigger fired and a run starts. */
    TRIGGERED,
    /** A trigger was due but no run started (one is in progress, the file was seen before...). */
    SKIPPED,
    /** A run finished (promoted or rejected: see the run). */
    RUN_FINISHED,
    /** A run failed; the watcher goes on. */
    RUN_FAILED
  }
}
