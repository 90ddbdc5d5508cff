package dev.boostline.data.store.internal;

import dev.boostline.data.ColumnSchema;
import dev.boostline.data.Dataset;
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
 * The SHA-256 of a dataset's logical content: its schema and its typed values, column by column,
 * independent of any file format or compression. Two registrations with equal content hash hold the
 * same data, whatever CSV layout they came from.
 *
 * <p>Encoding (version 1): the text {@code boostline-content-v1}, the column count; per column its
 * name, type and nullability, then per row a presence byte (0 missing, 1 present) and, when
 * present, the value: big-endian long (INTEGER), IEEE-754 bits (DOUBLE), one byte (BOOLEAN), epoch
 * milliseconds (DATETIME), length-prefixed UTF-8 (CATEGORICAL, TEXT).
 */
public final class ContentHash {
  private ContentHash() {}

  public static String of(Dataset dataset) {
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
