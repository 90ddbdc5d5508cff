package dev.boostline.train;

import dev.boostline.data.Dataset;
import dev.boostline.data.DatasetSplit;
import dev.boostline.data.SplitFractions;
import dev.boostline.data.Splits;
import java.util.Optional;

/**
 * How training rows are split into train and validation (for early stopping and the reported
 * validation metrics). Immutable.
 *
 * @param fraction share of rows held out, in [0, 1); 0 means no validation set (ignored by a time
 *     split)
 * @param groupBy rows sharing this column's value stay on one side (key-hash split)
 * @param timeColumn with {@code validFrom}: rows at or after the cut-off validate, earlier rows
 *     train; a row with a missing time is refused
 * @param validFrom the cut-off: ISO-8601 for a DATETIME column, a number for a numeric one
 */
public record ValidationSplit(
    double fraction,
    Optional<String> groupBy,
    Optional<String> timeColumn,
    Optional<String> validFrom) {
  public ValidationSplit {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + fraction);
    }
    if (timeColumn.isPresent() != validFrom.isPresent()) {
      throw new IllegalArgumentException("a time split needs both a column and a cut-off");
    }
  }

  /** No validation set. */
  public static ValidationSplit none() {
    return new ValidationSplit(0, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * A random split seeded with the parameters' seed, stratified on the target for classification.
   *
   * @param fraction share of rows that validate, in [0, 1)
   */
  public static ValidationSplit random(double fraction) {
    return new ValidationSplit(fraction, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * Rows sharing a key stay together (a customer's rows, say, so validation measures unseen
   * customers); about {@code fraction} of the keys validate, chosen by a seeded hash of the key.
   */
  public static ValidationSplit groupBy(String column, double fraction) {
    return new ValidationSplit(fraction, Optional.of(column), Optional.empty(), Optional.empty());
  }

  /**
   * Rows with {@code column >= validFrom} validate, the earlier ones train: validation then
   * measures the future, as production will.
   */
  public static ValidationSplit byTime(String column, String validFrom) {
    return new ValidationSplit(0, Optional.empty(), Optional.of(column), Optional.of(validFrom));
  }

  /** Whether this split produces a validation set. */
  public boolean hasValidation() {
    return fraction > 0 || timeColumn.isPresent();
  }

  /** Splits a dataset; stratified on {@code target} when given (classification). */
  DatasetSplit apply(Dataset data, Optional<String> stratifyOn, long seed) {
    if (timeColumn.isPresent()) {
      return Splits.byTime(data, timeColumn.get(), validFrom.get(), null);
    }
    if (groupBy.isPresent()) {
      return Splits.byKeyHash(data, groupBy.get(), SplitFractions.validation(fraction), seed);
    }
    if (stratifyOn.isPresent()) {
      return Splits.stratified(data, stratifyOn.get(), SplitFractions.validation(fraction), seed);
    }
    return Splits.random(data.rowCount(), SplitFractions.validation(fraction), seed);
  }
}
