package dev.boostline.features;

import dev.boostline.common.BoostlineException;
import dev.boostline.data.ColumnSchema;
import dev.boostline.data.ColumnType;
import dev.boostline.data.Dataset;
import dev.boostline.data.Schema;
import dev.boostline.data.Stats;
import dev.boostline.data.Values;
import dev.boostline.util.internal.Hashing;
import dev.boostline.util.internal.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;

/**
 * What features to build from a dataset, before fitting: the target, the weight, id and ignored
 * columns, and per-column {@link ColumnSteps}. Immutable; build with {@link #builder()} or read a
 * file with {@link #read(Path)}.
 *
 * <p>Columns without steps get defaults from the schema: numbers as they are, booleans as 0/1,
 * categorical columns as XGBoost native categories, datetimes as year/month/day/day of week/hour,
 * text columns dropped (with a note). The target, weight, id and ignored columns are never
 * features.
 *
 * <p>File form (YAML or JSON; enum values in any case):
 *
 * <pre>
 * target: income
 * weight: fnlwgt          # optional
 * ids: [customer_id]      # optional
 * ignore: [education_num] # optional
 * columns:                # optional
 *   age: {impute: median, buckets: [18, 30, 45, 65]}
 *   occupation: {encoding: one_hot, maxCategories: 10}
 *   capital_gain: {log1p: true}
 * </pre>
 *
 * @param target the column to predict; absent for a spec used only to transform
 */
