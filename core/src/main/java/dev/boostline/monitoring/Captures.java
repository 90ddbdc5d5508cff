package dev.boostline.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boostline.common.CorruptStoreException;
import dev.boostline.data.ColumnType;
import dev.boostline.task.Task;
import dev.boostline.util.internal.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/** Reads captured records back (see {@link CaptureFiles}). Stateless and thread-safe. */
public final class Captures {
  private Captures() {}

  /**
   * One captured record.
   *
   * @param score probability of the positive class, of the top class, or the value
   * @param label the predicted class of a classifier
   * @param probabilities per class, for a multiclass model (else empty)
   * @param inputs the record's columns as captured (Long, Double, Boolean, String, or Long epoch
   *     milliseconds for datetimes; absent values left out)
   */
  public record Row(
      String requestId,
      int row,
      Instant at,
      int version,
      double score,
      Optional<String> label,
      double[] probabilities,
      Map<String, Object> inputs) {}

  /**
   * What a capture file says about the model version that wrote it.
   *
   * @param columns the input columns and their types, in order
   */
  public record FileInfo(
      String model,
      int version,
      Task task,
      String target,
      List<String> classes,
      Map<String, ColumnType> columns) {
    public FileInfo {
      classes = List.copyOf(classes);
      columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }
  }

  /** The rows of several files with what the newest file says about its model version. */
  public record Window(List<Row> rows, List<FileInfo> files) {
    public Window {
      rows = List.copyOf(rows);
      files = List.copyOf(files);
    }

    /** The newest file's info, if any file was read. */
    public Optional<FileInfo> latest() {
      return files.isEmpty() ? Optional.empty() : Optional.of(files.get(files.size() - 1));
    }
  }

  /**
   * The captured records of {@code model} scored in [{@code since}, {@code until}), oldest file
   * first. Files that ended before {@code since} are still opened (a file's start is in its name,
   * its end is not), rows are filtered by their time.
   *
   * @throws CorruptStoreException naming a file that is not a readable capture file
   */
  public static Window read(
      Path home, String model, Optional<Instant> since, Optional<Instant> until) {
    List<Row> rows = new ArrayList<>();
    List<FileInfo> infos = new ArrayList<>();
    for (CaptureFiles.Entry e : CaptureFiles.list(home, model)) {
      if (until.isPresent() && !e.started().isBefore(until.get())) {
        continue;
      }
      infos.add(readFile(e.path(), since, until, rows));
    }
    return new Window(rows, infos);
  }

  private static FileInfo readFile(
      Path file, Optional<Instant> since, Optional<Instant> until, List<Row> out) {
    try (ParquetFileReader reader =
        ParquetFileReader.open(new LocalInputFile(file), ParquetReadOptions.builder().build())) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      String meta =
          reader.getFooter().getFileMetaData().getKeyValueMetaData().get(CaptureFiles.META_KEY);
      if (meta == null) {
        throw new CorruptStoreException(file + ": not a Boostline capture file (no metadata)");
      }
      FileInfo info = info(file, Json.mapper().readTree(meta), schema);
      int nClasses = info.task() == Task.MULTICLASS ? info.classes().size() : 0;
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> records =
            new ColumnIOFactory()
                .getColumnIO(schema)
                .getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount(); i++) {
          Group g = records.read();
          Instant at = Instant.ofEpochMilli(g.getLong(CaptureFiles.TIME, 0));
          if (since.isPresent() && at.isBefore(since.get())
              || until.isPresent() && !at.isBefore(until.get())) {
            continue;
          }
          double[] probabilities = new double[nClasses];
          for (int k = 0; k < nClasses; k++) {
            probabilities[k] = g.getDouble(CaptureFiles.PROBABILITY_PREFIX + k, 0);
          }
          Optional<String> label =
              schema.containsField(CaptureFiles.LABEL)
                      && g.getFieldRepetitionCount(CaptureFiles.LABEL) > 0
                  ? Optional.of(g.getString(CaptureFiles.LABEL, 0))
                  : Optional.empty();
          Map<String, Object> inputs = new LinkedHashMap<>();
          for (String col : info.columns().keySet()) {
            if (g.getFieldRepetitionCount(col) == 0) {
              continue;
            }
            Type t = schema.getType(col);
            Object v =
                switch (t.asPrimitiveType().getPrimitiveTypeName()) {
                  case INT64 -> g.getLong(col, 0);
                  case INT32 -> (long) g.getInteger(col, 0);
                  case DOUBLE -> g.getDouble(col, 0);
                  case BOOLEAN -> g.getBoolean(col, 0);
                  default -> g.getString(col, 0);
                };
            inputs.put(col, v);
          }
          out.add(
              new Row(
                  g.getString(CaptureFiles.REQUEST_ID, 0),
                  g.getInteger(CaptureFiles.ROW, 0),
                  at,
                  g.getInteger(CaptureFiles.VERSION, 0),
                  g.getDouble(CaptureFiles.SCORE, 0),
                  label,
                  probabilities,
                  inputs));
        }
      }
      return info;
    } catch (IOException | RuntimeException e) {
      if (e instanceof CorruptStoreException c) {
        throw c;
      }
      throw new CorruptStoreException(file + ": not a readable capture file: " + e, e);
    }
  }

  private static FileInfo info(Path file, JsonNode meta, MessageType schema) {
    int format = meta.path("formatVersion").asInt(-1);
    if (format != CaptureFiles.FORMAT_VERSION) {
      throw new CorruptStoreException(
          file + ": capture format " + format + " is not one this Boostline reads");
    }
    List<String> classes = new ArrayList<>();
    meta.path("classes").forEach(c -> classes.add(c.asText()));
    Map<String, ColumnType> columns = new LinkedHashMap<>();
    for (JsonNode c : meta.path("columns")) {
      columns.put(c.path("name").asText(), ColumnType.valueOf(c.path("type").asText()));
    }
    for (String name : columns.keySet()) {
      if (!schema.containsField(name)
          || schema.getType(name).asPrimitiveType().getPrimitiveTypeName()
              == PrimitiveTypeName.INT96) {
        throw new CorruptStoreException(file + ": column " + name + " is missing or unreadable");
      }
    }
    return new FileInfo(
        meta.path("model").asText(),
        meta.path("version").asInt(),
        Task.valueOf(meta.path("task").asText()),
        meta.path("target").asText(),
        classes,
        columns);
  }
}
