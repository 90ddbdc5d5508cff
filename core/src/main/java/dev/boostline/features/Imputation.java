package dev.boostline.features;

/** How a missing value is filled before it reaches XGBoost. */
public enum Imputation {
  /** Leave it missing: XGBoost learns a default direction for it at every split (the default). */
  NONE,
  /** The mean of the training rows (numbers). */
  MEAN,
  /** The median of the training rows (numbers). */
  MEDIAN,
  /** A fixed value given in the spec. */
  CONSTANT,
  /** The most frequent value of the training rows (numbers, categories, booleans). */
  MOST_FREQUENT
}
