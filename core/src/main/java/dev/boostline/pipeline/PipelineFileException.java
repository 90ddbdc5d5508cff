package dev.boostline.pipeline;

import dev.boostline.common.BoostlineException;

/**
 * A pipeline file that cannot be used: unreadable YAML, an unknown key, a value of the wrong type,
 * a missing required key, a file it names that does not exist. The message names the file, the line
 * and the key, and what was expected.
 */
public class PipelineFileException extends BoostlineException {
  private static final long serialVersionUID = 1L;

  public PipelineFileException(String message) {
    super(message);
  }

  public PipelineFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
