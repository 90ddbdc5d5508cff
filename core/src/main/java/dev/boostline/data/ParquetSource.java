package dev.boostline.data;

import dev.boostline.util.internal.Hashing;
import dev.boostline.util.internal.parquet.LocalFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Streams a Parquet file, or a folder of Parquet parts (as Spark, pandas or DuckDB write them), as
 * typed batches of at most {@value #BATCH_ROWS} rows, reading column by column one row group at a
 * time.
 *
 * <p>Types: BOOLEAN; INT32 and INT64 (also with an integer annotation) as INTEGER; FLOAT and
 * DOUBLE, and DECIMAL, as DOUBLE; UTF-8 strings (BINARY with a STRING, ENUM or JSON annotation, or
 * none) as CATEGORICAL (settled to TEXT by the distinct count when registered); TIMESTAMP (milli,
 * micro or nanoseconds, kept to the millisecond; UTC-adjusted ones as UTC) and DATE as DATETIME.
 * Nested, repeated and INT96 columns are refused, naming the column. Every part must have the same
 * columns and types.
 *
 * <p>Not thread-safe; the caller closes it.
 */
public final class ParquetSource implements DatasetStream {
  static final int BATCH_ROWS = 65_536;

  private final String label;
  private final List<Path> parts;
  private final boolean folder;
  private final Schema schema;
  private final boolean inferred;
  private final MessageType fileSchema;
  private final MessageDigest folderDigest = Hashing.sha256();
  private String sha256 = "";
  private long sizeBytes;

  private int partIndex = -1;
  private ParquetFileReader reader;
  private String createdBy;
  private ColumnReadStoreImpl store;
  private ColumnReader[] readers;
  private long groupRemaining;
  private boolean done;

  private ParquetSource(
      String label,
      List<Path> parts,
      boolean folder,
      Schema schema,
      boolean inferred,
      MessageType fileSchema) {
    this.label = label;
    this.parts = parts;
    this.folder = folder;
    this.schema = schema;
    this.inferred = inferred;
    this.fileSchema = fileSchema;
  }

  /**
   * Opens a Parquet file or folder and reads the schema of its (first) footer.
   *
   * @param expected the schema the data must have (same columns, types convertible as the class
   *     says; nullable where the file has missing values), or empty to take the file's
   * @throws DataFormatException naming the file and column of an unsupported type or a mismatch
   */
  public static ParquetSource open(Path path, Optional<Schema> expected) {
    String label = SourceFiles.label(path);
    List<Path> parts = SourceFiles.list(path);
    MessageType first = footerSchema(parts.get(0));
    Schema derived = derive(SourceFiles.label(parts.get(0)), first);
    Schema schema = derived;
    if (expected.isPresent()) {
      schema = conform(label, derived, expected.get());
    }
    return new ParquetSource(
        label, parts, Files.isDirectory(path), schema, expected.isEmpty(), first);
  }

  private static MessageType footerSchema(Path file) {
    try (ParquetFileReader r =
        ParquetFileReader.open(LocalFiles.input(file), ParquetReadOptions.builder().build())) {
      return r.getFooter().getFileMetaData().getSchema();
    } catch (IOException | RuntimeException e) {
      throw new DataFormatException(
          SourceFiles.label(file), 0, null, "not a readable Parquet file: " + e.getMessage());
    }
  }

  /** The Boostline types of a Parquet schema (strings provisional CATEGORICAL, all nullable). */
  private static Schema derive(String label, MessageType m) {
    List<ColumnSchema> cols = new ArrayList<>();
    for (Type t : m.getFields()) {
      if (!t.isPrimitive() || t.getRepetition() == Type.Repetition.REPEATED) {
        throw new DataFormatException(
            label,
            0,
            t.getName(),
            "nested or repeated Parquet columns are not supported (expected flat columns)");
      }
      cols.add(new ColumnSchema(t.getName(), typeOf(label, t.asPrimitiveType()), true));
    }
    return new Schema(cols);
  }

  private static ColumnType typeOf(String label, PrimitiveType p) {
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    return switch (p.getPrimitiveTypeName()) {
      case BOOLEAN -> ColumnType.BOOLEAN;
      case INT32 ->
          a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
              ? ColumnType.DATETIME
              : a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation
                  ? ColumnType.DOUBLE
                  : ColumnType.INTEGER;
      case INT64 ->
          a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
              ? ColumnType.DATETIME
              : a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation
                  ? ColumnType.DOUBLE
                  : ColumnType.INTEGER;
      case FLOAT, DOUBLE -> ColumnType.DOUBLE;
      case BINARY, FIXED_LEN_BYTE_ARRAY ->
          a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation
              ? ColumnType.DOUBLE
              : ColumnType.CATEGORICAL;
      case INT96 ->
          throw new DataFormatException(
              label,
              0,
              p.getName(),
              "INT96 timestamps are not supported (write TIMESTAMP_MICROS or TIMESTAMP_MILLIS)");
    };
  }

  /** Checks the file's columns against an expected schema and returns the expected one. */
  private static Schema conform(String label, Schema derived, Schema expected) {
    for (ColumnSchema e : expected.columns()) {
      Optional<ColumnSchema> d = derived.find(e.name());
      if (d.isEmpty()) {
        throw new DataFormatException(
            label,
            0,
            e.name(),
            "the schema names this column but the Parquet data does not have it (it has "
                + derived.names()
                + ")");
      }
      ColumnType have = d.get().type();
      boolean ok = have == e.type() || (have.isString() && e.type().isString());
      if (!ok) {
        throw new DataFormatException(
            label,
            0,
            e.name(),
            "the Parquet column is " + have.id() + " but the schema says " + e.type().id());
      }
    }
    for (ColumnSchema d : derived.columns()) {
      if (expected.find(d.name()).isEmpty()) {
        throw new DataFormatException(
            label, 0, d.name(), "the Parquet data has this column but the schema does not");
      }
    }
    List<ColumnSchema> ordered = new ArrayList<>();
    for (ColumnSchema d : derived.columns()) {
      ordered.add(expected.find(d.name()).orElseThrow());
    }
    return new Schema(ordered);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public boolean inferred() {
    return inferred;
  }

  @Override
  public SourceDescription description() {
    return new SourceDescription(
        "parquet",
        label,
        sha256,
        sizeBytes,
        parts.stream().map(SourceFiles::label).toList(),
        "",
        "");
  }

  @Override
  public Optional<Dataset> next() {
    if (done) {
      return Optional.empty();
    }
    try {
      while (groupRemaining == 0) {
        if (!nextRowGroup()) {
          done = true;
          finishHash();
          return Optional.empty();
        }
      }
      int n = (int) Math.min(BATCH_ROWS, groupRemaining);
      groupRemaining -= n;
      Column<?>[] columns = new Column<?>[schema.size()];
      for (int i = 0; i < schema.size(); i++) {
        columns[i] = readColumn(i, n);
      }
      Table t = Table.create(label);
      t.addColumns(columns);
      return Optional.of(new Dataset(schema, t));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + label, e);
    }
  }

  private boolean nextRowGroup() throws IOException {
    PageReadStore pages = reader == null ? null : reader.readNextRowGroup();
    while (pages == null) {
      if (reader != null) {
        reader.close();
        reader = null;
        hashPart(parts.get(partIndex));
      }
      if (++partIndex == parts.size()) {
        return false;
      }
      Path part = parts.get(partIndex);
      reader = ParquetFileReader.open(LocalFiles.input(part), ParquetReadOptions.builder().build());
      MessageType m = reader.getFooter().getFileMetaData().getSchema();
      if (!sameColumns(m)) {
        throw new DataFormatException(
            SourceFiles.label(part),
            0,
            null,
            "its Parquet schema differs from the first part's:\n  this part:  "
                + m
                + "\n  first part: "
                + fileSchema);
      }
      createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
      pages = reader.readNextRowGroup();
    }
    MessageType m = reader.getFooter().getFileMetaData().getSchema();
    GroupRecordConverter converter = new GroupRecordConverter(m);
    store = new ColumnReadStoreImpl(pages, converter.getRootConverter(), m, createdBy);
    List<ColumnDescriptor> descriptors = m.getColumns();
    readers = new ColumnReader[descriptors.size()];
    for (int i = 0; i < descriptors.size(); i++) {
      readers[i] = store.getColumnReader(descriptors.get(i));
    }
    groupRemaining = pages.getRowCount();
    return true;
  }

  private boolean sameColumns(MessageType m) {
    if (m.getFieldCount() != fileSchema.getFieldCount()) {
      return false;
    }
    for (int i = 0; i < m.getFieldCount(); i++) {
      Type a = m.getType(i);
      Type b = fileSchema.getType(i);
      if (!a.getName().equals(b.getName())
          || !a.isPrimitive()
          || a.asPrimitiveType().getPrimitiveTypeName()
              != b.asPrimitiveType().getPrimitiveTypeName()) {
        return false;
      }
    }
    return true;
  }

  private Column<?> readColumn(int i, int n) {
    ColumnSchema cs = schema.column(i);
    ColumnReader cr = readers[i];
    ColumnDescriptor d = cr.getDescriptor();
    int maxDef = d.getMaxDefinitionLevel();
    PrimitiveType p = d.getPrimitiveType();
    String partLabel = SourceFiles.label(parts.get(partIndex));
    Column<?> out = Tables.newColumn(cs.name(), cs.type());
    for (int r = 0; r < n; r++) {
      if (cr.getCurrentDefinitionLevel() < maxDef) {
        if (!cs.nullable()) {
          throw new DataFormatException(
              partLabel,
              0,
              cs.name(),
              "a missing value, but the schema says the column is not nullable");
        }
        out.appendMissing();
      } else {
        append(out, cs.type(), p, cr);
      }
      cr.consume();
    }
    return out;
  }

  private static void append(Column<?> out, ColumnType type, PrimitiveType p, ColumnReader cr) {
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    switch (type) {
      case BOOLEAN -> ((BooleanColumn) out).append(cr.getBoolean());
      case INTEGER ->
          ((LongColumn) out)
              .append(
                  p.getPrimitiveTypeName() == PrimitiveTypeName.INT32
                      ? unsigned32(cr.getInteger(), a)
                      : cr.getLong());
      case DOUBLE -> {
        double v =
            switch (p.getPrimitiveTypeName()) {
              case FLOAT -> cr.getFloat();
              case DOUBLE -> cr.getDouble();
              case INT32 -> decimal(BigInteger.valueOf(cr.getInteger()), a);
              case INT64 -> decimal(BigInteger.valueOf(cr.getLong()), a);
              default -> decimal(new BigInteger(cr.getBinary().getBytes()), a);
            };
        ((DoubleColumn) out).append(v);
      }
      case DATETIME -> ((DateTimeColumn) out).append(dateTime(p, cr));
      case CATEGORICAL, TEXT ->
          ((StringColumn) out)
              .append(new String(cr.getBinary().getBytes(), StandardCharsets.UTF_8));
    }
  }

  private static long unsigned32(int v, LogicalTypeAnnotation a) {
    if (a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && !i.isSigned()) {
      return Integer.toUnsignedLong(v);
    }
    return v;
  }

  private static double decimal(BigInteger unscaled, LogicalTypeAnnotation a) {
    int scale =
        a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d ? d.getScale() : 0;
    return new BigDecimal(unscaled, scale).doubleValue();
  }

  private static LocalDateTime dateTime(PrimitiveType p, ColumnReader cr) {
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      return LocalDate.ofEpochDay(cr.getInteger()).atStartOfDay();
    }
    long v = cr.getLong();
    LogicalTypeAnnotation.TimeUnit unit =
        ((LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) a).getUnit();
    long millis =
        switch (unit) {
          case MILLIS -> v;
          case MICROS -> Math.floorDiv(v, 1_000L);
          case NANOS -> Math.floorDiv(v, 1_000_000L);
        };
    return LocalDateTime.ofEpochSecond(
        Math.floorDiv(millis, 1000L),
        (int) Math.floorMod(millis, 1000L) * 1_000_000,
        ZoneOffset.UTC);
  }

  private void hashPart(Path part) {
    String hex = Hashing.sha256(part);
    if (!folder) {
      sha256 = hex;
    }
    folderDigest.update(
        (SourceFiles.label(part) + " " + hex + "\n").getBytes(StandardCharsets.UTF_8));
    try {
      sizeBytes += Files.size(part);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + part, e);
    }
  }

  private void finishHash() {
    if (folder) {
      sha256 = Hashing.hex(folderDigest);
    }
  }

  @Override
  public void close() {
    done = true;
    if (reader != null) {
      try {
        reader.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close " + label, e);
      }
      reader = null;
    }
  }
}
