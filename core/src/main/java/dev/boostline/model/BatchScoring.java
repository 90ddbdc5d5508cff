package dev.boostline.model;

import dev.boostline.data.ColumnSchema;
import dev.boostline.data.ColumnType;
import dev.boostline.data.CsvExport;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.CsvReader;
import dev.boostline.data.CsvSource;
import dev.boostline.data.Dataset;
import dev.boostline.data.DatasetStream;
import dev.boostline.data.ParquetSink;
import dev.boostline.data.ParquetSource;
import dev.boostline.data.Schema;
import dev.boostline.data.SourceFiles;
import dev.boostline.task.Task;
import dev.boostline.util.internal.fs.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Batch scoring of data of any size: batches stream from a {@link DatasetStream} (a CSV or Parquet
 * file or folder, or a registered version), are scored on every core by the model's one scoring
 * engine ({@link Scorer}, so every row gets exactly the score the in-process scorer and the server
 * give it), and are written in input order as CSV or Parquet, atomically (a temporary file renamed
 * into place). Memory holds a few batches at a time, whatever the input size.
 *
 * <p>Output columns: {@code row} (1-based input row), the id columns of the feature spec that the
 * input has, then {@code label} and {@code probability} (binary), {@code label} and {@code
 * p_<class>} (multiclass) or {@code value} (regression); with explanations, {@code shap_<feature>}
 * and {@code shap_bias} (per class {@code shap_<class>_<feature>} for multiclass), in margin units.
 * Numbers are float32 values: CSV shows them as Java prints a float, Parquet stores them as DOUBLE
 * (exactly).
 */
public final class BatchScoring {
  private BatchScoring() {}

  /** The output file format. */
  public enum Format {
    /** CSV with a header, {@code ,} separated, quoted where needed, UTF-8, never compressed. */
    CSV,
    /**
     * One ZSTD-compressed Parquet file: {@code row} INT64, id columns in their own types, labels as
     * strings, scores as DOUBLE.
     */
    PARQUET;

    /** PARQUET for a name ending in {@code .parquet}, else CSV. */
    public static Format forFile(Path out) {
      String n = String.valueOf(out.getFileName()).toLowerCase(Locale.ROOT);
      return n.endsWith(".parquet") ? PARQUET : CSV;
    }
  }

  /**
   * The schema to read a file to be scored: columns the model knows keep their training type
   * (nullable: a target may be absent or empty), every other column is read as text and ignored.
   */
  public static Schema schemaFor(Scorer scorer, List<String> header) {
    return schemaFor(scorer.manifest(), header);
  }

  /** {@link #schemaFor(Scorer, List)} from the bundle's manifest, before a scorer is opened. */
  public static Schema schemaFor(BundleManifest manifest, List<String> header) {
    Schema training = manifest.schema();
    List<ColumnSchema> cols = new ArrayList<>();
    for (String h : header) {
      cols.add(
          training
              .find(h)
              .map(c -> new ColumnSchema(h, c.type(), true))
              .orElse(new ColumnSchema(h, ColumnType.TEXT, true)));
    }
    return new Schema(cols);
  }

  /**
   * The schema to read a Parquet input with: columns the model knows take their training type, the
   * others keep the type they have in the file ({@code fileSchema}).
   */
  public static Schema schemaFor(Scorer scorer, Schema fileSchema) {
    return schemaFor(scorer.manifest(), fileSchema);
  }

  /** {@link #schemaFor(Scorer, Schema)} from the bundle's manifest, before a scorer is opened. */
  public static Schema schemaFor(BundleManifest manifest, Schema fileSchema) {
    Schema training = manifest.schema();
    List<ColumnSchema> cols = new ArrayList<>();
    for (ColumnSchema c : fileSchema.columns()) {
      cols.add(
          training
              .find(c.name())
              .map(t -> new ColumnSchema(c.name(), t.type(), true))
              .orElse(new ColumnSchema(c.name(), c.type(), true)));
    }
    return new Schema(cols);
  }

  /**
   * Opens a file or folder to score: Parquet (detected from its bytes) with the columns the model
   * knows typed by its training schema, or CSV read with {@code csv} and typed the same way (other
   * columns are read as text). The caller closes the stream.
   *
   * @param threads CSV parser threads
   */
  public static DatasetStream open(Scorer scorer, Path input, CsvOptions csv, int threads) {
    return open(scorer.manifest(), input, csv, threads);
  }

