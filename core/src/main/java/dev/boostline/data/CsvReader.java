package dev.boostline.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Reads a CSV file (or a folder of parts) into one typed in-memory {@link Dataset}: a type
 * inference pass over every row (unless a schema is given), then the parallel typed parse of {@link
 * CsvSource}. Every problem is reported as a {@link DataFormatException} naming the file, line and
 * column. For data larger than memory, stream it with {@link CsvSource} instead.
 *
 * <p>Inference, per column over all non-missing values: {@code true/false} only: boolean; integers
 * (no leading zeros, so codes such as "007" stay text): integer; decimals: double; ISO-8601 dates
 * or date-times: datetime; otherwise categorical when there are at most {@link
 * Tables#MAX_CATEGORIES} distinct values and (at most 64 or at most one per two rows), else text. A
 * column with no value at all is a nullable double. A column is nullable when it has a missing
 * value.
 *
 * <p>With an explicit schema, the header must hold exactly the schema's columns (any order); values
 * are parsed by the schema's types (booleans also accept t/f, yes/no, y/n, 1/0) and a missing value
 * in a non-nullable column is an error.
 */
public final class CsvReader {
  private CsvReader() {}

  /**
   * The result of reading a CSV file.
   *
   * @param dataset the typed data
   * @param fileName the file's name (no directory)
   * @param sha256 SHA-256 of the file's bytes as stored (compressed, for a .gz)
   * @param sizeBytes the file's size
   * @param separator the separator used (given or sniffed)
   */
  public record Result(
      Dataset dataset, String fileName, String sha256, long sizeBytes, char separator) {}

  /**
   * Reads {@code file}.
   *
   * @param schema the schema to apply, or empty to infer one from every row
   * @throws DataFormatException for a missing, empty or malformed file (see class doc)
   */
  public static Result read(Path file, CsvOptions options, Optional<Schema> schema) {
    CsvOptions everyRow = options.toBuilder().inferenceRows(Long.MAX_VALUE).build();
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    try (CsvSource source = CsvSource.open(file, everyRow, schema, threads)) {
      Table table = null;
      Optional<Dataset> batch;
      while ((batch = source.next()).isPresent()) {
        if (table == null) {
          table = batch.get().table();
        } else {
          table.append(batch.get().table());
        }
      }
      table.setName(file.getFileName() == null ? file.toString() : file.getFileName().toString());
      Schema finalSchema = source.inferred() ? settle(source.schema(), table) : source.schema();
      SourceDescription d = source.description();
      return new Result(
          new Dataset(finalSchema, table),
          d.fileName(),
          d.sha256(),
          d.sizeBytes(),
          source.separator());
    }
  }

  /**
   * The final form of an inferred schema once every row is known: nullable where a value is
   * missing, string columns CATEGORICAL or TEXT by their distinct count.
   */
  static Schema settle(Schema provisional, Table table) {
    List<ColumnSchema> cols = new ArrayList<>();
    for (int i = 0; i < provisional.size(); i++) {
      ColumnSchema c = provisional.column(i);
      Column<?> column = table.column(i);
      int missing = column.countMissing();
      ColumnType type = c.type();
      if (type.isString()) {
        StringColumn s = (StringColumn) column;
        int distinct = s.countUnique() - (missing > 0 ? 1 : 0);
        type = Tables.stringKind(distinct, column.size() - missing);
      }
      cols.add(new ColumnSchema(c.name(), type, missing > 0 || column.size() == missing));
    }
    return new Schema(cols);
  }

  /** Reads only the header of a file: its column names in order. */
  public static List<String> header(Path file, CsvOptions options) {
    String label = file.getFileName().toString();
    char sep = options.separator().orElseGet(() -> CsvSource.sniff(file, label, options));
    return CsvSource.header(file, sep, options);
  }
}
