package dev.boostline.data;

import java.util.Objects;

/**
 * One column of a dataset schema.
 *
 * @param name the column name as in the CSV header; never blank
 * @param type the column type
 * @param nullable whether the column may hold missing values
 */
public record ColumnSchema(String name, ColumnType type, boolean nullable) {
  public ColumnSchema {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isBlank()) {
      throw new IllegalArgumentException("column name must not be blank");
    }
  }
}
