package dev.boostline.data;

import java.util.Map;

/**
 * Summary of a numeric column over its non-missing values. For a DATETIME column the numbers are
 * seconds since 1970-01-01T00:00 of the local date-time.
 *
 * @param min the smallest value
 * @param max the largest value
 * @param mean the arithmetic mean
 * @param std population standard deviation
 * @param quantiles keys p01, p05, p25, p50, p75, p95, p99 (linear interpolation; from a sketch when
 *     the column's profile says {@code approximate}); copied
 */
public record NumericSummary(
    double min, double max, double mean, double std, Map<String, Double> quantiles) {
  public NumericSummary {
    quantiles = Map.copyOf(quantiles);
  }
}
