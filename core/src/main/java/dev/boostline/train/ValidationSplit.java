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
 * @param fraction share of rows held out, in [0, 1); 0 means no validation set
 * @param groupBy rows sharing this column's value stay on one side (key-hash split)
 * @param timeColumn with {@code validFrom}: rows at or after the cut-off validate
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

  /** A random split, stratified on the target for classification. */
  public static ValidationSplit random(double fraction) {
    return new ValidationSplit(fraction, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Rows sharing a key stay together; about {@code fraction} of keys validate. */
  public static ValidationSplit groupBy(String column, double fraction) {
    return new ValidationSplit(fraction, Optional.of(column), Optional.empty(), Optional.empty());
  }

  /** Rows with {@code column >= validFrom} validate. */
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
