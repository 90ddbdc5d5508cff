package dev.boostline.data.store.internal;

import dev.boostline.common.CorruptStoreException;
import dev.boostline.data.ColumnSchema;
import dev.boostline.data.ColumnType;
import dev.boostline.data.Dataset;
import dev.boostline.data.ParquetSink;
import dev.boostline.data.Schema;
import dev.boostline.data.store.Compression;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Writes a dataset as one Parquet file and reads it back column by column. The Parquet schema
 * follows the Boostline schema ({@link ColumnType} documents the mapping): nullable columns are
 * OPTIONAL, strings are UTF-8 STRING, date-times are TIMESTAMP(MILLIS) not adjusted to UTC, so
 * pandas, DuckDB and Spark read the file with the same types. The Boostline schema is also kept in
 * the file's key-value metadata under {@code boostline.schema}.
 */
public final class ParquetSnapshot {
  private static final int ROW_GROUP_BYTES = 128 << 20;

  private ParquetSnapshot() {}

  /** The Parquet schema of a Boostline schema (see {@link ParquetSink#parquetSchema}). */
  public static MessageType parquetSchema(Schema schema) {
    return ParquetSink.parquetSchema(schema);
  }

  /** Writes {@code dataset} to a new file {@code target} (it must not exist). */
  public static void write(Dataset dataset, Path target, Compression codec, String schemaJson) {
    try (ParquetSink sink = ParquetSink.open(target, dataset.schema(), codec.name(), 128L << 20)) {
      sink.write(dataset);
      sink.finish(Map.of("boostline.schema", schemaJson));
    }
  }

  /** Row groups of streamed snapshots: small enough to buffer under a small heap. */
  public static final long STREAM_ROW_GROUP_BYTES = 32L << 20;

  /** Opens a streaming writer (see {@link ParquetSink#open}). */
  public static ParquetSink open(
      Path target, Schema physical, Compression codec, long rowGroupBytes) {
    return ParquetSink.open(target, physical, codec.name(), rowGroupBytes);
  }

