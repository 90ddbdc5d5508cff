package dev.boostline.data;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.boostline.common.BoostlineException;
import dev.boostline.util.internal.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ordered columns of a dataset. Immutable; equal when the columns are equal in the same order.
 *
 * <p>As a file (for {@code --schema}) it is JSON or YAML: {@code {"columns": [{"name": "age",
 * "type": "integer", "nullable": false}, ...]}}; {@code nullable} defaults to true.
 *
 * @param columns the columns in order, names unique (copied)
 */
public record Schema(List<ColumnSchema> columns) {
  public Schema {
    columns = List.copyOf(columns);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      Integer previous = seen.put(columns.get(i).name(), i);
      if (previous != null) {
        throw new IllegalArgumentException(
            "column \""
                + columns.get(i).name()
                + "\" appears twice in the schema (positions "
                + (previous + 1)
                + " and "
                + (i + 1)
                + ")");
      }
    }
  }

  /** Number of columns. */
  @JsonIgnore
  public int size() {
    return columns.size();
  }

  /** The column at a zero-based position. */
  public ColumnSchema column(int index) {
    return columns.get(index);
  }

  /** The column with this name, if any. */
  public Optional<ColumnSchema> find(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** Column names in order. */
  @JsonIgnore
  public List<String> names() {
    return columns.stream().map(ColumnSchema::name).toList();
  }

  /**
   * Reads a schema file (JSON, or YAML when the name ends in .yaml or .yml).
   *
   * @throws BoostlineException naming the file and the problem when it is missing or malformed
   */
  public static Schema read(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
      boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
      SchemaFile parsed = (yaml ? Json.yaml() : Json.mapper()).readValue(bytes, SchemaFile.class);
      if (parsed == null || parsed.columns() == null || parsed.columns().isEmpty()) {
        throw new BoostlineException(
            file + ": a schema needs a non-empty \"columns\" list of {name, type, nullable}");
      }
      return new Schema(
          parsed.columns().stream()
              .map(
                  c -> {
                    if (c.name() == null || c.type() == null) {
                      throw new BoostlineException(
                          file + ": every column needs a \"name\" and a \"type\", got " + c);
                    }
                    return new ColumnSchema(
                        c.name(), c.type(), c.nullable() == null || c.nullable());
                  })
              .toList());
    } catch (NoSuchFileException e) {
      throw new BoostlineException("schema file not found: " + file, e);
    } catch (IOException | IllegalArgumentException e) {
      throw new BoostlineException(file + ": not a valid schema file: " + Json.describe(e), e);
    }
  }

  private record SchemaFile(List<ColumnFile> columns) {}

  private record ColumnFile(String name, ColumnType type, Boolean nullable) {}
}
