package dev.boostline.data;

import dev.boostline.util.internal.Hashing;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Streams a CSV file, or a folder of CSV parts, as typed batches in bounded memory.
 *
 * <ul>
 *   <li>Input: UTF-8, plain or gzip (detected from the content), header required; a folder holds
 *       parts (every regular file whose name does not start with {@code .} or {@code _}, read in
 *       name order), each with the same header.
 *   <li>Schema: given (the header must hold exactly its columns, in any order; types and
 *       nullability are enforced), or inferred from the first {@link CsvOptions#inferenceRows()}
 *       rows with the rules of {@link CsvReader} and then enforced on every row: a later value that
 *       does not fit the inferred type is an error naming the file, line and column.
 *   <li>Speed: one thread cuts the input into chunks of whole records ({@link CsvChunker}) while
 *       parser threads type the chunks in parallel; batches come out in file order.
 *   <li>Memory: a few chunks of about 4 MiB and their typed batches, whatever the file size.
 * </ul>
 *
 * <p>Not thread-safe (one consumer). {@link #close()} stops the reading threads; the caller owns
 * it.
 */
public final class CsvSource implements DatasetStream {
  private static final int SNIFF_BYTES = 1 << 16;
  private static final char[] SEPARATOR_CANDIDATES = {',', ';', '\t', '|'};
  private static final int CHUNK_BYTES = 4 << 20;

  private final String label;
  private final List<Path> parts;
  private final CsvOptions options;
  private final char sep;
  private final List<String> header;
  private final Schema schema;
  private final boolean inferred;
  // Bytes per row of the last parsed chunk (0 before the first): sizes the next chunk's columns.
  private volatile double bytesPerRow;
  private final long inferenceRows;
  private final boolean fastNumbers;
  private final int threads;
  private final boolean isFolder;

  private ExecutorService workers;
  private Thread producer;
  private BlockingQueue<CompletableFuture<Optional<Dataset>>> queue;
  private volatile boolean closed;
  private volatile String sha256;
  private volatile long sizeBytes;
  private boolean hashContent = true; // set before the reader thread starts, which then reads it
  private long rows;
  private boolean done;

  private CsvSource(
      String label,
      List<Path> parts,
      CsvOptions options,
      char sep,
      List<String> header,
      Schema schema,
      boolean inferred,
      long inferenceRows,
      int threads,
      boolean isFolder) {
    this.label = label;
    this.isFolder = isFolder;
    this.parts = parts;
    this.options = options;
    this.sep = sep;
    this.header = header;
    this.schema = schema;
    this.inferred = inferred;
    this.inferenceRows = inferenceRows;
    this.threads = threads;
    boolean fast = true;
    for (String token : options.nullTokens()) {
      if (!token.isEmpty() && "+-.0123456789".indexOf(token.charAt(0)) >= 0) {
        fast = false; // a null token that looks like a number must be checked as text first
      }
    }
    this.fastNumbers = fast;
  }

  /**
   * Opens a CSV file or folder of parts: checks the files and headers and settles the schema (an
   * inference pass over the first rows when none is given); no rows are read into memory yet.
   *
   * @param schema the schema to enforce, or empty to infer one
   * @param threads parser threads (at least 1)
   * @throws DataFormatException for a missing or empty file, a bad header, or parts that disagree
   */
  public static CsvSource open(
      Path path, CsvOptions options, Optional<Schema> schema, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    String label = path.getFileName() == null ? path.toString() : path.getFileName().toString();
    List<Path> parts = parts(path, label);
    char sep =
        options.separator().orElseGet(() -> sniff(parts.get(0), label(parts.get(0)), options));
    List<String> header = null;
    Path first = null;
    for (Path part : parts) {
      List<String> h = header(part, sep, options);
      if (header == null) {
        header = h;
        first = part;
      } else if (!header.equals(h)) {
        throw new DataFormatException(
            label(part),
            1,
            null,
            "the header "
                + h
                + " differs from the header of "
                + label(first)
                + " "
                + header
                + "; every part of a folder needs the same columns in the same order");
      }
    }
    if (schema.isPresent()) {
      Schema ordered = orderSchema(label(first), header, schema.get());
      return new CsvSource(
          label, parts, options, sep, header, ordered, false, 0, threads, Files.isDirectory(path));
    }
    long sample = options.inferenceRows();
    Schema provisional = infer(parts, label, sep, header, options, sample);
    return new CsvSource(
        label,
        parts,
        options,
        sep,
        header,
        provisional,
        true,
        sample,
        threads,
        Files.isDirectory(path));
  }

  private static String label(Path p) {
    return p.getFileName() == null ? p.toString() : p.getFileName().toString();
  }

  private static List<Path> parts(Path path, String label) {
    List<Path> parts = SourceFiles.list(path);
    for (Path p : parts) {
      try {
        if (Files.size(p) == 0) {
          throw new DataFormatException(
              label(p), 0, null, "the file is empty (expected a header line)");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + p, e);
      }
    }
    return parts;
  }

  /** The schema every batch has. See {@link DatasetStream#schema()}. */
  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public boolean inferred() {
    return inferred;
  }

  /** The column names of the header, in file order. */
  public List<String> header() {
    return header;
  }

  /** The separator used (given or sniffed). */
  public char separator() {
    return sep;
  }

  /** Rows returned so far. */
  public long rowsRead() {
    return rows;
  }

  /**
   * Skips the SHA-256 of the input's bytes (about 0.15 s of a core per 220 MB here), for readers
   * that only consume the rows, such as batch scoring: {@link #description()} then reports an empty
   * {@code sha256}. Call it before reading starts.
   *
   * @return this source
   * @throws IllegalStateException once reading has started
   */
  public CsvSource withoutContentHash() {
    if (producer != null) {
      throw new IllegalStateException("the CSV source has started reading");
    }
    hashContent = false;
    return this;
  }

  @Override
  public SourceDescription description() {
    return new SourceDescription(
        "csv",
        label,
        sha256 == null ? "" : sha256,
        sizeBytes,
        parts.stream().map(CsvSource::label).toList(),
        String.valueOf(sep),
        String.valueOf(options.quote()));
  }

  @Override
  public Optional<Dataset> next() {
    if (closed) {
      throw new IllegalStateException("the CSV source is closed");
    }
    if (done) {
      return Optional.empty();
    }
    if (producer == null) {
      start();
    }
    while (true) {
      CompletableFuture<Optional<Dataset>> f;
      try {
        f = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading " + label, e);
      }
      Optional<Dataset> batch;
      try {
        batch = f.join();
      } catch (CompletionException e) {
        close();
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(cause);
      }
      if (batch == null) {
        done = true;
        if (rows == 0) {
          throw new DataFormatException(
              label, 0, null, "the file has a header but no data rows (expected at least one row)");
        }
        return Optional.empty();
      }
      if (batch.isPresent()) {
        rows += batch.get().rowCount();
        return batch;
      }
    }
  }

  @Override
  public void prefetch() {
    if (!closed && !done && producer == null) {
      start();
    }
  }

  private void start() {
    workers =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "boostline-csv-parser");
              t.setDaemon(true);
              return t;
            });
    queue = new ArrayBlockingQueue<>(threads * 2 + 2);
    producer = new Thread(this::produce, "boostline-csv-reader");
    producer.setDaemon(true);
    producer.start();
  }

  /** Reads every part in order, cutting chunks and handing them to the parser threads. */
  private void produce() {
    try {
      MessageDigest folder = Hashing.sha256();
      long total = 0;
      String single = null;
      for (Path part : parts) {
        String partLabel = label(part);
        MessageDigest digest = Hashing.sha256();
        try (InputStream file = Files.newInputStream(part);
            InputStream raw = hashContent ? new DigestInputStream(file, digest) : file) {
          InputStream in = decompressed(raw);
          CsvChunker chunker =
              new CsvChunker(
                  in, partLabel, sep, options.quote(), 1, CHUNK_BYTES, options.maxLineBytes());
          boolean first = true;
          CsvChunker.Chunk c;
          while ((c = chunker.next()) != null) {
            CsvChunker.Chunk chunk = c;
            boolean withHeader = first;
            first = false;
            if (closed) {
              return;
            }
            queue.put(
                CompletableFuture.supplyAsync(() -> parse(chunk, partLabel, withHeader), workers));
          }
          raw.transferTo(OutputStream.nullOutputStream()); // the hash covers every byte
        } catch (ZipException e) {
          throw new DataFormatException(partLabel, 0, null, "corrupt gzip data: " + e.getMessage());
        } catch (NoSuchFileException e) {
          throw new DataFormatException(partLabel, 0, null, "no such file: " + part);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + part, e);
        }
        String hex = hashContent ? Hashing.hex(digest) : "";
        single = hex;
        folder.update((partLabel + " " + hex + "\n").getBytes(StandardCharsets.UTF_8));
        total += Files.size(part);
      }
      sizeBytes = total;
      sha256 = isFolder && hashContent ? Hashing.hex(folder) : single;
      queue.put(CompletableFuture.completedFuture(null));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error | IOException e) {
      if (!closed) {
        try {
          queue.put(
              CompletableFuture.failedFuture(
                  e instanceof IOException io
                      ? new UncheckedIOException("cannot read " + label, io)
                      : e));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** Types the records of one chunk. */
  private Optional<Dataset> parse(CsvChunker.Chunk chunk, String partLabel, boolean withHeader) {
    int cols = schema.size();
    Column<?>[] columns = new Column<?>[cols];
    // Room for the rows the chunk likely holds, from the bytes per row seen so far (a little over;
    // a column that needs more still grows).
    double perRow = bytesPerRow;
    int expected = perRow > 0 ? (int) Math.min(1 << 24, chunk.length() / perRow * 1.05 + 16) : 0;
    for (int i = 0; i < cols; i++) {
      columns[i] = Tables.newColumn(schema.column(i).name(), schema.column(i).type(), expected);
    }
    Set<String> nulls = options.nullTokens();
    try (CsvParser p =
        new CsvParser(
            chunk.bytes(),
            chunk.length(),
            partLabel,
            sep,
            options.quote(),
            options.maxLineBytes(),
            chunk.firstLine(),
            withHeader)) {
      if (withHeader && !p.next()) {
        return Optional.empty();
      }
      while (p.next()) {
        checkWidth(p, partLabel, cols);
        for (int i = 0; i < cols; i++) {
          ColumnSchema cs = schema.column(i);
          Column<?> column = columns[i];
          if (fastNumbers && !p.quoted(i)) {
            if (p.isEmpty(i)) {
              missing(column, cs, "", partLabel, p.line());
              continue;
            }
            if (cs.type() == ColumnType.DOUBLE) {
              double v = p.plainDecimal(i);
              if (!Double.isNaN(v)) {
                ((DoubleColumn) column).append(v);
                continue;
              }
            } else if (cs.type() == ColumnType.INTEGER) {
              long v = p.plainInteger(i);
              if (v != Long.MIN_VALUE) {
                ((LongColumn) column).append(v);
                continue;
              }
            }
          }
          String v = p.field(i, cs.name());
          if (nulls.contains(v)) {
            missing(column, cs, v, partLabel, p.line());
            continue;
          }
          append(column, cs, v, partLabel, p.line());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + partLabel, e);
    }
    Table t = Table.create(label);
    t.addColumns(columns);
    if (t.rowCount() > 0) {
      bytesPerRow = (double) chunk.length() / t.rowCount();
    }
    return t.rowCount() == 0 ? Optional.empty() : Optional.of(new Dataset(schema, t));
  }

  private void missing(Column<?> column, ColumnSchema cs, String v, String partLabel, long line) {
    if (!cs.nullable()) {
      throw new DataFormatException(
          partLabel,
          line,
          cs.name(),
          "missing value (\"" + v + "\") but the schema says the column is not nullable");
    }
    column.appendMissing();
  }

  private void append(Column<?> column, ColumnSchema cs, String v, String partLabel, long line) {
    switch (cs.type()) {
      case INTEGER -> {
        Long x = Values.parseLong(v, false);
        if (x == null) {
          throw mismatch(partLabel, line, cs, v, "is not an integer");
        }
        ((LongColumn) column).append(x);
      }
      case DOUBLE -> {
        Double x = Values.parseDouble(v, false);
        if (x == null) {
          throw mismatch(partLabel, line, cs, v, "is not a number");
        }
        ((DoubleColumn) column).append(x);
      }
      case BOOLEAN -> {
        Boolean x = Values.parseBoolean(v, true);
        if (x == null) {
          throw mismatch(partLabel, line, cs, v, "is not a boolean (true/false, yes/no, 1/0)");
        }
        ((BooleanColumn) column).append(x);
      }
      case DATETIME -> {
        LocalDateTime x = Values.parseDateTime(v);
        if (x == null) {
          throw mismatch(
              partLabel,
              line,
              cs,
              v,
              "is not an ISO-8601 date or date-time (yyyy-MM-dd[THH:mm:ss])");
        }
        ((DateTimeColumn) column).append(x);
      }
      case CATEGORICAL, TEXT -> ((StringColumn) column).append(v);
    }
  }

  private DataFormatException mismatch(
      String partLabel, long line, ColumnSchema cs, String v, String problem) {
    String shown = v.length() > 60 ? v.substring(0, 57) + "..." : v;
    String why =
        inferred
            ? " (the type "
                + cs.type().name()
                + " was inferred from the first "
                + inferenceRows
                + " rows; give a schema to read this column as another type)"
            : " (schema says " + cs.type().name() + ")";
    return new DataFormatException(
        partLabel, line, cs.name(), "\"" + shown + "\" " + problem + why);
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

  @Override
  public void close() {
    closed = true;
    if (producer != null) {
      producer.interrupt();
      queue.clear();
    }
    if (workers != null) {
      workers.shutdownNow();
    }
  }

  // ---- opening: sniffing, headers, inference ----

  static CsvParser parser(InputStream raw, String label, char sep, CsvOptions options)
      throws IOException {
    return new CsvParser(decompressed(raw), label, sep, options.quote(), options.maxLineBytes());
  }

  /** Wraps a stream in gunzip when it starts with the gzip magic bytes. */
  static InputStream decompressed(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(in, 1 << 16) : in;
  }

  static List<String> header(Path file, char sep, CsvOptions options) {
    String label = label(file);
    try (CsvParser p = parser(Files.newInputStream(file), label, sep, options)) {
      return readHeader(p, label);
    } catch (ZipException e) {
      throw new DataFormatException(label, 0, null, "corrupt gzip data: " + e.getMessage());
    } catch (NoSuchFileException e) {
      throw new DataFormatException(label, 0, null, "no such file: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static List<String> readHeader(CsvParser p, String label) throws IOException {
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

  static Schema orderSchema(String label, List<String> header, Schema schema) {
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

  /**
   * Infers types from the first {@code sample} data rows (across parts, in order); the result has
   * every column nullable and string columns CATEGORICAL (see {@link DatasetStream#schema()}).
   */
  private static Schema infer(
      List<Path> parts,
      String label,
      char sep,
      List<String> header,
      CsvOptions options,
      long sample) {
    int cols = header.size();
    TypeInference[] inference = new TypeInference[cols];
    for (int i = 0; i < cols; i++) {
      inference[i] = new TypeInference();
    }
    Set<String> nulls = options.nullTokens();
    long rows = 0;
    for (Path part : parts) {
      String partLabel = label(part);
      try (CsvParser p = parser(Files.newInputStream(part), partLabel, sep, options)) {
        readHeader(p, partLabel);
        while (rows < sample && p.next()) {
          checkWidth(p, partLabel, cols);
          for (int i = 0; i < cols; i++) {
            String v = p.field(i, header.get(i));
            if (nulls.contains(v)) {
              inference[i].missing++;
            } else {
              inference[i].accept(v);
            }
          }
          rows++;
        }
      } catch (ZipException e) {
        throw new DataFormatException(partLabel, 0, null, "corrupt gzip data: " + e.getMessage());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + part, e);
      }
      if (rows >= sample) {
        break;
      }
    }
    if (rows == 0) {
      throw new DataFormatException(
          label, 0, null, "the file has a header but no data rows (expected at least one row)");
    }
    List<ColumnSchema> out = new ArrayList<>();
    for (int i = 0; i < cols; i++) {
      ColumnSchema c = inference[i].result(header.get(i));
      ColumnType type = c.type() == ColumnType.TEXT ? ColumnType.CATEGORICAL : c.type();
      out.add(new ColumnSchema(c.name(), type, true));
    }
    return new Schema(out);
  }

  /** Picks the candidate separator that splits the first lines into the same field count. */
  static char sniff(Path file, String label, CsvOptions options) {
    char quote = options.quote();
    byte[] head;
    try (InputStream in = decompressed(Files.newInputStream(file))) {
      head = in.readNBytes(SNIFF_BYTES);
    } catch (ZipException e) {
      throw new DataFormatException(label, 0, null, "corrupt gzip data: " + e.getMessage());
    } catch (NoSuchFileException e) {
      throw new DataFormatException(label, 0, null, "no such file: " + file);
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
}