  /**
   * Reads a snapshot's bytes into a table typed by {@code schema} (the schema frozen in the
   * manifest; the file is checked to match it, nothing is inferred).
   *
   * @param label how to name the file in errors
   * @throws CorruptStoreException when the bytes are not a Parquet file of this schema
   */
  public static Table read(byte[] bytes, Schema schema, String label) {
    MessageType expected = parquetSchema(schema);
    long rows;
    MessageType actual;
    try (ParquetFileReader reader = open(bytes)) {
      actual = reader.getFooter().getFileMetaData().getSchema();
      if (!compatible(actual, expected)) {
        throw new CorruptStoreException(
            label
                + ": the Parquet schema does not match the manifest's schema\n  file:     "
                + actual
                + "\n  manifest: "
                + expected);
      }
      rows = reader.getRecordCount();
    } catch (IOException | RuntimeException e) {
      throw corrupt(label, e);
    }
    if (rows > Integer.MAX_VALUE) {
      throw new CorruptStoreException(label + ": " + rows + " rows do not fit in memory");
    }
    int n = (int) rows;
    Object[] arrays = new Object[schema.size()];
    boolean[][] missing = new boolean[schema.size()][];
    for (int i = 0; i < schema.size(); i++) {
      arrays[i] = allocate(schema.column(i).type(), n);
      missing[i] = schema.column(i).nullable() ? new boolean[n] : null;
    }
    // Columns are decoded in parallel, each worker with its own reader (and decompressors)
    // reading only its share of the columns.
    int workers =
        Math.max(
            1, Math.min(schema.size(), Math.min(4, Runtime.getRuntime().availableProcessors())));
    List<CompletableFuture<Void>> tasks = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int worker = w;
      tasks.add(
          CompletableFuture.runAsync(
              () -> decode(bytes, schema, actual, worker, workers, arrays, missing, n, label),
              DECODERS));
    }
    try {
      CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : corrupt(label, e);
    }
    Column<?>[] columns = new Column<?>[schema.size()];
    for (int i = 0; i < schema.size(); i++) {
      columns[i] = toColumn(schema.column(i), arrays[i], missing[i]);
    }
    Table t = Table.create();
    t.addColumns(columns);
    return t;
  }

  /**
   * Whether a file's Parquet schema can be read as the manifest's: the same columns with the same
   * physical and logical types, each OPTIONAL where the manifest says nullable; a column the
   * manifest says is not nullable may be OPTIONAL in the file (streamed registrations write every
   * inferred column OPTIONAL, and settle nullability once every row is seen).
   */
  static boolean compatible(MessageType actual, MessageType expected) {
    if (actual.getFieldCount() != expected.getFieldCount()) {
      return false;
    }
    for (int i = 0; i < expected.getFieldCount(); i++) {
      Type a = actual.getType(i);
      Type e = expected.getType(i);
      if (!a.isPrimitive()
          || !a.getName().equals(e.getName())
          || a.asPrimitiveType().getPrimitiveTypeName()
              != e.asPrimitiveType().getPrimitiveTypeName()
          || !java.util.Objects.equals(
              a.getLogicalTypeAnnotation(), e.getLogicalTypeAnnotation())) {
        return false;
      }
      if (a.getRepetition() == Type.Repetition.REPEATED
          || (e.getRepetition() == Type.Repetition.OPTIONAL
              && a.getRepetition() != Type.Repetition.OPTIONAL)) {
        return false;
      }
    }
    return true;
  }

  private static final java.util.concurrent.ExecutorService DECODERS =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "boostline-parquet-decoder");
            t.setDaemon(true);
            return t;
          });

  private static ParquetFileReader open(byte[] bytes) throws IOException {
    return ParquetFileReader.open(
        new ByteArrayInputFile(bytes), ParquetReadOptions.builder().build());
  }

  private static CorruptStoreException corrupt(String label, Exception e) {
    if (e instanceof CorruptStoreException c) {
      return c;
    }
    return new CorruptStoreException(label + ": not a readable Parquet snapshot: " + e, e);
  }

  /** Decodes columns {@code worker, worker + workers, ...} of every row group. */
  private static void decode(
      byte[] bytes,
      Schema schema,
      MessageType full,
      int worker,
      int workers,
      Object[] arrays,
      boolean[][] missing,
      int rows,
      String label) {
    List<Integer> mine = new ArrayList<>();
    for (int i = worker; i < schema.size(); i += workers) {
      mine.add(i);
    }
    MessageType projection =
        new MessageType(full.getName(), mine.stream().map(i -> full.getType(i)).toList());
    try (ParquetFileReader reader = open(bytes)) {
      reader.setRequestedSchema(projection);
      String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
      GroupRecordConverter converter = new GroupRecordConverter(projection);
      List<ColumnDescriptor> descriptors = projection.getColumns();
      int offset = 0;
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        int n = (int) pages.getRowCount();
        ColumnReadStoreImpl store =
            new ColumnReadStoreImpl(pages, converter.getRootConverter(), projection, createdBy);
        for (int j = 0; j < descriptors.size(); j++) {
          ColumnDescriptor d = descriptors.get(j);
          int i = mine.get(j);
          readColumn(
              store.getColumnReader(d),
              d.getMaxDefinitionLevel(),
              schema.column(i).type(),
              arrays[i],
              missing[i],
              offset,
              n);
        }
        offset += n;
      }
      if (offset != rows) {
        throw new CorruptStoreException(
            label + ": footer says " + rows + " rows, row groups hold " + offset);
      }
    } catch (IOException | RuntimeException e) {
      throw corrupt(label, e);
    }
  }

  private static Object allocate(ColumnType type, int rows) {
    return switch (type) {
      case INTEGER, DATETIME -> new long[rows];
      case DOUBLE -> new double[rows];
      case BOOLEAN -> new boolean[rows];
      case CATEGORICAL, TEXT -> new String[rows];
    };
  }

  /** A null in a column the manifest says is not nullable. */
  private static void unexpectedNull(boolean[] missing) {
    if (missing == null) {
      throw new CorruptStoreException(
          "a column the manifest says is not nullable holds a missing value");
    }
  }

  private static void readColumn(
      ColumnReader cr,
      int maxDef,
      ColumnType type,
      Object array,
      boolean[] missing,
      int offset,
      int n) {
    switch (type) {
      case INTEGER, DATETIME -> {
        long[] a = (long[]) array;
        for (int r = offset; r < offset + n; r++) {
          if (cr.getCurrentDefinitionLevel() == maxDef) {
            a[r] = cr.getLong();
          } else {
            unexpectedNull(missing);
            missing[r] = true;
          }
          cr.consume();
        }
      }
      case DOUBLE -> {
        double[] a = (double[]) array;
        for (int r = offset; r < offset + n; r++) {
          if (cr.getCurrentDefinitionLevel() == maxDef) {
            a[r] = cr.getDouble();
          } else {
            unexpectedNull(missing);
            a[r] = Double.NaN;
            missing[r] = true;
          }
          cr.consume();
        }
      }
      case BOOLEAN -> {
        boolean[] a = (boolean[]) array;
        for (int r = offset; r < offset + n; r++) {
          if (cr.getCurrentDefinitionLevel() == maxDef) {
            a[r] = cr.getBoolean();
          } else {
            unexpectedNull(missing);
            missing[r] = true;
          }
          cr.consume();
        }
      }
      case CATEGORICAL, TEXT -> {
        String[] a = (String[]) array;
        for (int r = offset; r < offset + n; r++) {
          if (cr.getCurrentDefinitionLevel() == maxDef) {
            a[r] = cr.getBinary().toStringUsingUTF8();
          } else {
            unexpectedNull(missing);
            missing[r] = true;
          }
          cr.consume();
        }
      }
    }
  }

  private static Column<?> toColumn(ColumnSchema cs, Object array, boolean[] missing) {
    String name = cs.name();
    switch (cs.type()) {
      case INTEGER -> {
        long[] a = (long[]) array;
        LongColumn c = LongColumn.create(name, a.length);
        for (int i = 0; i < a.length; i++) {
          if (missing != null && missing[i]) {
            c.setMissing(i);
          } else {
            c.set(i, a[i]);
          }
        }
        return c;
      }
      case DOUBLE -> {
        return DoubleColumn.create(name, (double[]) array);
      }
      case BOOLEAN -> {
        boolean[] a = (boolean[]) array;
        BooleanColumn c = BooleanColumn.create(name, a.length);
        for (int i = 0; i < a.length; i++) {
          if (missing != null && missing[i]) {
            c.setMissing(i);
          } else {
            c.set(i, a[i]);
          }
        }
        return c;
      }
      case DATETIME -> {
        long[] a = (long[]) array;
        DateTimeColumn c = DateTimeColumn.create(name, a.length);
        for (int i = 0; i < a.length; i++) {
          if (missing != null && missing[i]) {
            c.setMissing(i);
          } else {
            c.set(
                i,
                LocalDateTime.ofEpochSecond(
                    Math.floorDiv(a[i], 1000L),
                    (int) Math.floorMod(a[i], 1000L) * 1_000_000,
                    ZoneOffset.UTC));
          }
        }
        return c;
      }
      default -> {
        String[] a = (String[]) array;
        StringColumn c = StringColumn.create(name, a.length);
        for (int i = 0; i < a.length; i++) {
          if (missing != null && missing[i]) {
            c.setMissing(i);
          } else {
            c.set(i, a[i]);
          }
        }
        return c;
      }
    }
  }
}