  /**
   * {@link #open(Scorer, Path, CsvOptions, int)} from the bundle's manifest, so that the input can
   * start reading ({@link DatasetStream#prefetch}) while the scorer opens.
   */
  public static DatasetStream open(
      BundleManifest manifest, Path input, CsvOptions csv, int threads) {
    if (SourceFiles.isParquet(input)) {
      Schema fileSchema;
      try (ParquetSource probe = ParquetSource.open(input, Optional.empty())) {
        fileSchema = probe.schema();
      }
      return ParquetSource.open(input, Optional.of(schemaFor(manifest, fileSchema)));
    }
    Path first = SourceFiles.list(input).get(0);
    // Scoring consumes the rows only: no content hash of the input.
    return CsvSource.open(
            input, csv, Optional.of(schemaFor(manifest, CsvReader.header(first, csv))), threads)
        .withoutContentHash();
  }

  /**
   * Scores an in-memory dataset into a CSV file (see {@link #score}).
   *
   * @return rows written
   */
  public static long write(Scorer scorer, Dataset data, Path out, boolean explain) {
    try (DatasetStream in = DatasetStream.of(data, 16_384)) {
      return score(scorer, in, out, Format.CSV, explain, defaultThreads());
    }
  }

  /** The cores of this machine. */
  public static int defaultThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Scores every row of {@code input} into {@code out}, replacing it atomically. The caller owns
   * (and closes) the input stream and the scorer.
   *
   * @param threads scoring threads, at least 1
   * @return rows written
   * @throws dev.boostline.data.DataFormatException for bad input, naming file, line and column
   * @throws dev.boostline.features.FeatureException when a column the model needs is missing
   */
  public static long score(
      Scorer scorer, DatasetStream input, Path out, Format format, boolean explain, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    Layout layout = new Layout(scorer, input.schema(), explain);
    Path abs = out.toAbsolutePath();
    Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + UUID.randomUUID());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "boostline-batch-scoring");
              t.setDaemon(true);
              return t;
            });
    long rows = 0;
    try {
      Files.createDirectories(abs.getParent());
      Output sink =
          format == Format.CSV ? new CsvOutput(tmp, layout) : new ParquetOutput(tmp, layout);
      try (sink) {
        ArrayDeque<CompletableFuture<Object>> pending = new ArrayDeque<>();
        Optional<Dataset> batch;
        while ((batch = input.next()).isPresent()) {
          Dataset b = batch.get();
          long first = rows + 1;
          rows += b.rowCount();
          pending.add(CompletableFuture.supplyAsync(() -> sink.render(b, first), pool));
          if (pending.size() >= 2 * threads) {
            sink.write(join(pending.poll()));
          }
        }
        while (!pending.isEmpty()) {
          sink.write(join(pending.poll()));
        }
      }
      AtomicFiles.fsyncFile(tmp);
      AtomicFiles.move(tmp, abs);
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    } finally {
      pool.shutdownNow();
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the temporary file is hidden and named for this run; nothing else reads it
      }
    }
  }

  private static Object join(CompletableFuture<Object> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** What the output holds, from the model and the input schema. */
  private static final class Layout {
    final Scorer scorer;
    final boolean explain;
    final List<ColumnSchema> ids;
    final List<String> header = new ArrayList<>();
    final Schema schema;

    Layout(Scorer scorer, Schema input, boolean explain) {
      this.scorer = scorer;
      this.explain = explain;
      var definition = scorer.manifest().features().definition();
      this.ids =
          definition.passThrough().stream()
              .filter(c -> input.find(c).isPresent())
              .filter(c -> !c.equals(scorer.labels().target()))
              .filter(c -> !definition.weight().map(c::equals).orElse(false))
              .map(c -> input.find(c).orElseThrow())
              .toList();
      List<ColumnSchema> cols = new ArrayList<>();
      header.add("row");
      cols.add(new ColumnSchema("row", ColumnType.INTEGER, false));
      for (ColumnSchema id : ids) {
        header.add(id.name());
        cols.add(new ColumnSchema(id.name(), id.type(), true));
      }
      List<String> classes = scorer.labels().classes();
      switch (scorer.task()) {
        case BINARY -> {
          header.add("label");
          header.add("probability");
        }
        case MULTICLASS -> {
          header.add("label");
          classes.forEach(c -> header.add("p_" + c));
        }
        case REGRESSION -> header.add("value");
      }
      if (explain) {
        List<String> blocks = scorer.task() == Task.MULTICLASS ? classes : List.of("");
        for (String k : blocks) {
          String prefix = k.isEmpty() ? "shap_" : "shap_" + k + "_";
          scorer.features().featureNames().forEach(f -> header.add(prefix + f));
          header.add(prefix + "bias");
        }
      }
      for (int i = cols.size(); i < header.size(); i++) {
        String h = header.get(i);
        cols.add(
            new ColumnSchema(
                h, h.equals("label") ? ColumnType.CATEGORICAL : ColumnType.DOUBLE, false));
      }
      this.schema = new Schema(cols);
    }

    float[][] outputs(Dataset b) {
      return scorer.outputs(b.table());
    }

    float[][] shap(Dataset b) {
      return explain ? scorer.contributions(b.table()) : null;
    }
  }

  private interface Output extends AutoCloseable {
    /** Turns a scored batch into what {@link #write} takes; runs on the scoring threads. */
    Object render(Dataset batch, long firstRow);

    /** Writes a rendered batch; called in input order, on one thread. */
    void write(Object rendered) throws IOException;

    @Override
    void close() throws IOException;
  }

  private static final class CsvOutput implements Output {
    private final Layout layout;
    private final OutputStream out;

    CsvOutput(Path file, Layout layout) throws IOException {
      this.layout = layout;
      this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
      String header =
          String.join(",", layout.header.stream().map(CsvExport::quote).toList()) + "\n";
      out.write(header.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Object render(Dataset b, long firstRow) {
      float[][] outputs = layout.outputs(b);
      float[][] shap = layout.shap(b);
      Table t = b.table();
      StringBuilder sb = new StringBuilder(b.rowCount() * 64);
      Scorer scorer = layout.scorer;
      for (int r = 0; r < b.rowCount(); r++) {
        sb.append(firstRow + r);
        for (ColumnSchema id : layout.ids) {
          Column<?> c = t.column(id.name());
          sb.append(',').append(c.isMissing(r) ? "" : CsvExport.quote(String.valueOf(c.get(r))));
        }
        if (scorer.task() == Task.REGRESSION) {
          sb.append(',').append(outputs[r][0]);
        } else {
          Prediction p = Prediction.of(scorer.labels(), outputs[r], Scorer.DEFAULT_THRESHOLD);
          sb.append(',').append(CsvExport.quote(p.label().orElseThrow()));
          for (float v : outputs[r]) {
            sb.append(',').append(v);
          }
        }
        if (shap != null) {
          for (float v : shap[r]) {
            sb.append(',').append(v);
          }
        }
        sb.append('\n');
      }
      return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void write(Object rendered) throws IOException {
      out.write((byte[]) rendered);
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  private static final class ParquetOutput implements Output {
    private final Layout layout;
    private final ParquetSink sink;

    ParquetOutput(Path file, Layout layout) {
      this.layout = layout;
      this.sink = ParquetSink.open(file, layout.schema, "ZSTD", 32L << 20);
    }

    @Override
    public Object render(Dataset b, long firstRow) {
      float[][] outputs = layout.outputs(b);
      float[][] shap = layout.shap(b);
      int n = b.rowCount();
      Scorer scorer = layout.scorer;
      List<Column<?>> cols = new ArrayList<>();
      long[] row = new long[n];
      for (int r = 0; r < n; r++) {
        row[r] = firstRow + r;
      }
      cols.add(LongColumn.create("row", row));
      for (ColumnSchema id : layout.ids) {
        cols.add(b.table().column(id.name()).copy());
      }
      if (scorer.task() != Task.REGRESSION) {
        String[] labels = new String[n];
        for (int r = 0; r < n; r++) {
          labels[r] =
              Prediction.of(scorer.labels(), outputs[r], Scorer.DEFAULT_THRESHOLD)
                  .label()
                  .orElseThrow();
        }
        cols.add(StringColumn.create("label", labels));
      }
      int first = cols.size();
      int width = outputs.length == 0 ? 0 : outputs[0].length;
      for (int k = 0; k < width; k++) {
        double[] v = new double[n];
        for (int r = 0; r < n; r++) {
          v[r] = outputs[r][k];
        }
        cols.add(DoubleColumn.create(layout.header.get(first + k), v));
      }
      if (shap != null && n > 0) {
        int base = first + width;
        for (int k = 0; k < shap[0].length; k++) {
          double[] v = new double[n];
          for (int r = 0; r < n; r++) {
            v[r] = shap[r][k];
          }
          cols.add(DoubleColumn.create(layout.header.get(base + k), v));
        }
      }
      Table t = Table.create("scores");
      t.addColumns(cols.toArray(Column<?>[]::new));
      return Dataset.of(layout.schema, t);
    }

    @Override
    public void write(Object rendered) {
      sink.write((Dataset) rendered);
    }

    @Override
    public void close() {
      sink.finish(Map.of("boostline.scores", "1"));
    }
  }
}
