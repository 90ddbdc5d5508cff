package dev.boostline.common;

/**
 * A write refused because the state it was based on changed: an alias moved since it was read, a
 * version exists with different content, another process holds what is needed. Nothing was changed;
 * the message names what was expected and what was found.
 */
public class ConflictException extends BoostlineException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message meant for a person (what, where, what was expected). */
  public ConflictException(String message) {
    super(message);
  }

  /** An exception with a message meant for a person and the failure that caused it. */
  public ConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
