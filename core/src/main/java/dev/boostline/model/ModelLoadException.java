package dev.boostline.model;

import dev.boostline.common.CorruptStoreException;

/** A model bundle cannot be used: unknown format, damaged files, or golden rows that differ. */
public class ModelLoadException extends CorruptStoreException {
  private static final long serialVersionUID = 1L;

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
