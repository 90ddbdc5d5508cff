package dev.boostline.monitoring;

import dev.boostline.data.ColumnSchema;
import dev.boostline.data.ColumnType;
import dev.boostline.model.BundleManifest;
import dev.boostline.registry.ModelRef;
import dev.boostline.task.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Where captured requests live and what a capture file holds.
 *
 * <pre>
 * &lt;home&gt;/captures/&lt;model&gt;/&lt;yyyy-MM-dd&gt;/capture-&lt;start ms&gt;-&lt;writer&gt;-&lt;seq&gt;.parquet
 * </pre>
 *
 * <p>One Parquet file per model version and time span, one row per captured record: {@value
 * #REQUEST_ID} (the request's id; a batch's rows share it), {@value #ROW} (the record's position in
 * its request), {@value #TIME} (when it was scored, UTC milliseconds), {@value #VERSION} (the model
 * version that scored it), {@value #SCORE} (probability of the positive class, of the top class, or
 * the value), {@value #LABEL} (the predicted class of a classifier), {@code _p_<k>} per class of a
 * multiclass model, then the record's columns typed by the model's schema (the target left out).
 * The file's key-value metadata {@value #META_KEY} holds the model, version, task, target and
 * classes. A file being written is hidden ({@code .capture-...tmp}) and renamed when closed, so
 * readers only ever see complete files.
 */
public final class CaptureFiles {
  /** The column holding the request's id; a batch's rows share it. */
  public static final String REQUEST_ID = "_request_id";

  /** The column holding the record's position in its request. */
  public static final String ROW = "_row";

  /** The column holding when the record was scored, UTC milliseconds. */
  public static final String TIME = "_time";

  /** The column holding the model version that scored the record. */
  public static final String VERSION = "_version";

  /**
   * The column holding the score: positive-class probability, top-class probability, or the value.
   */
  public static final String SCORE = "_score";

  /** The column holding a classifier's predicted class. */
  public static final String LABEL = "_label";

  /** The prefix of a multiclass model's per-class probability columns ({@code _p_<k>}). */
  public static final String PROBABILITY_PREFIX = "_p_";

  /** The Parquet key-value metadata key holding the model, version, task, target and classes. */
  public static final String META_KEY = "boostline.capture";

  /** The capture format version written and read. */
  public static final int FORMAT_VERSION = 1;

  private static final Pattern FILE =
      Pattern.compile("capture-([0-9]{1,16})-[A-Za-z0-9._-]+-[0-9]+\\.parquet");

  private CaptureFiles() {}

  /** {@code <home>/captures/<model>}. */
  public static Path directory(Path home, String model) {
    ModelRef.requireValidName(model);
    return home.toAbsolutePath().normalize().resolve("captures").resolve(model);
  }

  /** Models with a capture directory, sorted. */
  public static List<String> models(Path home) {
    Path root = home.toAbsolutePath().normalize().resolve("captures");
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
      dirs.forEach(d -> out.add(d.getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /** A complete capture file and when it started. */
  public record Entry(Path path, Instant started, long bytes) {}

  /** The complete capture files of a model, oldest first. */
  public static List<Entry> list(Path home, String model) {
    Path dir = directory(home, model);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Entry> out = new ArrayList<>();
    try (DirectoryStream<Path> days = Files.newDirectoryStream(dir, Files::isDirectory)) {
      for (Path day : days) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(day, "capture-*.parquet")) {
          for (Path f : files) {
            Matcher m = FILE.matcher(f.getFileName().toString());
            if (m.matches()) {
              out.add(
                  new Entry(f, Instant.ofEpochMilli(Long.parseLong(m.group(1))), Files.size(f)));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    out.sort(Comparator.comparing(Entry::started).thenComparing(e -> e.path().toString()));
    return out;
  }

  /** The directory for files started at {@code t}: one per UTC day. */
  static Path dayDirectory(Path home, String model, Instant t) {
    return directory(home, model)
        .resolve(LocalDateTime.ofInstant(t, ZoneOffset.UTC).toLocalDate().toString());
  }

  /** The input columns captured for a model: its schema without the target. */
  static List<ColumnSchema> inputColumns(BundleManifest m) {
    String target = m.labels().target();
    List<ColumnSchema> out = new ArrayList<>();
    for (ColumnSchema c : m.schema().columns()) {
      if (!c.name().equals(target)) {
        out.add(c);
      }
    }
    return out;
  }

  /** The Parquet schema of a model version's capture files. */
  static MessageType schema(BundleManifest m) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    b.addField(string(REQUEST_ID, Type.Repetition.REQUIRED));
    b.addField(Types.primitive(PrimitiveTypeName.INT32, Type.Repetition.REQUIRED).named(ROW));
    b.addField(
        Types.primitive(PrimitiveTypeName.INT64, Type.Repetition.REQUIRED)
            .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS))
            .named(TIME));
    b.addField(Types.primitive(PrimitiveTypeName.INT32, Type.Repetition.REQUIRED).named(VERSION));
    b.addField(Types.primitive(PrimitiveTypeName.DOUBLE, Type.Repetition.REQUIRED).named(SCORE));
    Task task = m.labels().task();
    if (task != Task.REGRESSION) {
      b.addField(string(LABEL, Type.Repetition.OPTIONAL));
    }
    if (task == Task.MULTICLASS) {
      for (int k = 0; k < m.labels().numClass(); k++) {
        b.addField(
            Types.primitive(PrimitiveTypeName.DOUBLE, Type.Repetition.REQUIRED)
                .named(PROBABILITY_PREFIX + k));
      }
    }
    for (ColumnSchema c : inputColumns(m)) {
      b.addField(column(c));
    }
    return b.named("capture");
  }

  private static Type string(String name, Type.Repetition rep) {
    return Types.primitive(PrimitiveTypeName.BINARY, rep)
        .as(LogicalTypeAnnotation.stringType())
        .named(name);
  }

  private static Type column(ColumnSchema c) {
    Type.Repetition rep = Type.Repetition.OPTIONAL;
    return switch (c.type()) {
      case INTEGER -> Types.primitive(PrimitiveTypeName.INT64, rep).named(c.name());
      case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(c.name());
      case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(c.name());
      case CATEGORICAL, TEXT -> string(c.name(), rep);
      case DATETIME ->
          Types.primitive(PrimitiveTypeName.INT64, rep)
              .as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MILLIS))
              .named(c.name());
    };
  }

  /** The type a Parquet input column was written from. */
  static ColumnType typeOf(Type t) {
    PrimitiveTypeName p = t.asPrimitiveType().getPrimitiveTypeName();
    LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
    return switch (p) {
      case INT64 ->
          a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
              ? ColumnType.DATETIME
              : ColumnType.INTEGER;
      case DOUBLE -> ColumnType.DOUBLE;
      case BOOLEAN -> ColumnType.BOOLEAN;
      default -> ColumnType.CATEGORICAL;
    };
  }
}
