package dev.boostline.model;

import dev.boostline.common.CorruptStoreException;

/** A model bundle cannot be used: unknown format, damaged files, or golden rows that differ. */
public class ModelLoadException extends CorruptStoreException {
  private static final long serialVersionUID = 1L;

  /** An exception whose message names the bundle and what is wrong with it. */
  public ModelLoadException(String message) {
    super(message);
  }

  /** An exception whose message names the bundle and what is wrong with it, and its cause. */
  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
