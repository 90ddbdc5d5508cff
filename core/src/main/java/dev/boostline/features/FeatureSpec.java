package dev.boostline.features;

import dev.boostline.common.BoostlineException;
import dev.boostline.data.ColumnSchema;
import dev.boostline.data.ColumnType;
import dev.boostline.data.Dataset;
import dev.boostline.data.Schema;
import dev.boostline.data.Values;
import dev.boostline.util.internal.Hashing;
import dev.boostline.util.internal.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
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
    int[] use = rows == null ? identity(dataset.rowCount()) : rows.clone();
    Map<String, ColumnStatistics> statistics = new HashMap<>();
    requirements(schema)
        .forEach((column, need) -> statistics.put(column, statistics(dataset, column, need, use)));
    return fit(schema, statistics);
  }

  /**
   * What fitting needs to know about one column (see {@link #requirements}).
   *
   * @param type INTEGER or DOUBLE (numeric), BOOLEAN or CATEGORICAL
   * @param ratioTo for numeric columns, the denominator column: statistics are of {@code value /
   *     denominator} (missing when the denominator is missing or 0)
   * @param impute the column's imputation: MEAN, MEDIAN and MOST_FREQUENT need a {@link
   *     ColumnStatistics#fill()} computed from the data
   */
  public record Requirement(ColumnType type, Optional<String> ratioTo, Imputation impute) {}

  /**
   * The columns whose {@link ColumnStatistics} {@link #fit(Schema, Map)} needs, by name, in schema
   * order: every column that becomes a numeric, boolean or categorical feature.
   *
   * @throws IllegalArgumentException naming the column when the spec does not fit the schema
   */
  public Map<String, Requirement> requirements(Schema schema) {
    validate(schema);
    Set<String> pass = passThrough();
    Map<String, Requirement> out = new LinkedHashMap<>();
    for (ColumnSchema cs : schema.columns()) {
      ColumnSteps steps = steps(cs.name());
      if (pass.contains(cs.name()) || steps.drop()) {
        continue;
      }
      switch (cs.type()) {
        case INTEGER, DOUBLE, BOOLEAN, CATEGORICAL ->
            out.put(cs.name(), new Requirement(cs.type(), steps.ratioTo(), steps.impute()));
        default -> {}
      }
    }
    return out;
  }

  private Set<String> passThrough() {
    Set<String> pass = new LinkedHashSet<>();
    target.ifPresent(pass::add);
    weight.ifPresent(pass::add);
    pass.addAll(ids);
    pass.addAll(ignore);
    return pass;
  }

  /**
   * Fits from column statistics computed elsewhere (distributed, for example): the same fitted
   * features as {@link #fit(Dataset, int[])} on rows with those statistics.
   *
   * @param statistics for every column of {@link #requirements}
   * @throws IllegalArgumentException naming a column without statistics, or one the spec does not
   *     fit
   */
  public FittedFeatures fit(Schema schema, Map<String, ColumnStatistics> statistics) {
    validate(schema);
    Set<String> pass = passThrough();
    List<FittedFeature> features = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (ColumnSchema cs : schema.columns()) {
      if (pass.contains(cs.name())) {
        continue;
      }
      ColumnSteps steps = steps(cs.name());
      if (steps.drop()) {
        pass.add(cs.name());
        continue;
      }
      switch (cs.type()) {
        case TEXT -> {
          pass.add(cs.name());
          notes.add(
              "text column \""
                  + cs.name()
                  + "\" dropped: free text is not a feature (declare it categorical in the"
                  + " dataset schema if its values are categories)");
        }
        case INTEGER, DOUBLE ->
            features.add(numeric(cs, steps, required(statistics, cs.name()), notes));
        case BOOLEAN -> features.add(bool(cs, steps, required(statistics, cs.name())));
        case CATEGORICAL ->
            features.add(category(cs, steps, required(statistics, cs.name()), notes));
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

  private static ColumnStatistics required(Map<String, ColumnStatistics> s, String column) {
    ColumnStatistics c = s.get(column);
    if (c == null) {
      throw new IllegalArgumentException("no statistics for column \"" + column + "\"");
    }
    return c;
  }

  /** The statistics of one column over some rows, on this machine. */
  private static ColumnStatistics statistics(
      Dataset dataset, String column, Requirement need, int[] rows) {
    Column<?> col = dataset.table().column(column);
    switch (need.type()) {
      case BOOLEAN -> {
        BooleanColumn b = (BooleanColumn) col;
        long trues = 0;
        long falses = 0;
        for (int r : rows) {
          if (!b.isMissing(r)) {
            if (b.get(r)) {
              trues++;
            } else {
              falses++;
            }
          }
        }
        return ColumnStatistics.bool(trues, falses);
      }
      case CATEGORICAL -> {
        StringColumn sc = (StringColumn) col;
        Map<String, Long> freq = new HashMap<>();
        for (int r : rows) {
          if (!sc.isMissing(r)) {
            freq.merge(sc.get(r), 1L, Long::sum);
          }
        }
        return ColumnStatistics.categorical(freq);
      }
      default -> {
        Column<?> den = need.ratioTo().map(d -> dataset.table().column(d)).orElse(null);
        boolean keep =
            need.impute() == Imputation.MEDIAN || need.impute() == Imputation.MOST_FREQUENT;
        double[] values = keep ? new double[rows.length] : null;
        BigDecimal sum = BigDecimal.ZERO;
        int m = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int r : rows) {
          double v = ratioOrRaw(col, den, r, need.ratioTo().isPresent());
          if (!Double.isNaN(v)) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            if (keep) {
              values[m] = v;
            }
            if (need.impute() == Imputation.MEAN) {
              sum = sum.add(new BigDecimal(v));
            }
            m++;
          }
        }
        Optional<Double> fill = Optional.empty();
        if (m > 0) {
          switch (need.impute()) {
            case MEAN -> fill = Optional.of(ColumnStatistics.mean(sum, m));
            case MEDIAN -> {
              double[] sorted = Arrays.copyOf(values, m);
              Arrays.sort(sorted);
              long[] ranks = ColumnStatistics.medianRanks(m);
              fill =
                  Optional.of(
                      ColumnStatistics.median(sorted[(int) ranks[0]], sorted[(int) ranks[1]], m));
            }
            case MOST_FREQUENT -> {
              double[] sorted = Arrays.copyOf(values, m);
              Arrays.sort(sorted);
              fill = Optional.of(mode(sorted));
            }
            default -> {}
          }
        }
        return m == 0
            ? ColumnStatistics.numeric(0, Double.NaN, Double.NaN, Optional.empty())
            : ColumnStatistics.numeric(m, min, max, fill);
      }
    }
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
      ColumnSchema cs, ColumnSteps steps, ColumnStatistics stats, List<String> notes) {
    long m = stats.present();
    if (m == 0) {
      notes.add("column \"" + cs.name() + "\" has no value in the training rows");
    } else if (stats.min() == stats.max()) {
      notes.add(
          "column \"" + cs.name() + "\" is constant in the training rows (" + stats.min() + ")");
    }
    Optional<Double> fill =
        switch (steps.impute()) {
          case NONE -> Optional.empty();
          case MEAN, MEDIAN, MOST_FREQUENT -> m == 0 ? Optional.empty() : stats.fill();
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

  /**
   * The value a numeric column contributes to the statistics: the raw value, or with {@code
   * ratioTo} the raw value over the denominator (NaN when that is missing or 0). NaN for missing.
   * Public so that distributed fitting computes exactly the same values.
   */
  public static double statisticsValue(double raw, double denominator, boolean ratio) {
    if (!ratio) {
      return raw;
    }
    return (Double.isNaN(denominator) || denominator == 0) ? Double.NaN : raw / denominator;
  }

  private static double ratioOrRaw(Column<?> col, Column<?> den, int r, boolean ratio) {
    return statisticsValue(value(col, r), ratio ? value(den, r) : Double.NaN, ratio);
  }

  private static double value(Column<?> col, int r) {
    if (col instanceof DoubleColumn d) {
      return d.getDouble(r);
    }
    LongColumn l = (LongColumn) col;
    return l.isMissing(r) ? Double.NaN : (double) l.getLong(r);
  }

  /** The most frequent value of sorted values; ties go to the smallest. */
  public static double mode(double[] sorted) {
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

  private static FittedFeature bool(ColumnSchema cs, ColumnSteps steps, ColumnStatistics stats) {
    Optional<Double> fill = Optional.empty();
    if (steps.impute() == Imputation.MOST_FREQUENT) {
      if (stats.trues() + stats.falses() > 0) {
        fill = Optional.of(stats.trues() > stats.falses() ? 1.0 : 0.0);
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
      ColumnSchema cs, ColumnSteps steps, ColumnStatistics stats, List<String> notes) {
    Map<String, Long> freq = stats.categories();
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
