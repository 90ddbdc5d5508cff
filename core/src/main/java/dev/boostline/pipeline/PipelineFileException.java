package dev.boostline.pipeline;

import dev.boostline.common.BoostlineException;

/**
 * A pipeline file that cannot be used: unreadable YAML, an unknown key, a value of the wrong type,
 * a missing required key, a file it names that does not exist. The message names the file, the line
 * and the key, and what was expected.
 */
public class PipelineFileException extends BoostlineException {
  private static final long serialVersionUID = 1L;

  /** An exception whose message names the file, the line or key, and what was expected. */
  public PipelineFileException(String message) {
    super(message);
  }

  /** The same, with the parse or I/O failure that caused it. */
  public PipelineFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
