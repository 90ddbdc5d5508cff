package dev.boostline.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/**
 * Statistics of one column, computed once at registration. It is the reference that drift
 * monitoring compares served data against.
 *
 * @param count non-missing values
 * @param missing missing values
 * @param distinct distinct non-missing values (exact unless {@code approximate})
 * @param numeric for INTEGER, DOUBLE and DATETIME columns
 * @param histogram for INTEGER, DOUBLE and DATETIME columns with at least one value
 * @param topValues for CATEGORICAL, BOOLEAN and TEXT columns: the most frequent values, most
 *     frequent first (ties by value), at most {@link DatasetProfile#TOP_VALUES}
 * @param otherCount non-missing values not listed in {@code topValues}
 * @param minValue, maxValue the smallest and largest value as text (ISO-8601 for DATETIME)
 * @param approximate true when {@code distinct}, the quantiles, the histogram or the top values
 *     come from sketches because the column exceeded the exact limits of {@link ProfileBuilder};
 *     counts, minimum, maximum, mean and standard deviation are exact either way. False in profiles
 *     written before sketches existed (they were exact).
 */
public record ColumnProfile(
    String name,
    ColumnType type,
    long count,
    long missing,
    long distinct,
    Optional<NumericSummary> numeric,
    Optional<Histogram> histogram,
    List<ValueCount> topValues,
    long otherCount,
    Optional<String> minValue,
    Optional<String> maxValue,
    boolean approximate) {
  public ColumnProfile {
    topValues = List.copyOf(topValues);
  }

  /** The JSON form: {@code approximate} is absent from profiles written before sketches. */
  @JsonCreator
  static ColumnProfile fromJson(
      @JsonProperty("name") String name,
      @JsonProperty("type") ColumnType type,
      @JsonProperty("count") long count,
      @JsonProperty("missing") long missing,
      @JsonProperty("distinct") long distinct,
      @JsonProperty("numeric") Optional<NumericSummary> numeric,
      @JsonProperty("histogram") Optional<Histogram> histogram,
      @JsonProperty("topValues") List<ValueCount> topValues,
      @JsonProperty("otherCount") long otherCount,
      @JsonProperty("minValue") Optional<String> minValue,
      @JsonProperty("maxValue") Optional<String> maxValue,
      @JsonProperty("approximate") Boolean approximate) {
    return new ColumnProfile(
        name,
        type,
        count,
        missing,
        distinct,
        numeric == null ? Optional.empty() : numeric,
        histogram == null ? Optional.empty() : histogram,
        topValues == null ? List.of() : topValues,
        otherCount,
        minValue == null ? Optional.empty() : minValue,
        maxValue == null ? Optional.empty() : maxValue,
        approximate != null && approximate);
  }

  /** Share of missing values among all rows, 0 for an empty column. */
  public double missingRate() {
    long rows = count + missing;
    return rows == 0 ? 0 : (double) missing / rows;
  }
}
