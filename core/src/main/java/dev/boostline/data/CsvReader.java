package dev.boostline.data;

import dev.boostline.util.internal.Hashing;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Reads a CSV file into a typed {@link Dataset} in two streaming passes: the first checks the
 * structure, hashes the file and infers the schema (unless one is given), the second parses every
 * value into its typed column. Every problem is reported as a {@link DataFormatException} naming
 * the file, line and column.
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
  private static final int SNIFF_BYTES = 1 << 16;
  private static final char[] SEPARATOR_CANDIDATES = {',', ';', '\t', '|'};

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
   * @param schema the schema to apply, or null to infer one
   * @throws DataFormatException for a missing, empty or malformed file (see class doc)
   */
  public static Result read(Path file, CsvOptions options, Schema schema) {
    String label = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    if (Files.isDirectory(file)) {
      throw new DataFormatException(label, 0, null, "is a directory, expected a CSV file");
    }
    try {
      long size = Files.size(file);
      if (size == 0) {
        throw new DataFormatException(label, 0, null, "the file is empty (expected a header line)");
      }
      char sep = options.separator().orElseGet(() -> sniff(file, label, options.quote()));
      MessageDigest digest = Hashing.sha256();
      Pass1 pass1;
      try (InputStream raw = new DigestInputStream(Files.newInputStream(file), digest);
          CsvParser p = parser(raw, label, sep, options)) {
        pass1 = firstPass(p, label, options, schema);
        raw.transferTo(OutputStream.nullOutputStream()); // the hash covers every byte
      }
      String sha = Hashing.hex(digest);
      Schema finalSchema = schema == null ? pass1.inferredSchema() : pass1.orderedSchema;
      Table table;
      try (CsvParser p = parser(Files.newInputStream(file), label, sep, options)) {
        table = secondPass(p, label, options, finalSchema, pass1.rows);
      }
      return new Result(new Dataset(finalSchema, table), label, sha, size, sep);
    } catch (NoSuchFileException e) {
      throw new DataFormatException(label, 0, null, "no such file: " + file);
    } catch (java.util.zip.ZipException e) {
      throw new DataFormatException(label, 0, null, "corrupt gzip data: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static CsvParser parser(InputStream raw, String label, char sep, CsvOptions options)
      throws IOException {
    return new CsvParser(decompressed(raw), label, sep, options.quote(), options.maxLineBytes());
  }

  /** Picks the candidate separator that splits the first lines into the same field count. */
  static char sniff(Path file, String label, char quote) {
    byte[] head;
    try (InputStream in = openData(file)) {
      head = in.readNBytes(SNIFF_BYTES);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    List<String> lines = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inQuote = false;
    for (byte value : head) {
      char c = (char) (value & 0xFF);
      if (c == quote) {
        inQuote = !inQuote;
      }
      if ((c == '\n' || c == '\r') && !inQuote) {
        if (cur.length() > 0) {
          lines.add(cur.toString());
          cur.setLength(0);
        }
        if (lines.size() >= 20) {
          break;
        }
      } else {
        cur.append(c);
      }
    }
    if (cur.length() > 0 && lines.size() < 20 && head.length < SNIFF_BYTES) {
      lines.add(cur.toString());
    }
    char best = ',';
    int bestScore = 0;
    for (char cand : SEPARATOR_CANDIDATES) {
      int first = -1;
      boolean consistent = true;
      for (String line : lines) {
        int count = countOutsideQuotes(line, cand, quote);
        if (first < 0) {
          first = count;
        } else if (count != first) {
          consistent = false;
        }
      }
      int score = first <= 0 ? 0 : (consistent ? 1000 + first : first);
      if (score > bestScore) {
        bestScore = score;
        best = cand;
      }
    }
    return best;
  }

  private static InputStream openData(Path file) throws IOException {
    return decompressed(Files.newInputStream(file));
  }

  /** Wraps a stream in gunzip when it starts with the gzip magic bytes. */
  private static InputStream decompressed(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(in, 1 << 16) : in;
  }

  private static int countOutsideQuotes(String line, char sep, char quote) {
    int count = 0;
    boolean inQuote = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == quote) {
        inQuote = !inQuote;
      } else if (c == sep && !inQuote) {
        count++;
      }
    }
    return count;
  }

  private static final class Pass1 {
    List<String> header;
    Schema orderedSchema;
    Inference[] inference;
    int rows;

    Schema inferredSchema() {
      List<ColumnSchema> cols = new ArrayList<>();
      for (int i = 0; i < header.size(); i++) {
        cols.add(inference[i].result(header.get(i)));
      }
      return new Schema(cols);
    }
  }

  private static List<String> readHeader(CsvParser p, String label) throws IOException {
    if (!p.next()) {
      throw new DataFormatException(label, 0, null, "the file has no lines (expected a header)");
    }
    List<String> header = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < p.fieldCount(); i++) {
      String name = p.field(i, null);
      if (name.isBlank()) {
        throw new DataFormatException(
            label,
            p.line(),
            null,
            "column "
                + (i + 1)
                + " of the header has a blank name (every column needs a unique name)");
      }
      Integer before = seen.put(name, i);
      if (before != null) {
        throw new DataFormatException(
            label,
            p.line(),
            name,
            "duplicate column name in the header (columns "
                + (before + 1)
                + " and "
                + (i + 1)
                + ")");
      }
      header.add(name);
    }
    return header;
  }

  private static Pass1 firstPass(CsvParser p, String label, CsvOptions options, Schema schema)
      throws IOException {
    Pass1 r = new Pass1();
    r.header = readHeader(p, label);
    int cols = r.header.size();
    if (schema != null) {
      r.orderedSchema = orderSchema(label, r.header, schema);
    } else {
      r.inference = new Inference[cols];
      for (int i = 0; i < cols; i++) {
        r.inference[i] = new Inference();
      }
    }
    Set<String> nulls = options.nullTokens();
    int rows = 0;
    while (p.next()) {
      checkWidth(p, label, cols);
      if (r.inference != null) {
        for (int i = 0; i < cols; i++) {
          String v = p.field(i, r.header.get(i));
          if (nulls.contains(v)) {
            r.inference[i].missing++;
          } else {
            r.inference[i].accept(v);
          }
        }
      } else {
        for (int i = 0; i < cols; i++) {
          p.field(i, r.header.get(i)); // validates UTF-8 before anything is stored
        }
      }
      rows++;
    }
    if (rows == 0) {
      throw new DataFormatException(
          label, 0, null, "the file has a header but no data rows (expected at least one row)");
    }
    r.rows = rows;
    return r;
  }

  private static void checkWidth(CsvParser p, String label, int cols) {
    if (p.fieldCount() != cols) {
      throw new DataFormatException(
          label,
          p.line(),
          null,
          "expected "
              + cols
              + " fields (as in the header), found "
              + p.fieldCount()
              + "; check the separator, quoting, or a missing or extra value on this line");
    }
  }

  private static Schema orderSchema(String label, List<String> header, Schema schema) {
    List<ColumnSchema> ordered = new ArrayList<>();
    for (String name : header) {
      ordered.add(
          schema
              .find(name)
              .orElseThrow(
                  () ->
                      new DataFormatException(
                          label,
                          1,
                          name,
                          "the column is not in the given schema (schema columns: "
                              + schema.names()
                              + ")")));
    }
    Set<String> inHeader = new HashSet<>(header);
    for (String name : schema.names()) {
      if (!inHeader.contains(name)) {
        throw new DataFormatException(
            label, 1, name, "the schema names this column but the header does not have it");
      }
    }
    return new Schema(ordered);
  }

  private static Table secondPass(
      CsvParser p, String label, CsvOptions options, Schema schema, int rows) throws IOException {
    readHeader(p, label);
    int cols = schema.size();
    Column<?>[] columns = new Column<?>[cols];
    for (int i = 0; i < cols; i++) {
      columns[i] = Tables.newColumn(schema.column(i).name(), schema.column(i).type());
    }
    Set<String> nulls = options.nullTokens();
    while (p.next()) {
      checkWidth(p, label, cols);
      for (int i = 0; i < cols; i++) {
        ColumnSchema cs = schema.column(i);
        String v = p.field(i, cs.name());
        if (nulls.contains(v)) {
          if (!cs.nullable()) {
            throw new DataFormatException(
                label,
                p.line(),
                cs.name(),
                "missing value (\"" + v + "\") but the schema says the column is not nullable");
          }
          columns[i].appendMissing();
          continue;
        }
        append(columns[i], cs, v, label, p.line());
      }
    }
    Table t = Table.create(label);
    for (Column<?> c : columns) {
      t.addColumns(c);
    }
    if (t.rowCount() != rows) {
      throw new IllegalStateException("file changed while it was read: " + label);
    }
    return t;
  }

  private static void append(Column<?> column, ColumnSchema cs, String v, String label, long line) {
    switch (cs.type()) {
      case INTEGER -> {
        Long x = Values.parseLong(v, false);
        if (x == null) {
          throw mismatch(label, line, cs, v, "is not an integer");
        }
        ((LongColumn) column).append(x);
      }
      case DOUBLE -> {
        Double x = Values.parseDouble(v, false);
        if (x == null) {
          throw mismatch(label, line, cs, v, "is not a number");
        }
        ((DoubleColumn) column).append(x);
      }
      case BOOLEAN -> {
        Boolean x = Values.parseBoolean(v, true);
        if (x == null) {
          throw mismatch(label, line, cs, v, "is not a boolean (true/false, yes/no, 1/0)");
        }
        ((BooleanColumn) column).append(x);
      }
      case DATETIME -> {
        LocalDateTime x = Values.parseDateTime(v);
        if (x == null) {
          throw mismatch(
              label, line, cs, v, "is not an ISO-8601 date or date-time (yyyy-MM-dd[THH:mm:ss])");
        }
        ((DateTimeColumn) column).append(x);
      }
      case CATEGORICAL, TEXT -> ((StringColumn) column).append(v);
    }
  }

  private static DataFormatException mismatch(
      String label, long line, ColumnSchema cs, String v, String problem) {
    String shown = v.length() > 60 ? v.substring(0, 57) + "..." : v;
    return new DataFormatException(
        label,
        line,
        cs.name(),
        "\"" + shown + "\" " + problem + " (schema says " + cs.type().name() + ")");
  }

  /** Per-column inference state for the first pass. */
  private static final class Inference {
    boolean canBool = true;
    boolean canLong = true;
    boolean canDouble = true;
    boolean canDate = true;
    long missing;
    long present;
    final Set<String> distinct = new HashSet<>();

    void accept(String v) {
      present++;
      if (canBool && Values.parseBoolean(v, false) == null) {
        canBool = false;
      }
      if (canLong && Values.parseLong(v, true) == null) {
        canLong = false;
      }
      if (canDouble && Values.parseDouble(v, true) == null) {
        canDouble = false;
      }
      if (canDate && Values.parseDateTime(v) == null) {
        canDate = false;
      }
      if (distinct.size() <= Tables.MAX_CATEGORIES) {
        distinct.add(v);
      }
    }

    ColumnSchema result(String name) {
      boolean nullable = missing > 0;
      if (present == 0) {
        return new ColumnSchema(name, ColumnType.DOUBLE, true);
      }
      ColumnType type;
      if (canBool) {
        type = ColumnType.BOOLEAN;
      } else if (canLong) {
        type = ColumnType.INTEGER;
      } else if (canDouble) {
        type = ColumnType.DOUBLE;
      } else if (canDate) {
        type = ColumnType.DATETIME;
      } else {
        type = Tables.stringKind(distinct.size(), present);
      }
      return new ColumnSchema(name, type, nullable);
    }
  }

  /** Reads only the header of a file: its column names in order. */
  public static List<String> header(Path file, CsvOptions options) {
    String label = file.getFileName().toString();
    char sep = options.separator().orElseGet(() -> sniff(file, label, options.quote()));
    try (CsvParser p = parser(Files.newInputStream(file), label, sep, options)) {
      return readHeader(p, label);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
