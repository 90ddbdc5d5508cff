package dev.boostline.data.store.internal;

import dev.boostline.data.ColumnSchema;
import dev.boostline.data.ColumnType;
import dev.boostline.data.Dataset;
import dev.boostline.data.Schema;
import dev.boostline.util.internal.Hashing;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;

/**
 * The SHA-256 of a dataset's logical content: its schema and its typed values, independent of any
 * file format, compression or row grouping. Two registrations with equal content hash hold the same
 * data, whatever CSV layout they came from. Computed batch by batch ({@link Builder}), so it never
 * needs the whole table in memory.
 *
 * <p>Encoding (version 2): per column, a SHA-256 over its values in row order, each a presence byte
 * (0 missing, 1 present) and, when present, the value: big-endian long (INTEGER), IEEE-754 bits
 * (DOUBLE), one byte (BOOLEAN), epoch milliseconds (DATETIME), length-prefixed UTF-8 (CATEGORICAL,
 * TEXT). The content hash is the SHA-256 of the text {@code boostline-content-v2}, the column
 * count, and per column its name, type, nullability and the 32 bytes of its value hash. (Version 1,
 * used before datasets were streamed, hashed the columns one after the other, which needs every
 * value of a column before the next; versions registered then keep their version-1 hash.)
 */
