package dev.boostline.task;

/** What kind of prediction a model makes. */
public enum Task {
  /** Two classes; the model outputs the probability of the second (positive) class. */
  BINARY,
  /** More than two classes; the model outputs one probability per class. */
  MULTICLASS,
  /** A number. */
  REGRESSION
}
