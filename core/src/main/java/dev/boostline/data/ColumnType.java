package dev.boostline.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The type of a dataset column, frozen in the manifest at registration.
 *
 * <p>In memory (Tablesaw) and in Parquet each type has one representation:
 *
 * <table>
 *   <caption>Representations</caption>
 *   <tr><th>type</th><th>Tablesaw column</th><th>Parquet</th></tr>
 *   <tr><td>INTEGER</td><td>LongColumn</td><td>INT64</td></tr>
 *   <tr><td>DOUBLE</td><td>DoubleColumn (missing = NaN)</td><td>DOUBLE</td></tr>
 *   <tr><td>BOOLEAN</td><td>BooleanColumn</td><td>BOOLEAN</td></tr>
 *   <tr><td>CATEGORICAL</td><td>StringColumn</td><td>BINARY (STRING)</td></tr>
 *   <tr><td>DATETIME</td><td>DateTimeColumn (local date-time)</td><td>INT64 TIMESTAMP(MILLIS,
 *       not adjusted to UTC)</td></tr>
 *   <tr><td>TEXT</td><td>StringColumn</td><td>BINARY (STRING)</td></tr>
 * </table>
 *
 * <p>Missing values are nulls in Parquet and Tablesaw's missing marker in memory.
 */
public enum ColumnType {
  /**
   * A signed 64-bit integer ({@code Long.MIN_VALUE} excluded: it is Tablesaw's missing marker).
   * Inference takes a column as INTEGER only when no value has a leading zero, so codes such as
   * "007" keep their text.
   */
  INTEGER,
  /**
   * A 64-bit floating-point number. NaN is the missing marker in memory, so it is never a value;
   * CSV input accepts finite decimals only.
   */
  DOUBLE,
  /**
   * True or false. Inference takes only {@code true}/{@code false} (any case) as booleans; with a
   * given schema, CSV input also accepts t/f, yes/no, y/n and 1/0.
   */
  BOOLEAN,
  /**
   * A string from a small set of values (inferred at most {@link Tables#MAX_CATEGORIES} distinct),
   * which features encode as categories.
   */
  CATEGORICAL,
  /**
   * A local date-time without zone, to the millisecond; input with an offset or {@code Z} is
   * converted to UTC first. Features turn it into calendar parts.
   */
  DATETIME,
  /** Free text (too many distinct values to be categories); features drop it, with a note. */
  TEXT;

  /** True for INTEGER and DOUBLE. */
  public boolean isNumeric() {
    return this == INTEGER || this == DOUBLE;
  }

  /** True for CATEGORICAL and TEXT, whose values are strings. */
  public boolean isString() {
    return this == CATEGORICAL || this == TEXT;
  }

  /** The lower-case name used in manifests, schema files and on the command line. */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a type name, case-insensitively.
   *
   * @throws IllegalArgumentException naming the accepted values when {@code text} is none of them
   */
  @JsonCreator
  public static ColumnType parse(String text) {
    for (ColumnType t : values()) {
      if (t.name().equalsIgnoreCase(text.trim())) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown column type \""
            + text
            + "\": expected one of integer, double, boolean, categorical, datetime, text");
  }
}
