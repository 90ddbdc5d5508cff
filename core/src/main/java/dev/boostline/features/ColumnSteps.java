package dev.boostline.features;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * What to do with one input column. Immutable; start from {@link #defaults()} and change with the
 * {@code with...} methods. In a spec file every field is optional.
 *
 * <p>Numeric columns go through, in this order: {@code ratioTo} (value / other column; a missing or
 * zero denominator gives missing), imputation, {@code clipMin}/{@code clipMax}, {@code log1p}
 * (values {@literal <=} -1 become missing), {@code buckets} (the value becomes the number of bucket
 * edges {@literal <=} it). Everything is computed in double and rounded to float32 once, at the
 * end.
 *
 * @param drop leave the column out of the features
 * @param impute how missing values are filled (default {@link Imputation#NONE})
 * @param constant the fill value for {@link Imputation#CONSTANT}: a number, or a category
 * @param encoding for categorical columns (default {@link CategoricalEncoding#NATIVE})
 * @param maxCategories keep the most frequent categories (ties by value); the rest share one
 *     "other" category. 0 means no limit (default)
 * @param datetimeParts for datetime columns (default year, month, day, day of week, hour)
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record ColumnSteps(
    boolean drop,
    Imputation impute,
    Optional<String> constant,
    CategoricalEncoding encoding,
    int maxCategories,
    List<DatetimePart> datetimeParts,
    boolean log1p,
    Optional<Double> clipMin,
    Optional<Double> clipMax,
    Optional<String> ratioTo,
    List<Double> buckets) {

  /** The default datetime parts. */
  public static final List<DatetimePart> DEFAULT_DATETIME_PARTS =
      List.of(
          DatetimePart.YEAR,
          DatetimePart.MONTH,
          DatetimePart.DAY,
          DatetimePart.DAY_OF_WEEK,
          DatetimePart.HOUR);

  public ColumnSteps {
    impute = impute == null ? Imputation.NONE : impute;
    constant = constant == null ? Optional.empty() : constant;
    encoding = encoding == null ? CategoricalEncoding.NATIVE : encoding;
    datetimeParts = datetimeParts == null ? List.of() : List.copyOf(datetimeParts);
    clipMin = clipMin == null ? Optional.empty() : clipMin;
    clipMax = clipMax == null ? Optional.empty() : clipMax;
    ratioTo = ratioTo == null ? Optional.empty() : ratioTo;
    buckets = buckets == null ? List.of() : List.copyOf(buckets);
    if (maxCategories < 0) {
      throw new IllegalArgumentException("maxCategories must be >= 0, got " + maxCategories);
    }
    if (impute == Imputation.CONSTANT && constant.isEmpty()) {
      throw new IllegalArgumentException("impute CONSTANT needs a constant value");
    }
    if (clipMin.isPresent() && clipMax.isPresent() && clipMin.get() > clipMax.get()) {
      throw new IllegalArgumentException(
          "clipMin " + clipMin.get() + " is greater than clipMax " + clipMax.get());
    }
    for (int i = 1; i < buckets.size(); i++) {
      if (!(buckets.get(i) > buckets.get(i - 1))) {
        throw new IllegalArgumentException("bucket edges must increase, got " + buckets);
      }
    }
  }

  /** The file form: every field optional. */
  @com.fasterxml.jackson.annotation.JsonCreator
  static ColumnSteps fromFile(
      @com.fasterxml.jackson.annotation.JsonProperty("drop") Boolean drop,
      @com.fasterxml.jackson.annotation.JsonProperty("impute") Imputation impute,
      @com.fasterxml.jackson.annotation.JsonProperty("constant") String constant,
      @com.fasterxml.jackson.annotation.JsonProperty("encoding") CategoricalEncoding encoding,
      @com.fasterxml.jackson.annotation.JsonProperty("maxCategories") Integer maxCategories,
      @com.fasterxml.jackson.annotation.JsonProperty("datetimeParts") List<DatetimePart> parts,
      @com.fasterxml.jackson.annotation.JsonProperty("log1p") Boolean log1p,
      @com.fasterxml.jackson.annotation.JsonProperty("clipMin") Double clipMin,
      @com.fasterxml.jackson.annotation.JsonProperty("clipMax") Double clipMax,
      @com.fasterxml.jackson.annotation.JsonProperty("ratioTo") String ratioTo,
      @com.fasterxml.jackson.annotation.JsonProperty("buckets") List<Double> buckets) {
    return new ColumnSteps(
        drop != null && drop,
        impute,
        Optional.ofNullable(constant),
        encoding,
        maxCategories == null ? 0 : maxCategories,
        parts,
        log1p != null && log1p,
        Optional.ofNullable(clipMin),
        Optional.ofNullable(clipMax),
        Optional.ofNullable(ratioTo),
        buckets);
  }

  /** Every step at its default: keep the column, no imputation, native categories. */
  public static ColumnSteps defaults() {
    return new ColumnSteps(
        false,
        Imputation.NONE,
        Optional.empty(),
        CategoricalEncoding.NATIVE,
        0,
        List.of(),
        false,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  public ColumnSteps withDrop(boolean value) {
    return new ColumnSteps(
        value,
        impute,
        constant,
        encoding,
        maxCategories,
        datetimeParts,
        log1p,
        clipMin,
        clipMax,
        ratioTo,
        buckets);
  }

  public ColumnSteps withImpute(Imputation value) {
    return new ColumnSteps(
        drop,
        value,
        constant,
        encoding,
        maxCategories,
        datetimeParts,
        log1p,
        clipMin,
        clipMax,
        ratioTo,
        buckets);
  }

  /** Constant imputation with this value (a number or a category). */
  public ColumnSteps withConstant(String value) {
    return new ColumnSteps(
        drop,
        Imputation.CONSTANT,
        Optional.of(value),
        encoding,
        maxCategories,
        datetimeParts,
        log1p,
        clipMin,
        clipMax,
        ratioTo,
        buckets);
  }

  public ColumnSteps withEncoding(CategoricalEncoding value) {
    return new ColumnSteps(
        drop,
        impute,
        constant,
        value,
        maxCategories,
        datetimeParts,
        log1p,
        clipMin,
        clipMax,
        ratioTo,
        buckets);
  }

  public ColumnSteps withMaxCategories(int value) {
    return new ColumnSteps(
        drop,
        impute,
        constant,
        encoding,
        value,
        datetimeParts,
        log1p,
        clipMin,
        clipMax,
        ratioTo,
        buckets);
  }

  public ColumnSteps withDatetimeParts(List<DatetimePart> value) {
    return new ColumnSteps(
        drop,
        impute,
        constant,
        encoding,
        maxCategories,
        value,
        log1p,
        clipMin,
        clipMax,
        ratioTo,
        buckets);
  }

  public ColumnSteps withLog1p(boolean value) {
    return new ColumnSteps(
        drop,
        impute,
        constant,
        encoding,
        maxCategories,
        datetimeParts,
        value,
        clipMin,
        clipMax,
        ratioTo,
        buckets);
  }

  /** Clips to [min, max]; either bound may be null for none. */
  public ColumnSteps withClip(Double min, Double max) {
    return new ColumnSteps(
        drop,
        impute,
        constant,
        encoding,
        maxCategories,
        datetimeParts,
        log1p,
        Optional.ofNullable(min),
        Optional.ofNullable(max),
        ratioTo,
        buckets);
  }

  /** Divides by another numeric column. */
  public ColumnSteps withRatioTo(String denominator) {
    return new ColumnSteps(
        drop,
        impute,
        constant,
        encoding,
        maxCategories,
        datetimeParts,
        log1p,
        clipMin,
        clipMax,
        Optional.of(denominator),
        buckets);
  }

  /** Replaces the value with its bucket index for these increasing edges. */
  public ColumnSteps withBuckets(List<Double> edges) {
    return new ColumnSteps(
        drop,
        impute,
        constant,
        encoding,
        maxCategories,
        datetimeParts,
        log1p,
        clipMin,
        clipMax,
        ratioTo,
        edges);
  }
}
