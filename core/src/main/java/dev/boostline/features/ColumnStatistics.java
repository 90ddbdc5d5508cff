package dev.boostline.features;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.Optional;

/**
 * What fitting a {@link FeatureSpec} needs to know about one input column over the training rows.
 * {@link FeatureSpec#fit(dev.boostline.data.Dataset, int[])} computes it on one machine;
 * boostline-spark computes the same values distributed and calls {@link FeatureSpec#fit(
 * dev.boostline.data.Schema, Map)}, so both give identical fitted features. Every value is defined
 * so that the order of the rows does not change it:
 *
 * <ul>
 *   <li>numeric columns (the value after {@code ratioTo}): {@code present}, {@code min}, {@code
 *       max}, and the {@code fill} of the column's imputation: {@link #mean} of the exact sum,
 *       {@link #median} (type 7, linear between the two middle order statistics), or the most
 *       frequent value (ties to the smallest);
 *   <li>boolean columns: the counts of true and false;
 *   <li>categorical columns: the count of every category.
 * </ul>
 *
 * @param present non-missing values
 * @param min, max the smallest and largest non-missing value (numeric columns; NaN when none)
 * @param fill the imputation value computed for the column's step, when its imputation needs data
 * @param categories per category its count (categorical columns)
 * @param trues, falses counts of a boolean column
 */
public record ColumnStatistics(
    long present,
    double min,
    double max,
    Optional<Double> fill,
    Map<String, Long> categories,
    long trues,
    long falses) {
  public ColumnStatistics {
    categories = Map.copyOf(categories);
  }

  /** The statistics of a numeric column. */
  public static ColumnStatistics numeric(
      long present, double min, double max, Optional<Double> fill) {
    return new ColumnStatistics(present, min, max, fill, Map.of(), 0, 0);
  }

  /** The statistics of a categorical column. */
  public static ColumnStatistics categorical(Map<String, Long> counts) {
    long n = counts.values().stream().mapToLong(Long::longValue).sum();
    return new ColumnStatistics(n, Double.NaN, Double.NaN, Optional.empty(), counts, 0, 0);
  }

  /** The statistics of a boolean column. */
  public static ColumnStatistics bool(long trues, long falses) {
    return new ColumnStatistics(
        trues + falses, Double.NaN, Double.NaN, Optional.empty(), Map.of(), trues, falses);
  }

  /**
   * The mean from an exact sum (every double is an exact BigDecimal, so the sum does not depend on
   * the order): the sum divided by {@code n} to 34 digits, then rounded to a double.
   */
  public static double mean(BigDecimal exactSum, long n) {
    return exactSum.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128).doubleValue();
  }

  /**
   * The median of {@code n} values from the order statistics at 0-based ranks {@code (n - 1) / 2}
   * ({@code lower}) and the next one ({@code upper}, equal to {@code lower} when {@code n} is odd):
   * {@code lower + 0.5 * (upper - lower)} for even {@code n}, exactly as {@link
   * dev.boostline.data.Stats#quantileSorted} computes it.
   */
  public static double median(double lower, double upper, long n) {
    double h = (n - 1) * 0.5;
    long lo = (long) Math.floor(h);
    return lower + (h - lo) * (upper - lower);
  }

  /** The 0-based ranks of the two order statistics {@link #median} needs. */
  public static long[] medianRanks(long n) {
    long lo = (long) Math.floor((n - 1) * 0.5);
    return new long[] {lo, Math.min(lo + 1, n - 1)};
  }
}
