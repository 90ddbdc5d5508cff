package dev.boostline.common;

/**
 * A file in the home no longer matches what was recorded when it was written (a checksum mismatch,
 * an unreadable manifest, an unknown format version). Nothing is loaded from it.
 */
public class CorruptStoreException extends BoostlineException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message meant for a person (what, where, what was expected). */
  public CorruptStoreException(String message) {
    super(message);
  }

  /** An exception with a message meant for a person and the failure that caused it. */
  public CorruptStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
