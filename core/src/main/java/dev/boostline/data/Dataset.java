package dev.boostline.data;

import java.util.Objects;
import tech.tablesaw.api.Table;

/**
 * A table together with the schema that types it. The table's columns are, in order, exactly the
 * schema's columns, each in the representation {@link ColumnType} documents.
 *
 * <p>The table is a Tablesaw {@link Table}, which is mutable: treat a loaded dataset as read-only,
 * and copy it ({@code table().copy()}) before changing it.
 */
public final class Dataset {
  private final Schema schema;
  private final Table table;

  Dataset(Schema schema, Table table) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.table = Objects.requireNonNull(table, "table");
  }

  /**
   * Wraps a table already in Boostline's representation for {@code schema}.
   *
   * @throws IllegalArgumentException when a column's name, order or Tablesaw type does not match
   *     the schema
   */
  public static Dataset of(Schema schema, Table table) {
    Tables.requireConforms(schema, table);
    return new Dataset(schema, table);
  }

  /** The schema that types the table: its columns, in order, are the table's. */
  public Schema schema() {
    return schema;
  }

  /** The rows, shared and not copied: read them, and copy the table before changing it. */
  public Table table() {
    return table;
  }

  /** Number of rows, 0 or more. */
  public int rowCount() {
    return table.rowCount();
  }
}
