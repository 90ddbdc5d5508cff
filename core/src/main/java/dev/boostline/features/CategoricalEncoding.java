package dev.boostline.features;

/** How a categorical column becomes features. */
public enum CategoricalEncoding {
  /**
   * One feature of XGBoost's categorical type: the category's code in the fitted dictionary
   * (0..K-1); XGBoost splits on category sets. The default.
   */
  NATIVE,
  /** One 0/1 numeric feature per category of the dictionary. */
  ONE_HOT,
  /** One numeric feature: the category's code in the dictionary (sorted by value). */
  ORDINAL
}
