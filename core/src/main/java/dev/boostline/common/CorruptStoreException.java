package dev.boostline.common;

/**
 * A file in the home no longer matches what was recorded when it was written (a checksum mismatch,
 * an unreadable manifest, an unknown format version). Nothing is loaded from it.
 */
public class CorruptStoreException extends BoostlineException {
  private static final long serialVersionUID = 1L;

  public CorruptStoreException(String message) {
    super(message);
  }

  public CorruptStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
