package dev.boostline.features;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.boostline.common.CorruptStoreException;
import dev.boostline.data.Dataset;
import dev.boostline.data.Schema;
import dev.boostline.data.Values;
import dev.boostline.util.internal.json.Json;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Fitted feature engineering: turns a table (training, batch scoring) or one record (serving) into
 * float32 feature vectors, the same bits either way. Immutable and thread-safe; created by {@link
 * FeatureSpec#fit}, saved with the model as versioned JSON ({@link #toJson()}, {@link #fromJson}).
 *
 * <p>Behaviour at scoring time, the same for records and tables:
 *
 * <ul>
 *   <li><b>missing value</b> (null, or Tablesaw's missing marker): the fitted fill when the column
 *       has one, else {@link Float#NaN}, which XGBoost treats as missing;
 *   <li><b>unseen category</b>: the "other" category when the column has one (more categories than
 *       {@code maxCategories} in training), else missing;
 *   <li><b>absent column</b> (a column the features read is not in the record or table): {@link
 *       FeatureException} naming it;
 *   <li><b>extra columns</b>: ignored; {@link #unknownColumns} lists them for callers that refuse
 *       them (the scoring server does);
 *   <li><b>wrong type</b>: {@link FeatureException} naming the column, the value and the expected
 *       type. Numbers must be numbers (JSON numbers, Java {@link Number}s, not strings); booleans
 *       {@link Boolean}; categories strings; datetimes {@link LocalDateTime} or ISO-8601 strings.
 * </ul>
 */
public final class FittedFeatures {
  /** The JSON format this library writes and reads. */
  public static final int FORMAT_VERSION = 1;

  /**
   * The persisted form.
   *
   * @param formatVersion {@link #FORMAT_VERSION} when written by this library; {@link #of} refuses
   *     others
   * @param inputSchema the dataset schema the features were fitted on
   * @param target the target column, excluded from the features
   * @param weight the weight column, excluded from the features
   * @param passThrough columns deliberately not used (target, weight, ids, ignored, dropped)
   * @param features the fitted transformations, in feature-vector order
   * @param notes what fitting decided that a person should know (dropped text columns, ...)
   */
  public record Definition(
      int formatVersion,
      Schema inputSchema,
      Optional<String> target,
      Optional<String> weight,
      List<String> passThrough,
      List<FittedFeature> features,
      List<String> notes) {
    public Definition {
      passThrough = List.copyOf(passThrough);
      features = List.copyOf(features);
      notes = List.copyOf(notes);
    }
  }

  private final Definition definition;
  private final List<String> names;
  private final List<String> types;
  private final int[] offsets;
  private final List<Map<String, Integer>> codes;
  private final Set<String> known;

  private FittedFeatures(Definition definition) {
    this.definition = definition;
    List<String> n = new ArrayList<>();
    List<String> t = new ArrayList<>();
    offsets = new int[definition.features().size()];
    List<Map<String, Integer>> dictionaries = new ArrayList<>();
    known = new HashSet<>(definition.passThrough());
    for (int i = 0; i < definition.features().size(); i++) {
      FittedFeature f = definition.features().get(i);
      offsets[i] = n.size();
      n.addAll(f.outputNames());
      t.addAll(f.outputTypes());
      known.add(f.column());
      if (f instanceof FittedFeature.Numeric num) {
        num.ratioTo().ifPresent(known::add);
      }
      Map<String, Integer> m = new HashMap<>();
      if (f instanceof FittedFeature.Category c) {
        for (int k = 0; k < c.categories().size(); k++) {
          m.put(c.categories().get(k), k);
        }
      }
      dictionaries.add(m);
    }
    if (new HashSet<>(n).size() != n.size()) {
      throw new IllegalArgumentException("feature names are not unique: " + n);
    }
    this.codes = List.copyOf(dictionaries);
    this.names = List.copyOf(n);
    this.types = List.copyOf(t);
  }

  /**
   * Wraps a definition (fitted by {@link FeatureSpec#fit} or read from JSON).
   *
   * @throws CorruptStoreException when its format version is not {@link #FORMAT_VERSION}
   */
  @JsonCreator
  public static FittedFeatures of(Definition definition) {
    if (definition.formatVersion() != FORMAT_VERSION) {
      throw new CorruptStoreException(
          "fitted features format "
              + definition.formatVersion()
              + " is not one this Boostline reads ("
              + FORMAT_VERSION
              + ")");
    }
    return new FittedFeatures(definition);
  }

  /** The persisted form. */
  @JsonValue
  public Definition definition() {
    return definition;
  }

  /** Number of features (the vector length). */
  public int size() {
    return names.size();
  }

  /** Feature names, in vector order. */
  public List<String> featureNames() {
    return names;
  }

  /** XGBoost feature types ({@code q} or {@code c}), in vector order. */
  public List<String> featureTypes() {
    return types;
  }

  /** The target column, when the spec named one. */
  public Optional<String> target() {
    return definition.target();
  }

  /** The columns a record must hold (the inputs of the features), in schema order. */
  public List<String> requiredColumns() {
    Set<String> needed = new LinkedHashSet<>();
    for (FittedFeature f : definition.features()) {
      needed.add(f.column());
      if (f instanceof FittedFeature.Numeric num) {
        num.ratioTo().ifPresent(needed::add);
      }
    }
    return definition.inputSchema().names().stream().filter(needed::contains).toList();
  }

  /** Keys that are neither feature inputs nor known pass-through columns, in the given order. */
  public List<String> unknownColumns(Collection<String> keys) {
    return keys.stream().filter(k -> !known.contains(k)).toList();
  }

  /** Serializes to JSON. */
  public String toJson() {
    return Json.toString(definition);
  }

  /**
   * Reads the JSON form.
   *
   * @throws CorruptStoreException when it is malformed or of an unknown format version
   */
  public static FittedFeatures fromJson(String json) {
    try {
      int format = Json.mapper().readTree(json).path("formatVersion").asInt(-1);
      if (format != FORMAT_VERSION) {
        throw new CorruptStoreException(
            "fitted features format "
                + format
                + " is not one this Boostline reads ("
                + FORMAT_VERSION
                + ")");
      }
      return of(Json.mapper().readValue(json, Definition.class));
    } catch (IOException e) {
      throw new CorruptStoreException("unreadable fitted features: " + Json.describe(e), e);
    }
  }

  // ---------------------------------------------------------------- records

  /**
   * The feature vector of one record (column name to value; see the class comment for missing
   * values, unseen categories and types), a new array of {@link #size()} floats.
   *
   * @throws FeatureException naming the column when one is absent or holds a value of the wrong
   *     type
   */
  public float[] transform(Map<String, ?> record) {
    float[] out = new float[size()];
    transform(record, out, 0);
    return out;
  }

  /**
   * Writes the feature vector of one record into {@code out[offset .. offset + size())}, so a
   * caller can fill one row-major batch without an array per record; nothing else is written.
   *
   * @throws FeatureException naming the column when one is absent or holds a value of the wrong
   *     type (the slots before it may already be written)
   */
  public void transform(Map<String, ?> record, float[] out, int offset) {
    List<FittedFeature> fs = definition.features();
    for (int i = 0; i < fs.size(); i++) {
      FittedFeature f = fs.get(i);
      int o = offset + offsets[i];
      if (f instanceof FittedFeature.Numeric n) {
        double den = n.ratioTo().isPresent() ? number(record, n.ratioTo().get()) : Double.NaN;
        out[o] = n.apply(number(record, n.column()), den);
      } else if (f instanceof FittedFeature.Bool b) {
        out[o] = b.apply(bool(record, b.column()));
      } else if (f instanceof FittedFeature.Category c) {
        encode(c, code(i, c, string(record, c.column())), out, o);
      } else if (f instanceof FittedFeature.DatetimeParts d) {
        parts(d, datetime(record, d.column()), out, o);
      }
    }
  }

  private static Object value(Map<String, ?> record, String column) {
    Object v = record.get(column);
    if (v == null && !record.containsKey(column)) {
      throw new FeatureException(column, "the record has no column \"" + column + "\"");
    }
    return v;
  }

  private static double number(Map<String, ?> record, String column) {
    Object v = value(record, column);
    if (v == null) {
      return Double.NaN;
    }
    if (v instanceof Number n && !(v instanceof Boolean)) {
      double d = n.doubleValue();
      if (Double.isInfinite(d)) {
        throw wrongType(column, v, "a finite number");
      }
      return d;
    }
    throw wrongType(column, v, "a number");
  }

  private static Boolean bool(Map<String, ?> record, String column) {
    Object v = value(record, column);
    if (v == null || v instanceof Boolean) {
      return (Boolean) v;
    }
    throw wrongType(column, v, "a boolean (true or false)");
  }

  private static String string(Map<String, ?> record, String column) {
    Object v = value(record, column);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw wrongType(column, v, "a string (a category)");
  }

  private static LocalDateTime datetime(Map<String, ?> record, String column) {
    Object v = value(record, column);
    if (v == null || v instanceof LocalDateTime) {
      return (LocalDateTime) v;
    }
    if (v instanceof String s) {
      LocalDateTime t = Values.parseDateTime(s);
      if (t != null) {
        return t;
      }
    }
    throw wrongType(column, v, "an ISO-8601 date-time (yyyy-MM-dd[THH:mm:ss])");
  }

  private static FeatureException wrongType(String column, Object v, String expected) {
    String shown = v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    if (shown.length() > 60) {
      shown = shown.substring(0, 57) + "...";
    }
    return new FeatureException(
        column, "column \"" + column + "\": " + shown + " is not " + expected);
  }

  /** The code of a category value, or -1 for missing. */
  private int code(int feature, FittedFeature.Category c, String value) {
    String v = value == null ? c.fill().orElse(null) : value;
    if (v == null) {
      return -1;
    }
    Integer k = codes.get(feature).get(v);
    if (k != null) {
      return k;
    }
    return c.otherCategory() ? c.categories().size() : -1;
  }

  private static void encode(FittedFeature.Category c, int code, float[] out, int o) {
    if (c.encoding() == CategoricalEncoding.ONE_HOT) {
      int k = c.codes();
      for (int j = 0; j < k; j++) {
        out[o + j] = code < 0 ? Float.NaN : (j == code ? 1f : 0f);
      }
    } else {
      out[o] = code < 0 ? Float.NaN : code;
    }
  }

  private static void parts(FittedFeature.DatetimeParts d, LocalDateTime t, float[] out, int o) {
    for (int j = 0; j < d.parts().size(); j++) {
      out[o + j] = t == null ? Float.NaN : (float) d.parts().get(j).of(t);
    }
  }

  // ---------------------------------------------------------------- tables

  /** The feature matrix of a dataset, row-major ({@code rows x size()}). */
  public float[] transform(Dataset dataset) {
    return transform(dataset.table(), null);
  }

  /**
   * The feature matrix of some rows of a table, row-major ({@code rows.length x size()}); all rows
   * when {@code rows} is null. Columns are found by name and must have Boostline's representation
   * (see {@code ColumnType}).
   */
  public float[] transform(Table table, int[] rows) {
    int n = rows == null ? table.rowCount() : rows.length;
    int width = size();
    float[] out = new float[Math.multiplyExact(n, width)];
    List<FittedFeature> fs = definition.features();
    // Columns are looked up and type-checked once, on the caller's thread; then blocks of rows are
    // filled independently (in parallel for large tables: each block writes its own rows).
    Column<?>[] cols = new Column<?>[fs.size()];
    Column<?>[] dens = new Column<?>[fs.size()];
    for (int i = 0; i < fs.size(); i++) {
      FittedFeature f = fs.get(i);
      Column<?> col = column(table, f.column());
      String expected;
      if (f instanceof FittedFeature.Numeric num) {
        dens[i] = num.ratioTo().map(r -> column(table, r)).orElse(null);
        expected = isNumeric(col) ? null : "numeric (integer or double)";
      } else if (f instanceof FittedFeature.Bool) {
        expected = col instanceof BooleanColumn ? null : "boolean";
      } else if (f instanceof FittedFeature.Category) {
        expected = col instanceof StringColumn ? null : "categorical (string)";
      } else {
        expected = col instanceof DateTimeColumn ? null : "datetime";
      }
      if (expected != null) {
        throw tableType(f.column(), col, expected);
      }
      if (dens[i] != null && !isNumeric(dens[i])) {
        throw tableType(dens[i].name(), dens[i], "numeric (integer or double)");
      }
      cols[i] = col;
    }
    int blocks = (n + TRANSFORM_BLOCK - 1) / TRANSFORM_BLOCK;
    IntStream all = IntStream.range(0, blocks);
    (blocks > 1 ? all.parallel() : all)
        .forEach(
            b -> {
              int from = b * TRANSFORM_BLOCK;
              fill(cols, dens, rows, from, Math.min(n, from + TRANSFORM_BLOCK), out);
            });
    return out;
  }

  private static boolean isNumeric(Column<?> col) {
    return col instanceof DoubleColumn || col instanceof LongColumn;
  }

  /** Rows per block of {@link #transform(Table, int[])}; tables of more rows use every core. */
  private static final int TRANSFORM_BLOCK = 1 << 16;

  /** Writes the feature rows {@code from .. to} (positions in {@code rows}, or table rows). */
  private void fill(Column<?>[] cols, Column<?>[] dens, int[] rows, int from, int to, float[] out) {
    int width = size();
    List<FittedFeature> fs = definition.features();
    for (int i = 0; i < fs.size(); i++) {
      FittedFeature f = fs.get(i);
      int off = offsets[i];
      Column<?> col = cols[i];
      if (f instanceof FittedFeature.Numeric num) {
        Column<?> den = dens[i];
        for (int r = from; r < to; r++) {
          int row = rows == null ? r : rows[r];
          out[r * width + off] =
              num.apply(numeric(col, row), den == null ? Double.NaN : numeric(den, row));
        }
      } else if (f instanceof FittedFeature.Bool b) {
        BooleanColumn bc = (BooleanColumn) col;
        for (int r = from; r < to; r++) {
          int row = rows == null ? r : rows[r];
          out[r * width + off] = b.apply(bc.isMissing(row) ? null : bc.get(row));
        }
      } else if (f instanceof FittedFeature.Category c) {
        StringColumn sc = (StringColumn) col;
        for (int r = from; r < to; r++) {
          int row = rows == null ? r : rows[r];
          String v = sc.isMissing(row) ? null : sc.get(row);
          encode(c, code(i, c, v), out, r * width + off);
        }
      } else if (f instanceof FittedFeature.DatetimeParts d) {
        DateTimeColumn dc = (DateTimeColumn) col;
        for (int r = from; r < to; r++) {
          int row = rows == null ? r : rows[r];
          parts(d, dc.isMissing(row) ? null : dc.get(row), out, r * width + off);
        }
      }
    }
  }

  private static Column<?> column(Table table, String name) {
    if (!table.containsColumn(name)) {
      throw new FeatureException(name, "the table has no column \"" + name + "\"");
    }
    return table.column(name);
  }

  private static double numeric(Column<?> col, int row) {
    if (col instanceof DoubleColumn d) {
      return d.getDouble(row);
    }
    if (col instanceof LongColumn l) {
      return l.isMissing(row) ? Double.NaN : (double) l.getLong(row);
    }
    throw tableType(col.name(), col, "numeric (integer or double)");
  }

  private static FeatureException tableType(String name, Column<?> col, String expected) {
    return new FeatureException(
        name,
        "column \""
            + name
            + "\" is "
            + col.type().name().toLowerCase(java.util.Locale.ROOT)
            + ", the features need "
            + expected);
  }
}
