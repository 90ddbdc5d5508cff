package dev.boostline.data;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Converts between Boostline's typed columns and Tablesaw. Public entry point: {@link
 * #toDataset(Table)} to bring any Tablesaw table into the store's representation.
 */
public final class Tables {
  /** At most this many distinct strings for a string column to be inferred categorical. */
  public static final int MAX_CATEGORIES = 1024;

  private Tables() {}

  /** An empty column of the representation {@code type} uses. */
  static Column<?> newColumn(String name, ColumnType type) {
    return switch (type) {
      case INTEGER -> LongColumn.create(name);
      case DOUBLE -> DoubleColumn.create(name);
      case BOOLEAN -> BooleanColumn.create(name);
      case CATEGORICAL, TEXT -> StringColumn.create(name);
      case DATETIME -> DateTimeColumn.create(name);
    };
  }

  /**
   * An empty column of the representation {@code type} uses, with room for {@code rows} values when
   * it is numeric (a column grown one append at a time copies its array about twice over).
   */
  static Column<?> newColumn(String name, ColumnType type, int rows) {
    Column<?> c;
    if (rows > 0 && type == ColumnType.INTEGER) {
      c = LongColumn.create(name, rows);
    } else if (rows > 0 && type == ColumnType.DOUBLE) {
      // create(name, n) appends n missing values one by one (growing as it goes)
      c = DoubleColumn.create(name, new double[rows]);
    } else {
      return newColumn(name, type);
    }
    c.clear(); // keeps the array
    return c;
  }

  /** CATEGORICAL or TEXT from a column's distinct count (see {@link #MAX_CATEGORIES}). */
  static ColumnType stringKind(int distinct, long nonMissing) {
    if (distinct <= MAX_CATEGORIES && (distinct <= 64 || 2L * distinct <= nonMissing)) {
      return ColumnType.CATEGORICAL;
    }
    return ColumnType.TEXT;
  }

  static void requireConforms(Schema schema, Table table) {
    if (table.columnCount() != schema.size()) {
      throw new IllegalArgumentException(
          "table has " + table.columnCount() + " columns, schema has " + schema.size());
    }
    for (int i = 0; i < schema.size(); i++) {
      ColumnSchema cs = schema.column(i);
      Column<?> c = table.column(i);
      if (!c.name().equals(cs.name())) {
        throw new IllegalArgumentException(
            "column " + (i + 1) + " is \"" + c.name() + "\", schema says \"" + cs.name() + "\"");
      }
      Class<?> expected = newColumn(cs.name(), cs.type()).getClass();
      if (!expected.isInstance(c)) {
        throw new IllegalArgumentException(
            "column \""
                + cs.name()
                + "\" is a "
                + c.getClass().getSimpleName()
                + ", a "
                + cs.type().id()
                + " column must be a "
                + expected.getSimpleName());
      }
      if (!cs.nullable() && c.countMissing() > 0) {
        throw new IllegalArgumentException(
            "column \"" + cs.name() + "\" has missing values but the schema says not nullable");
      }
    }
  }

  /**
   * Brings a Tablesaw table into Boostline's representation, inferring the schema from the column
   * types: int, short and long columns become INTEGER; float and double DOUBLE; boolean BOOLEAN;
   * date, date-time and instant (as UTC) DATETIME; string columns CATEGORICAL or TEXT by their
   * distinct count. Columns are nullable when they hold a missing value. The input is not changed;
   * numbers and booleans are copied.
   *
   * @throws DataFormatException naming the column when its Tablesaw type is not supported
   */
  public static Dataset toDataset(Table source) {
    String label = source.name() == null ? "table" : "table \"" + source.name() + "\"";
    List<ColumnSchema> columns = new ArrayList<>();
    Table out = Table.create(source.name());
    Set<String> names = new HashSet<>();
    for (Column<?> c : source.columns()) {
      if (c.name() == null || c.name().isBlank()) {
        throw new DataFormatException(label, 0, null, "a column has a blank name");
      }
      if (!names.add(c.name())) {
        throw new DataFormatException(label, 0, c.name(), "the column name appears twice");
      }
      Column<?> converted = convert(label, c);
      ColumnType type = typeOf(converted);
      columns.add(new ColumnSchema(c.name(), type, converted.countMissing() > 0));
      out.addColumns(converted);
    }
    return new Dataset(new Schema(columns), out);
  }

  private static ColumnType typeOf(Column<?> c) {
    if (c instanceof LongColumn) {
      return ColumnType.INTEGER;
    } else if (c instanceof DoubleColumn) {
      return ColumnType.DOUBLE;
    } else if (c instanceof BooleanColumn) {
      return ColumnType.BOOLEAN;
    } else if (c instanceof DateTimeColumn) {
      return ColumnType.DATETIME;
    }
    StringColumn s = (StringColumn) c;
    return stringKind(
        s.countUnique() - (s.countMissing() > 0 ? 1 : 0), s.size() - s.countMissing());
  }

  private static Column<?> convert(String label, Column<?> c) {
    String name = c.name();
    int n = c.size();
    if (c instanceof IntColumn || c instanceof ShortColumn || c instanceof LongColumn) {
      LongColumn out = LongColumn.create(name);
      for (int i = 0; i < n; i++) {
        if (c.isMissing(i)) {
          out.appendMissing();
        } else {
          out.append(((Number) c.get(i)).longValue());
        }
      }
      return out;
    }
    if (c instanceof DoubleColumn || c instanceof FloatColumn) {
      DoubleColumn out = DoubleColumn.create(name);
      for (int i = 0; i < n; i++) {
        double v = c.isMissing(i) ? Double.NaN : ((Number) c.get(i)).doubleValue();
        if (Double.isInfinite(v)) {
          throw new DataFormatException(
              label, 0, name, "row " + (i + 1) + " holds " + v + "; only finite numbers are data");
        }
        out.append(v);
      }
      return out;
    }
    if (c instanceof BooleanColumn b) {
      return b.copy();
    }
    if (c instanceof StringColumn s) {
      return s.copy();
    }
    if (c instanceof DateTimeColumn d) {
      DateTimeColumn out = DateTimeColumn.create(name);
      for (int i = 0; i < n; i++) {
        LocalDateTime t = d.get(i);
        out.append(t == null ? null : t.withNano((t.getNano() / 1_000_000) * 1_000_000));
      }
      return out;
    }
    if (c instanceof DateColumn d) {
      DateTimeColumn out = DateTimeColumn.create(name);
      for (int i = 0; i < n; i++) {
        out.append(d.isMissing(i) ? null : d.get(i).atStartOfDay());
      }
      return out;
    }
    if (c instanceof InstantColumn d) {
      DateTimeColumn out = DateTimeColumn.create(name);
      for (int i = 0; i < n; i++) {
        out.append(d.isMissing(i) ? null : LocalDateTime.ofInstant(d.get(i), ZoneOffset.UTC));
      }
      return out;
    }
    throw new DataFormatException(
        label,
        0,
        name,
        "Tablesaw type "
            + c.type().name()
            + " is not supported (expected integer, float, double, boolean, string, date,"
            + " date-time or instant)");
  }
}