public final class ContentHash {
  private static final java.lang.invoke.VarHandle BIG_ENDIAN_LONG =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          long[].class, java.nio.ByteOrder.BIG_ENDIAN);

  private ContentHash() {}

  /** The content hash of a dataset held in memory. */
  public static String of(Dataset dataset) {
    Builder b = new Builder(dataset.schema().size());
    b.add(dataset);
    return b.finish(dataset.schema());
  }

  /**
   * The version-1 content hash (used before datasets were streamed): {@code boostline-content-v1},
   * the column count, then per column its name, type id and nullability followed by every value in
   * the encoding above. Needs the whole dataset in memory; kept to recognise and check versions
   * registered with it.
   */
  public static String version1(Dataset dataset) {
    MessageDigest d = Hashing.sha256();
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    putString(d, buf, "boostline-content-v1");
    ensure(d, buf, 4);
    buf.putInt(dataset.schema().size());
    for (int i = 0; i < dataset.schema().size(); i++) {
      ColumnSchema cs = dataset.schema().column(i);
      putString(d, buf, cs.name());
      putString(d, buf, cs.type().id());
      ensure(d, buf, 1);
      buf.put((byte) (cs.nullable() ? 1 : 0));
      Column<?> c = dataset.table().column(i);
      int rows = c.size();
      for (int r = 0; r < rows; r++) {
        if (c.isMissing(r)) {
          ensure(d, buf, 1);
          buf.put((byte) 0);
          continue;
        }
        ensure(d, buf, 9);
        buf.put((byte) 1);
        switch (cs.type()) {
          case INTEGER -> buf.putLong(((LongColumn) c).getLong(r));
          case DOUBLE -> buf.putLong(Double.doubleToLongBits(((DoubleColumn) c).getDouble(r)));
          case BOOLEAN -> buf.put((byte) (((BooleanColumn) c).get(r) ? 1 : 0));
          case DATETIME -> {
            LocalDateTime t = ((DateTimeColumn) c).get(r);
            buf.putLong(t.toEpochSecond(ZoneOffset.UTC) * 1000L + t.getNano() / 1_000_000);
          }
          case CATEGORICAL, TEXT -> putString(d, buf, ((StringColumn) c).get(r));
        }
      }
    }
    flush(d, buf);
    return Hashing.hex(d);
  }

  /** Hashes batches as they stream by. Not thread-safe. */
  public static final class Builder {
    private final MessageDigest[] columns;
    private final ByteBuffer[] buffers;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 12);

    /** A builder for batches of {@code columns} columns. */
    public Builder(int columns) {
      this.columns = new MessageDigest[columns];
      this.buffers = new ByteBuffer[columns];
      for (int i = 0; i < columns; i++) {
        this.columns[i] = Hashing.sha256();
        this.buffers[i] = ByteBuffer.allocate(1 << 13);
      }
    }

    /** Adds the values of a batch, typed by its own schema. */
    public void add(Dataset batch) {
      for (int i = 0; i < columns.length; i++) {
        addColumn(i, batch.schema().column(i), batch.table().column(i));
      }
    }

    /** Adds one column of a batch (columns may be hashed on different threads). */
    public void addColumn(int index, ColumnSchema cs, Column<?> c) {
      MessageDigest d = columns[index];
      ByteBuffer b = buffers[index];
      int rows = c.size();
      if (c instanceof DoubleColumn dc && cs.type() == ColumnType.DOUBLE) {
        addDoubles(d, b, dc);
        return;
      }
      if (c instanceof LongColumn lc && cs.type() == ColumnType.INTEGER) {
        addLongs(d, b, lc);
        return;
      }
      for (int r = 0; r < rows; r++) {
        if (c.isMissing(r)) {
          ensure(d, b, 1);
          b.put((byte) 0);
          continue;
        }
        ensure(d, b, 9);
        b.put((byte) 1);
        switch (cs.type()) {
          case INTEGER -> b.putLong(((LongColumn) c).getLong(r));
          case DOUBLE -> b.putLong(Double.doubleToLongBits(((DoubleColumn) c).getDouble(r)));
          case BOOLEAN -> b.put((byte) (((BooleanColumn) c).get(r) ? 1 : 0));
          case DATETIME -> {
            LocalDateTime t = ((DateTimeColumn) c).get(r);
            b.putLong(t.toEpochSecond(ZoneOffset.UTC) * 1000L + t.getNano() / 1_000_000);
          }
          case CATEGORICAL, TEXT -> putString(d, b, ((StringColumn) c).get(r));
        }
      }
      flush(d, b);
    }

    /**
     * The DOUBLE case of {@link #addColumn}, the same bytes written straight into the buffer's
     * array: a presence byte, then the big-endian bits (NaN is Tablesaw's missing double).
     */
    private static void addDoubles(MessageDigest d, ByteBuffer b, DoubleColumn c) {
      byte[] a = b.array();
      int pos = b.position();
      for (int r = 0, rows = c.size(); r < rows; r++) {
        if (a.length - pos < 9) {
          b.position(pos);
          flush(d, b);
          pos = 0;
        }
        double v = c.getDouble(r);
        if (v != v) {
          a[pos++] = 0;
        } else {
          a[pos] = 1;
          BIG_ENDIAN_LONG.set(a, pos + 1, Double.doubleToLongBits(v));
          pos += 9;
        }
      }
      b.position(pos);
      flush(d, b);
    }

    /** The INTEGER case of {@link #addColumn} ({@code Long.MIN_VALUE} is Tablesaw's missing). */
    private static void addLongs(MessageDigest d, ByteBuffer b, LongColumn c) {
      byte[] a = b.array();
      int pos = b.position();
      for (int r = 0, rows = c.size(); r < rows; r++) {
        if (a.length - pos < 9) {
          b.position(pos);
          flush(d, b);
          pos = 0;
        }
        long v = c.getLong(r);
        if (v == Long.MIN_VALUE) {
          a[pos++] = 0;
        } else {
          a[pos] = 1;
          BIG_ENDIAN_LONG.set(a, pos + 1, v);
          pos += 9;
        }
      }
      b.position(pos);
      flush(d, b);
    }

    /** The content hash, with the names, types and nullability of {@code finalSchema}. */
    public String finish(Schema finalSchema) {
      MessageDigest d = Hashing.sha256();
      ByteBuffer b = buf;
      b.clear();
      putString(d, b, "boostline-content-v2");
      ensure(d, b, 4);
      b.putInt(finalSchema.size());
      for (int i = 0; i < finalSchema.size(); i++) {
        ColumnSchema cs = finalSchema.column(i);
        putString(d, b, cs.name());
        putString(d, b, cs.type().id());
        ensure(d, b, 33);
        b.put((byte) (cs.nullable() ? 1 : 0));
        b.put(columns[i].digest());
      }
      flush(d, b);
      return Hashing.hex(d);
    }
  }

  private static void putString(MessageDigest d, ByteBuffer buf, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    ensure(d, buf, 4);
    buf.putInt(bytes.length);
    if (bytes.length > buf.capacity()) {
      flush(d, buf);
      d.update(bytes);
      return;
    }
    ensure(d, buf, bytes.length);
    buf.put(bytes);
  }

  private static void ensure(MessageDigest d, ByteBuffer buf, int n) {
    if (buf.remaining() < n) {
      flush(d, buf);
    }
  }

  private static void flush(MessageDigest d, ByteBuffer buf) {
    buf.flip();
    d.update(buf);
    buf.clear();
  }
}
