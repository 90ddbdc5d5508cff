package dev.boostline.features;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Optional;

/**
 * One fitted transformation of an input column into one or more output features. Immutable values
 * with a stable JSON form (the {@code kind} property names the variant).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = FittedFeature.Numeric.class, name = "numeric"),
  @JsonSubTypes.Type(value = FittedFeature.Bool.class, name = "boolean"),
  @JsonSubTypes.Type(value = FittedFeature.Category.class, name = "categorical"),
  @JsonSubTypes.Type(value = FittedFeature.DatetimeParts.class, name = "datetime")
})
public sealed interface FittedFeature {
  /** The input column read. */
  String column();

  /** Names of the features produced, in order. */
  List<String> outputNames();

  /** XGBoost feature types of the outputs: {@code q} (quantitative) or {@code c} (categorical). */
  List<String> outputTypes();

  /**
   * A numeric column (integer or double) to one feature. See {@link ColumnSteps} for the order of
   * the steps.
   *
   * @param column the input column read
   * @param name the output feature's name (the column's name)
   * @param ratioTo the denominator column, read too when present
   * @param fill the imputed value for missing values, absent to leave them missing
   * @param clipMin the lower clip bound
   * @param clipMax the upper clip bound
   * @param log1p whether {@code log(1 + x)} is applied
   * @param buckets increasing bucket edges, empty for none (copied)
   */
  record Numeric(
      String column,
      String name,
      Optional<String> ratioTo,
      Optional<Double> fill,
      Optional<Double> clipMin,
      Optional<Double> clipMax,
      boolean log1p,
      List<Double> buckets)
      implements FittedFeature {
    public Numeric {
      buckets = List.copyOf(buckets);
    }

    @Override
    public List<String> outputNames() {
      return List.of(name);
    }

    @Override
    public List<String> outputTypes() {
      return List.of("q");
    }

    /**
     * The feature value of a raw value (NaN for missing) and the denominator column's raw value
     * (ignored without {@code ratioTo}).
     */
    public float apply(double raw, double denominator) {
      double v = raw;
      if (ratioTo.isPresent()) {
        v = (Double.isNaN(denominator) || denominator == 0) ? Double.NaN : v / denominator;
      }
      if (Double.isNaN(v) && fill.isPresent()) {
        v = fill.get();
      }
      if (!Double.isNaN(v)) {
        if (clipMin.isPresent() && v < clipMin.get()) {
          v = clipMin.get();
        }
        if (clipMax.isPresent() && v > clipMax.get()) {
          v = clipMax.get();
        }
        if (log1p) {
          v = v <= -1 ? Double.NaN : Math.log1p(v);
        }
        if (!buckets.isEmpty() && !Double.isNaN(v)) {
          int k = 0;
          while (k < buckets.size() && buckets.get(k) <= v) {
            k++;
          }
          v = k;
        }
      }
      return (float) v;
    }
  }

  /**
   * A boolean column to one 0/1 feature.
   *
   * @param column the input column read
   * @param name the output feature's name (the column's name)
   * @param fill 1 or 0 for missing values, absent to leave them missing
   */
  record Bool(String column, String name, Optional<Double> fill) implements FittedFeature {
    @Override
    public List<String> outputNames() {
      return List.of(name);
    }

    @Override
    public List<String> outputTypes() {
      return List.of("q");
    }

    /** 1 for true, 0 for false, the fill or NaN for missing. */
    public float apply(Boolean value) {
      if (value == null) {
        return fill.map(Double::floatValue).orElse(Float.NaN);
      }
      return value ? 1f : 0f;
    }
  }

  /**
   * A categorical column through a fitted dictionary. A category's code is its index in {@code
   * categories} (sorted by value). With {@code otherCategory}, the last code stands for every
   * category outside the dictionary: those beyond {@code maxCategories} in training and those never
   * seen in training. Without it, a category outside the dictionary is missing. A missing value
   * takes the fill when there is one, else it is missing (NaN in every output).
   *
   * @param column the input column read; also the output name, or the prefix of the one-hot names
   *     ({@code column=value}, {@code column=(other)})
   * @param encoding NATIVE: one categorical feature holding the code; ORDINAL: one numeric feature
   *     holding the code; ONE_HOT: one 0/1 feature per code
   * @param categories the dictionary, sorted by value (copied)
   * @param otherCategory true when the last code stands for "other"
   * @param fill the category used for missing values, absent to leave them missing
   */
  record Category(
      String column,
      CategoricalEncoding encoding,
      List<String> categories,
      boolean otherCategory,
      Optional<String> fill)
      implements FittedFeature {
    public Category {
      categories = List.copyOf(categories);
    }

    /** Number of codes, including "other". */
    public int codes() {
      return categories.size() + (otherCategory ? 1 : 0);
    }

    @Override
    public List<String> outputNames() {
      if (encoding != CategoricalEncoding.ONE_HOT) {
        return List.of(column);
      }
      java.util.ArrayList<String> names = new java.util.ArrayList<>();
      for (String c : categories) {
        names.add(column + "=" + c);
      }
      if (otherCategory) {
        names.add(column + "=(other)");
      }
      return names;
    }

    @Override
    public List<String> outputTypes() {
      if (encoding == CategoricalEncoding.NATIVE) {
        return List.of("c");
      }
      return java.util.Collections.nCopies(outputNames().size(), "q");
    }
  }

  /**
   * A datetime column to one numeric feature per part. Missing values stay missing.
   *
   * @param column the input column read; outputs are named {@code column.part}
   * @param parts the parts, in output order (copied)
   */
  record DatetimeParts(String column, List<DatetimePart> parts) implements FittedFeature {
    public DatetimeParts {
      parts = List.copyOf(parts);
    }

    @Override
    public List<String> outputNames() {
      return parts.stream().map(p -> column + "." + p.id()).toList();
    }

    @Override
    public List<String> outputTypes() {
      return java.util.Collections.nCopies(parts.size(), "q");
    }
  }
}
