package dev.boostline.features;

import dev.boostline.common.BoostlineException;

/**
 * A record or table cannot be turned into features: a required column is absent, or a value has the
 * wrong type. The message names the column and what was expected.
 */
public class FeatureException extends BoostlineException {
  private static final long serialVersionUID = 1L;

  private final String column;

  /**
   * An exception about one column.
   *
   * @param column the column at fault, as named in the schema or record
   * @param message the whole message for a person: it names the column, the value where there is
   *     one, and what was expected
   */
  public FeatureException(String column, String message) {
    super(message);
    this.column = column;
  }

  /** The column at fault. */
  public String column() {
    return column;
  }
}
