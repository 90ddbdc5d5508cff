package dev.boostline.metrics;

/**
 * A point estimate with a confidence interval, in the unit of the metric (or of the difference of
 * two metrics). {@code lower} and {@code upper} are both NaN when no resample defined the metric;
 * the estimate is NaN when the metric is undefined on the full data. A percentile interval need not
 * contain the estimate, though it almost always does for a metric that is smooth in the rows.
 * Immutable.
 */
public record Interval(double estimate, double lower, double upper) {

  /**
   * Checks that the bounds are ordered, or both NaN.
   *
   * @throws IllegalArgumentException if {@code lower > upper}, or exactly one of them is NaN
   */
  public Interval {
    if (Double.isNaN(lower) != Double.isNaN(upper)) {
      throw new IllegalArgumentException(
          "lower and upper must both be NaN or both numbers, got [" + lower + ", " + upper + "]");
    }
    if (lower > upper) {
      throw new IllegalArgumentException(
          "lower must be <= upper, got [" + lower + ", " + upper + "]");
    }
  }

  /** Whether {@code value} lies in [lower, upper]; false when the bounds are NaN. */
  public boolean contains(double value) {
    return lower <= value && value <= upper;
  }
}
