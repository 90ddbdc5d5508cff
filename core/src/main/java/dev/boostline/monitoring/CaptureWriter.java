package dev.boostline.monitoring;

import dev.boostline.common.JsonForm;
import dev.boostline.data.ColumnSchema;
import dev.boostline.model.BundleManifest;
import dev.boostline.model.Scorer;
import dev.boostline.task.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes captured records of one model to rolling Parquet files (see {@link CaptureFiles} for the
 * layout and columns). A file is closed and made visible when it reaches {@link
 * CaptureOptions#maxFileBytes()}, when it has been open {@link CaptureOptions#maxFileAge()}, when
 * the model version changes (each version has its own schema) and on {@link #close()}; after each
 * close the oldest files are deleted until the model's captures fit {@link
 * CaptureOptions#maxTotalBytes()}. A process killed mid-file loses that file's rows only (the
 * hidden temporary file is left; readers ignore it).
 *
 * <p>Not thread-safe: one writer thread owns it (the scoring server feeds it from a queue, off the
 * request path).
 */
public final class CaptureWriter implements AutoCloseable {
  /** One scored record to capture. */
  public record Row(
      BundleManifest manifest,
      int version,
      String requestId,
      int row,
      Instant at,
      Map<String, ?> inputs,
      float[] output) {
    public Row {
      Objects.requireNonNull(manifest, "manifest");
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(inputs, "inputs");
      Objects.requireNonNull(output, "output");
    }
  }

  private final Path home;
  private final String model;
  private final String writerId;
  private final CaptureOptions options;
  private final Supplier<Instant> clock;
  private Open current;
  private long sequence;
  private long filesClosed;
  private long bytesClosed;
  private long rowsWritten;

  private static final class Open {
    final Path tmp;
    final Path target;
    final int version;
    final Instant opened;
    final ParquetWriter<Object[]> writer;
    final List<ColumnSchema> inputs;
    final Task task;
    final List<String> classes;
    long rows;

    Open(
        Path tmp,
        Path target,
        int version,
        Instant opened,
        ParquetWriter<Object[]> writer,
        BundleManifest m) {
      this.tmp = tmp;
      this.target = target;
      this.version = version;
      this.opened = opened;
      this.writer = writer;
      this.inputs = CaptureFiles.inputColumns(m);
      this.task = m.labels().task();
      this.classes = m.labels().classes();
    }
  }

  /**
   * A writer for {@code model}'s captures in {@code home}; {@code writerId} (letters, digits, dot,
   * dash, underscore) keeps the file names of several servers apart.
   */
  public CaptureWriter(Path home, String model, String writerId, CaptureOptions options) {
    this(home, model, writerId, options, Instant::now);
  }

  /** The same with a clock, for tests. */
  public CaptureWriter(
      Path home, String model, String writerId, CaptureOptions options, Supplier<Instant> clock) {
    this.home = home;
    this.model = model;
    this.writerId = writerId.replaceAll("[^A-Za-z0-9._-]", "_");
    this.options = options;
    this.clock = clock;
    CaptureFiles.directory(home, model);
  }

  /** Appends a row, opening or rolling the file as needed. */
  public void append(Row r) {
    if (current != null
        && (current.version != r.version()
            || !clock.get().isBefore(current.opened.plus(options.maxFileAge())))) {
      roll();
    }
    if (current == null) {
      current = open(r.manifest(), r.version());
    }
    try {
      current.writer.write(values(current, r));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write capture file " + current.tmp, e);
    }
    current.rows++;
    rowsWritten++;
    if (current.writer.getDataSize() >= options.maxFileBytes()) {
      roll();
    }
  }

  /** Closes the current file if it is older than the limit; call it periodically. */
  public void tick() {
    if (current != null && !clock.get().isBefore(current.opened.plus(options.maxFileAge()))) {
      roll();
    }
  }

  /** Closes the current file now (if any), making its rows readable. */
  public void flush() {
    if (current != null) {
      roll();
    }
  }

  /** Files this writer completed. */
  public long filesClosed() {
    return filesClosed;
  }

  /** Bytes of the files this writer completed. */
  public long bytesClosed() {
    return bytesClosed;
  }

  /** Rows appended. */
  public long rowsWritten() {
    return rowsWritten;
  }

  @Override
  public void close() {
    flush();
  }

  private Open open(BundleManifest m, int version) {
    Instant now = clock.get();
    Path dir = CaptureFiles.dayDirectory(home, model, now);
    String name = "capture-" + now.toEpochMilli() + "-" + writerId + "-" + sequence++ + ".parquet";
    Path target = dir.resolve(name);
    Path tmp = dir.resolve("." + name + ".tmp");
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(tmp);
      MessageType schema = CaptureFiles.schema(m);
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("formatVersion", CaptureFiles.FORMAT_VERSION);
      meta.put("model", model);
      meta.put("version", version);
      meta.put("task", m.labels().task().name());
      meta.put("target", m.labels().target());
      meta.put("classes", m.labels().classes());
      List<Map<String, String>> columns = new ArrayList<>();
      for (ColumnSchema c : CaptureFiles.inputColumns(m)) {
        columns.add(Map.of("name", c.name(), "type", c.type().name()));
      }
      meta.put("columns", columns);
      ParquetWriter<Object[]> w =
          new Builder(
                  new LocalOutputFile(tmp),
                  schema,
                  Map.of(CaptureFiles.META_KEY, JsonForm.line(meta)))
              .withCompressionCodec(CompressionCodecName.ZSTD)
              .withWriteMode(ParquetFileWriter.Mode.CREATE)
              .withRowGroupSize(8L << 20)
              .build();
      return new Open(tmp, target, version, now, w, m);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create capture file " + tmp, e);
    }
  }

  private void roll() {
    Open o = current;
    current = null;
    try {
      o.writer.close();
      if (o.rows == 0) {
        Files.deleteIfExists(o.tmp);
        return;
      }
      try (FileChannel ch = FileChannel.open(o.tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.move(o.tmp, o.target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(o.tmp, o.target);
      }
      filesClosed++;
      bytesClosed += Files.size(o.target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close capture file " + o.tmp, e);
    }
    enforceCap();
  }

  private void enforceCap() {
    List<CaptureFiles.Entry> files = CaptureFiles.list(home, model);
    long total = files.stream().mapToLong(CaptureFiles.Entry::bytes).sum();
    for (CaptureFiles.Entry e : files) {
      if (total <= options.maxTotalBytes()) {
        break;
      }
      try {
        Files.deleteIfExists(e.path());
        total -= e.bytes();
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot delete old capture file " + e.path(), ex);
      }
    }
  }

  private static Object[] values(Open o, Row r) {
    List<Object> v = new ArrayList<>();
    v.add(r.requestId());
    v.add(r.row());
    v.add(r.at().toEpochMilli());
    v.add(r.version());
    v.add(Scorer.score(r.output()));
    if (o.task != Task.REGRESSION) {
      v.add(predictedLabel(o, r.output()));
    }
    if (o.task == Task.MULTICLASS) {
      for (int k = 0; k < o.classes.size(); k++) {
        v.add(k < r.output().length ? (double) r.output()[k] : Double.NaN);
      }
    }
    for (ColumnSchema c : o.inputs) {
      v.add(coerce(c, r.inputs().get(c.name())));
    }
    return v.toArray();
  }

  private static String predictedLabel(Open o, float[] out) {
    if (o.classes.isEmpty()) {
      return null;
    }
    if (o.task == Task.BINARY) {
      return out[0] >= Scorer.DEFAULT_THRESHOLD ? o.classes.get(1) : o.classes.get(0);
    }
    int best = 0;
    for (int k = 1; k < out.length; k++) {
      if (out[k] > out[best]) {
        best = k;
      }
    }
    return best < o.classes.size() ? o.classes.get(best) : null;
  }

  /**
   * A record's value as the column's type, or null when it is missing or does not fit (scored
   * records were checked against the schema already; this only guards the file).
   */
  static Object coerce(ColumnSchema c, Object value) {
    if (value == null) {
      return null;
    }
    try {
      return switch (c.type()) {
        case INTEGER ->
            value instanceof Number n
                ? (Object) (n.doubleValue() == Math.rint(n.doubleValue()) ? n.longValue() : null)
                : Long.valueOf(Long.parseLong(value.toString().strip()));
        case DOUBLE ->
            value instanceof Number n
                ? (Object) n.doubleValue()
                : Double.valueOf(Double.parseDouble(value.toString().strip()));
        case BOOLEAN ->
            value instanceof Boolean b
                ? b
                : switch (value.toString().strip().toLowerCase(java.util.Locale.ROOT)) {
                  case "true" -> Boolean.TRUE;
                  case "false" -> Boolean.FALSE;
                  default -> null;
                };
        case CATEGORICAL, TEXT -> value.toString();
        case DATETIME -> datetimeMillis(value);
      };
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Object datetimeMillis(Object value) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    String s = value.toString().strip();
    try {
      return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    } catch (RuntimeException e) {
      LocalDateTime t =
          s.length() == 10 ? java.time.LocalDate.parse(s).atStartOfDay() : LocalDateTime.parse(s);
      return t.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
    private final MessageType schema;
    private final Map<String, String> meta;

    Builder(LocalOutputFile out, MessageType schema, Map<String, String> meta) {
      super(out);
      this.schema = schema;
      this.meta = meta;
    }

    @Override
    protected Builder self() {
      return this;
    }

    // Parquet 1.18 still requires this Hadoop-typed factory; its replacement is optional.
    @SuppressWarnings("deprecation")
    @Override
    protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
      return new RowSupport(schema, meta);
    }
  }

  /** Writes an {@code Object[]} row: one value per schema field, null for missing. */
  private static final class RowSupport extends WriteSupport<Object[]> {
    private final MessageType schema;
    private final Map<String, String> meta;
    private RecordConsumer out;

    RowSupport(MessageType schema, Map<String, String> meta) {
      this.schema = schema;
      this.meta = meta;
    }

    // The abstract method Parquet 1.18 calls; the ParquetConfiguration variant delegates here.
    @SuppressWarnings("deprecation")
    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(schema, meta);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      out = recordConsumer;
    }

    @Override
    public void write(Object[] row) {
      out.startMessage();
      for (int i = 0; i < row.length; i++) {
        Object v = row[i];
        if (v == null) {
          continue;
        }
        String name = schema.getFieldName(i);
        out.startField(name, i);
        switch (schema.getType(i).asPrimitiveType().getPrimitiveTypeName()) {
          case INT32 -> out.addInteger(((Number) v).intValue());
          case INT64 -> out.addLong(((Number) v).longValue());
          case DOUBLE -> out.addDouble(((Number) v).doubleValue());
          case BOOLEAN -> out.addBoolean((Boolean) v);
          default -> out.addBinary(Binary.fromString(v.toString()));
        }
        out.endField(name, i);
      }
      out.endMessage();
    }
  }
}
