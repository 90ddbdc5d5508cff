package dev.boostline.data;

/**
 * The shares of rows a split holds out: {@code validation} and {@code test}, each in [0, 1) with a
 * sum below 1; training gets the rest. Built by name, so the two cannot be swapped silently: {@code
 * SplitFractions.validation(0.2)}, {@code SplitFractions.test(0.1)}, {@code
 * SplitFractions.validation(0.2).withTest(0.1)}.
 *
 * @param validation share of rows that validate
 * @param test share of rows held out for testing
 */
public record SplitFractions(double validation, double test) {
  public SplitFractions {
    if (!(validation >= 0 && validation < 1)) {
      throw new IllegalArgumentException(
          "validation fraction must be in [0, 1), got " + validation);
    }
    if (!(test >= 0 && test < 1)) {
      throw new IllegalArgumentException("test fraction must be in [0, 1), got " + test);
    }
    if (validation + test >= 1) {
      throw new IllegalArgumentException(
          "validation + test must be < 1 (some rows must train), got " + validation + " + " + test);
    }
  }

  /** A validation share and no test share. */
  public static SplitFractions validation(double share) {
    return new SplitFractions(share, 0);
  }

  /** A test share and no validation share. */
  public static SplitFractions test(double share) {
    return new SplitFractions(0, share);
  }

  /** These fractions with another test share. */
  public SplitFractions withTest(double share) {
    return new SplitFractions(validation, share);
  }

  /** These fractions with another validation share. */
  public SplitFractions withValidation(double share) {
    return new SplitFractions(share, test);
  }
}
