package dev.boostline.common;

/**
 * Base of every exception Boostline throws on purpose. Unchecked: callers that can recover catch
 * the specific subclass; everyone else lets it reach the top, where the message is meant for a
 * person (it says what went wrong, where, and what was expected).
 */
public class BoostlineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message meant for a person (what, where, what was expected). */
  public BoostlineException(String message) {
    super(message);
  }

  /** An exception with a message meant for a person and the failure that caused it. */
  public BoostlineException(String message, Throwable cause) {
    super(message, cause);
  }
}