public record FeatureSpec(
    Optional<String> target,
    Optional<String> weight,
    List<String> ids,
    List<String> ignore,
    Map<String, ColumnSteps> columns) {
  public FeatureSpec {
    target = target == null ? Optional.empty() : target;
    weight = weight == null ? Optional.empty() : weight;
    ids = ids == null ? List.of() : List.copyOf(ids);
    ignore = ignore == null ? List.of() : List.copyOf(ignore);
    columns = columns == null ? Map.of() : Map.copyOf(new TreeMap<>(columns));
  }

  /** A spec with only a target: every other column by the schema defaults. */
  public static FeatureSpec forTarget(String target) {
    return builder().target(target).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this spec. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.target = target.orElse(null);
    b.weight = weight.orElse(null);
    b.ids.addAll(ids);
    b.ignore.addAll(ignore);
    b.columns.putAll(columns);
    return b;
  }

  /** The steps of a column: the spec's, or the defaults. */
  public ColumnSteps steps(String column) {
    return columns.getOrDefault(column, ColumnSteps.defaults());
  }

  /**
   * SHA-256 of the spec's canonical JSON: equal specs have equal hashes (tracked with every run).
   */
  public String sha256() {
    return Hashing.sha256(Json.toString(this).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a spec file (YAML when the name ends in .yaml or .yml, else JSON).
   *
   * @throws BoostlineException naming the file and the problem
   */
  public static FeatureSpec read(Path file) {
    try {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
      FeatureSpec spec =
          (yaml ? Json.yaml() : Json.mapper())
              .readValue(Files.readAllBytes(file), FeatureSpec.class);
      if (spec == null) {
        throw new BoostlineException(file + ": the feature spec is empty");
      }
      return spec;
    } catch (NoSuchFileException e) {
      throw new BoostlineException("feature spec not found: " + file, e);
    } catch (IOException | IllegalArgumentException e) {
      throw new BoostlineException(file + ": not a valid feature spec: " + Json.describe(e), e);
    }
  }

  /** Fits on every row of {@code dataset}. */
  public FittedFeatures fit(Dataset dataset) {
    return fit(dataset, null);
  }

  /**
   * Fits on some rows of a dataset (the training rows: fitting never sees validation or test rows):
   * category dictionaries, imputation values.
   *
   * @param rows row indices, or null for all
   * @throws IllegalArgumentException naming the column when the spec does not fit the schema
   */
  public FittedFeatures fit(Dataset dataset, int[] rows) {
    Schema schema = dataset.schema();
    validate(schema);
    Set<String> pass = new LinkedHashSet<>();
    target.ifPresent(pass::add);
    weight.ifPresent(pass::add);
    pass.addAll(ids);
    pass.addAll(ignore);
    List<FittedFeature> features = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int[] use = rows == null ? identity(dataset.rowCount()) : rows.clone();
    for (ColumnSchema cs : schema.columns()) {
      if (pass.contains(cs.name())) {
        continue;
      }
      ColumnSteps steps = steps(cs.name());
      if (steps.drop()) {
        pass.add(cs.name());
        continue;
      }
      Column<?> col = dataset.table().column(cs.name());
      switch (cs.type()) {
        case TEXT -> {
          pass.add(cs.name());
          notes.add(
              "text column \""
                  + cs.name()
                  + "\" dropped: free text is not a feature (declare it categorical in the"
                  + " dataset schema if its values are categories)");
        }
        case INTEGER, DOUBLE -> features.add(numeric(dataset, cs, steps, use, notes));
        case BOOLEAN -> features.add(bool((BooleanColumn) col, cs, steps, use));
        case CATEGORICAL -> features.add(category((StringColumn) col, cs, steps, use, notes));
        case DATETIME ->
            features.add(
                new FittedFeature.DatetimeParts(
                    cs.name(),
                    steps.datetimeParts().isEmpty()
                        ? ColumnSteps.DEFAULT_DATETIME_PARTS
                        : steps.datetimeParts()));
      }
    }
    if (features.isEmpty()) {
      throw new IllegalArgumentException(
          "no feature is left: every column of "
              + schema.names()
              + " is the target, a weight, an id, ignored, dropped or text");
    }
    return FittedFeatures.of(
        new FittedFeatures.Definition(
            FittedFeatures.FORMAT_VERSION,
            schema,
            target,
            weight,
            new ArrayList<>(pass),
            features,
            notes));
  }

  private void validate(Schema schema) {
    List<String> named = new ArrayList<>();
    target.ifPresent(named::add);
    weight.ifPresent(named::add);
    named.addAll(ids);
    named.addAll(ignore);
    named.addAll(columns.keySet());
    for (String n : named) {
      if (schema.find(n).isEmpty()) {
        throw new IllegalArgumentException(
            "the feature spec names column \""
                + n
                + "\", which the dataset does not have"
                + " (columns: "
                + schema.names()
                + ")");
      }
    }
    weight.ifPresent(
        w -> {
          if (!schema.find(w).orElseThrow().type().isNumeric()) {
            throw new IllegalArgumentException("weight column \"" + w + "\" must be numeric");
          }
        });
    columns.forEach(
        (name, steps) -> {
          ColumnType type = schema.find(name).orElseThrow().type();
          boolean numericSteps =
              steps.log1p()
                  || steps.clipMin().isPresent()
                  || steps.clipMax().isPresent()
                  || steps.ratioTo().isPresent()
                  || !steps.buckets().isEmpty()
                  || steps.impute() == Imputation.MEAN
                  || steps.impute() == Imputation.MEDIAN;
          if (numericSteps && !type.isNumeric()) {
            throw new IllegalArgumentException(
                "column \""
                    + name
                    + "\" is "
                    + type.id()
                    + ": log1p, clip, ratio, buckets, mean and median apply to numeric columns");
          }
          if ((steps.encoding() != CategoricalEncoding.NATIVE || steps.maxCategories() > 0)
              && type != ColumnType.CATEGORICAL) {
            throw new IllegalArgumentException(
                "column \""
                    + name
                    + "\" is "
                    + type.id()
                    + ": encoding and maxCategories apply to categorical columns");
          }
          if (!steps.datetimeParts().isEmpty() && type != ColumnType.DATETIME) {
            throw new IllegalArgumentException(
                "column \""
                    + name
                    + "\" is "
                    + type.id()
                    + ": datetimeParts apply to datetime columns");
          }
          steps
              .ratioTo()
              .ifPresent(
                  r -> {
                    Optional<ColumnSchema> den = schema.find(r);
                    if (den.isEmpty() || !den.get().type().isNumeric()) {
                      throw new IllegalArgumentException(
                          "column \""
                              + name
                              + "\": ratioTo \""
                              + r
                              + "\" must name a numeric column of the dataset");
                    }
                  });
        });
  }

  private static FittedFeature numeric(
      Dataset dataset, ColumnSchema cs, ColumnSteps steps, int[] rows, List<String> notes) {
    Column<?> col = dataset.table().column(cs.name());
    Column<?> den = steps.ratioTo().map(r -> dataset.table().column(r)).orElse(null);
    // One pass for the notes; the values are kept (and sorted) only for an imputation needing them.
    boolean keep = steps.impute() != Imputation.NONE && steps.impute() != Imputation.CONSTANT;
    double[] values = keep ? new double[rows.length] : null;
    int m = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int r : rows) {
      double v = ratioOrRaw(col, den, r, steps);
      if (!Double.isNaN(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
        if (keep) {
          values[m] = v;
        }
        m++;
      }
    }
    double[] present = keep ? Arrays.copyOf(values, m) : null;
    if (keep) {
      Arrays.sort(present);
    }
    if (m == 0) {
      notes.add("column \"" + cs.name() + "\" has no value in the training rows");
    } else if (min == max) {
      notes.add("column \"" + cs.name() + "\" is constant in the training rows (" + min + ")");
    }
    Optional<Double> fill =
        switch (steps.impute()) {
          case NONE -> Optional.empty();
          case MEAN -> m == 0 ? Optional.empty() : Optional.of(mean(present));
          case MEDIAN ->
              m == 0 ? Optional.empty() : Optional.of(Stats.quantileSorted(present, 0.5));
          case MOST_FREQUENT -> m == 0 ? Optional.empty() : Optional.of(mode(present));
          case CONSTANT -> {
            Double c = Values.parseDouble(steps.constant().orElseThrow().trim(), false);
            if (c == null) {
              throw new IllegalArgumentException(
                  "column \""
                      + cs.name()
                      + "\": constant \""
                      + steps.constant().get()
                      + "\" is not a number");
            }
            yield Optional.of(c);
          }
        };
    return new FittedFeature.Numeric(
        cs.name(),
        cs.name(),
        steps.ratioTo(),
        fill,
        steps.clipMin(),
        steps.clipMax(),
        steps.log1p(),
        steps.buckets());
  }

  private static double ratioOrRaw(Column<?> col, Column<?> den, int r, ColumnSteps steps) {
    double v = value(col, r);
    if (steps.ratioTo().isPresent()) {
      double d = value(den, r);
      v = (Double.isNaN(d) || d == 0) ? Double.NaN : v / d;
    }
    return v;
  }

  private static double value(Column<?> col, int r) {
    if (col instanceof DoubleColumn d) {
      return d.getDouble(r);
    }
    LongColumn l = (LongColumn) col;
    return l.isMissing(r) ? Double.NaN : (double) l.getLong(r);
  }

  private static double mean(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    return sum / v.length;
  }

  /** The most frequent value of sorted values; ties go to the smallest. */
  private static double mode(double[] sorted) {
    double best = sorted[0];
    int bestCount = 0;
    int i = 0;
    while (i < sorted.length) {
      int j = i;
      while (j < sorted.length && sorted[j] == sorted[i]) {
        j++;
      }
      if (j - i > bestCount) {
        bestCount = j - i;
        best = sorted[i];
      }
      i = j;
    }
    return best;
  }

  private static FittedFeature bool(
      BooleanColumn col, ColumnSchema cs, ColumnSteps steps, int[] rows) {
    Optional<Double> fill = Optional.empty();
    if (steps.impute() == Imputation.MOST_FREQUENT) {
      long trues = 0;
      long falses = 0;
      for (int r : rows) {
        if (!col.isMissing(r)) {
          if (col.get(r)) {
            trues++;
          } else {
            falses++;
          }
        }
      }
      if (trues + falses > 0) {
        fill = Optional.of(trues > falses ? 1.0 : 0.0);
      }
    } else if (steps.impute() == Imputation.CONSTANT) {
      Boolean b = Values.parseBoolean(steps.constant().orElseThrow().trim(), true);
      if (b == null) {
        throw new IllegalArgumentException(
            "column \""
                + cs.name()
                + "\": constant \""
                + steps.constant().get()
                + "\" is not a boolean");
      }
      fill = Optional.of(b ? 1.0 : 0.0);
    }
    return new FittedFeature.Bool(cs.name(), cs.name(), fill);
  }

  private static FittedFeature category(
      StringColumn col, ColumnSchema cs, ColumnSteps steps, int[] rows, List<String> notes) {
    Map<String, Long> freq = new HashMap<>();
    for (int r : rows) {
      if (!col.isMissing(r)) {
        freq.merge(col.get(r), 1L, Long::sum);
      }
    }
    List<Map.Entry<String, Long>> byFrequency = new ArrayList<>(freq.entrySet());
    byFrequency.sort(
        Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()));
    int limit = steps.maxCategories() == 0 ? byFrequency.size() : steps.maxCategories();
    boolean other = byFrequency.size() > limit;
    List<String> dictionary =
        byFrequency.subList(0, Math.min(limit, byFrequency.size())).stream()
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    if (other) {
      notes.add(
          "column \""
              + cs.name()
              + "\": "
              + (byFrequency.size() - limit)
              + " rare categories share the \"other\" code (maxCategories "
              + limit
              + ")");
    }
    if (dictionary.isEmpty()) {
      notes.add("column \"" + cs.name() + "\" has no value in the training rows");
    }
    Optional<String> fill =
        switch (steps.impute()) {
          case MOST_FREQUENT ->
              byFrequency.isEmpty() ? Optional.empty() : Optional.of(byFrequency.get(0).getKey());
          case CONSTANT -> steps.constant();
          default -> Optional.empty();
        };
    return new FittedFeature.Category(cs.name(), steps.encoding(), dictionary, other, fill);
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  /** Builder for {@link FeatureSpec}; not thread-safe. */
  public static final class Builder {
    private String target;
    private String weight;
    private final List<String> ids = new ArrayList<>();
    private final List<String> ignore = new ArrayList<>();
    private final Map<String, ColumnSteps> columns = new LinkedHashMap<>();

    private Builder() {}

    public Builder target(String column) {
      this.target = column;
      return this;
    }

    public Builder weight(String column) {
      this.weight = column;
      return this;
    }

    public Builder id(String column) {
      ids.add(column);
      return this;
    }

    public Builder ignore(String... column) {
      ignore.addAll(List.of(column));
      return this;
    }

    /** Sets the steps of one column. */
    public Builder column(String column, ColumnSteps steps) {
      columns.put(column, steps);
      return this;
    }

    public FeatureSpec build() {
      return new FeatureSpec(
          Optional.ofNullable(target), Optional.ofNullable(weight), ids, ignore, columns);
    }
  }
}
