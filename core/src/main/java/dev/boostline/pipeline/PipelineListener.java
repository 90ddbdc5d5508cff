package dev.boostline.pipeline;

/**
 * Callbacks while a pipeline runs, on the thread running it: each step as it starts and ends, and
 * progress inside long steps (training rounds). Implementations must be quick and must not throw.
 */
public interface PipelineListener {
  /** A listener that ignores everything. */
  PipelineListener NONE = new PipelineListener() {};

  /** A step starts. */
  default void onStepStarted(String step) {}

  /** A step ended (done, reused, skipped or failed). */
  default void onStepFinished(PipelineRun.Step step) {}

  /** Progress inside a step, e.g. {@code round 120/1000 valid-logloss 0.2810}. */
  default void onProgress(String step, String message) {}
}
