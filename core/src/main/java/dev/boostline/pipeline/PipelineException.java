package dev.boostline.pipeline;

import dev.boostline.common.BoostlineException;

/**
 * A pipeline run that failed: the failed step and its cause, with the run as recorded in the home
 * (status FAILED, every step up to the failure).
 */
public class PipelineException extends BoostlineException {
  private static final long serialVersionUID = 1L;

  private final transient PipelineRun run;

  public PipelineException(String message, PipelineRun run, Throwable cause) {
    super(message, cause);
    this.run = run;
  }

  /** The run as recorded. */
  public PipelineRun run() {
    return run;
  }
}
