package dev.boostline.features;

import dev.boostline.common.BoostlineException;

/**
 * A record or table cannot be turned into features: a required column is absent, or a value has the
 * wrong type. The message names the column and what was expected.
 */
public class FeatureException extends BoostlineException {
  private static final long serialVersionUID = 1L;

  private final String column;

  public FeatureException(String column, String message) {
    super(message);
    this.column = column;
  }

  /** The column at fault. */
  public String column() {
    return column;
  }
}
