package dev.boostline.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boostline.common.BoostlineException;
import dev.boostline.common.CorruptStoreException;
import dev.boostline.common.NotFoundException;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.CsvReader;
import dev.boostline.metrics.Scored;
import dev.boostline.metrics.TaskMetricSet;
import dev.boostline.registry.ModelRef;
import dev.boostline.task.Task;
import dev.boostline.util.internal.fs.AtomicFiles;
import dev.boostline.util.internal.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Late ground truth for captured requests, and the realised performance it shows.
 *
 * <p>{@link #addLabels} keeps a copy of the labels (id and label of every row with both) under
 * {@code <home>/monitoring/<model>/labels/}, then recomputes {@link RealisedPerformance} from every
 * capture and every label file and stores it as {@code performance.json} beside them. A label's id
 * is matched against a captured column: the column named like the labels' id column when the
 * captures have one (an id the client sends in its records), else the request id, where the first
 * record of a request is {@code <request id>} and the others {@code <request id>#<n>} (n from 1). A
 * later label of the same id replaces an earlier one. Thread-safe; writes are atomic.
 */
public final class Monitoring {
  /** Rows per calibration bin set: 10 equal-width bins. */
  private static final int CALIBRATION_BINS = 10;

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", java.util.Locale.ROOT);

  private Monitoring() {}

  /** {@code <home>/monitoring/<model>}. */
  public static Path directory(Path home, String model) {
    ModelRef.requireValidName(model);
    return home.toAbsolutePath().normalize().resolve("monitoring").resolve(model);
  }

  /** What {@link #addLabels} did. */
  public record LabelsAdded(
      Path stored, int labels, String matchedOn, RealisedPerformance performance) {}

  /**
   * Adds the labels in a CSV file and recomputes the model's realised performance.
   *
   * @param idColumn the file's column holding the id
   * @param labelColumn the file's column holding the true value (a class, or a number)
   * @param window the length of a performance window, e.g. one day
   * @throws NotFoundException when the model has no captured request
   * @throws dev.boostline.data.DataFormatException for an unreadable file or a missing column
   */
  public static LabelsAdded addLabels(
      Path home, String model, Path csv, String idColumn, String labelColumn, Duration window) {
    List<CaptureFiles.Entry> files = CaptureFiles.list(home, model);
    if (files.isEmpty()) {
      throw new NotFoundException(
          "model \""
              + model
              + "\" has no captured requests in "
              + CaptureFiles.directory(home, model)
              + " (serve it with --capture FRACTION first)");
    }
    Table t = CsvReader.read(csv, CsvOptions.defaults(), Optional.empty()).dataset().table();
    String file = csv.getFileName().toString();
    Column<?> ids = column(t, idColumn, file);
    Column<?> labels = column(t, labelColumn, file);
    Map<String, String> pairs = new LinkedHashMap<>();
    for (int i = 0; i < t.rowCount(); i++) {
      if (!ids.isMissing(i) && !labels.isMissing(i)) {
        pairs.put(key(ids.get(i)), key(labels.get(i)));
      }
    }
    Captures.Window captured = Captures.read(home, model, Optional.empty(), Optional.empty());
    boolean byColumn = captured.files().stream().anyMatch(f -> f.columns().containsKey(idColumn));
    String matchedOn = byColumn ? idColumn : CaptureFiles.REQUEST_ID;
    Path stored = storeLabels(home, model, matchedOn, pairs);
    RealisedPerformance p = recompute(home, model, captured, window);
    return new LabelsAdded(stored, pairs.size(), matchedOn, p);
  }

  /** The stored realised performance of a model, if labels were ever added. */
  public static Optional<RealisedPerformance> performance(Path home, String model) {
    Path f = directory(home, model).resolve("performance.json");
    try {
      RealisedPerformance p =
          Json.mapper().readValue(Files.readAllBytes(f), RealisedPerformance.class);
      if (p.formatVersion() != RealisedPerformance.FORMAT_VERSION) {
        throw new CorruptStoreException(
            f + ": performance format " + p.formatVersion() + " is not one this Boostline reads");
      }
      return Optional.of(p);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CorruptStoreException(f + ": unreadable: " + e.getMessage(), e);
    }
  }

  private static Column<?> column(Table t, String name, String file) {
    if (!t.columnNames().contains(name)) {
      throw new BoostlineException(
          file + " has no column \"" + name + "\" (it has " + t.columnNames() + ")");
    }
    return t.column(name);
  }

  /** A value as the join key: integral numbers without a decimal point, text as is. */
  static String key(Object v) {
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    if (v instanceof Float f && f == Math.rint(f)) {
      return Long.toString(f.longValue());
    }
    if (v instanceof LocalDateTime t) {
      return Long.toString(t.toInstant(ZoneOffset.UTC).toEpochMilli());
    }
    return v.toString();
  }

  private static Path storeLabels(
      Path home, String model, String matchedOn, Map<String, String> pairs) {
    byte[] b = new byte[3];
    ThreadLocalRandom.current().nextBytes(b);
    Path f =
        directory(home, model)
            .resolve("labels")
            .resolve(
                LocalDateTime.now(ZoneOffset.UTC).format(STAMP)
                    + "-"
                    + HexFormat.of().formatHex(b)
                    + ".jsonl.gz");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      Map<String, Object> head = new LinkedHashMap<>();
      head.put("formatVersion", 1);
      head.put("matchedOn", matchedOn);
      head.put("receivedAt", Instant.now().toString());
      gz.write((Json.toLine(head) + "\n").getBytes(StandardCharsets.UTF_8));
      for (Map.Entry<String, String> e : pairs.entrySet()) {
        gz.write(
            (Json.toLine(Map.of("id", e.getKey(), "label", e.getValue())) + "\n")
                .getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compress labels", e);
    }
    AtomicFiles.write(f, bytes.toByteArray());
    return f;
  }

  /** One stored label file: the column it matches on and id to label. */
  private record LabelFile(String matchedOn, Map<String, String> labels) {}

  private static List<LabelFile> labelFiles(Path home, String model) {
    Path dir = directory(home, model).resolve("labels");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> paths = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.jsonl.gz")) {
      s.forEach(paths::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    paths.sort(null);
    List<LabelFile> out = new ArrayList<>();
    for (Path p : paths) {
      try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(p))) {
        String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
        JsonNode head = Json.mapper().readTree(lines[0]);
        Map<String, String> labels = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
          if (!lines[i].isBlank()) {
            JsonNode n = Json.mapper().readTree(lines[i]);
            labels.put(n.path("id").asText(), n.path("label").asText());
          }
        }
        out.add(new LabelFile(head.path("matchedOn").asText(), labels));
      } catch (IOException e) {
        throw new CorruptStoreException(p + ": unreadable label file: " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** Every stored label by the column it matches on, then id; later files override earlier. */
  static Map<String, Map<String, String>> labelsByKey(Path home, String model) {
    return labelsByKey(labelFiles(home, model));
  }

  private static Map<String, Map<String, String>> labelsByKey(List<LabelFile> files) {
    Map<String, Map<String, String>> byKey = new LinkedHashMap<>();
    for (LabelFile f : files) {
      byKey.computeIfAbsent(f.matchedOn(), k -> new HashMap<>()).putAll(f.labels());
    }
    return byKey;
  }

  /** The id of a captured row for labels matched on {@code column}; null when it has none. */
  private static String idOf(Captures.Row r, String column) {
    if (column.equals(CaptureFiles.REQUEST_ID)) {
      return r.row() == 0 ? r.requestId() : r.requestId() + "#" + r.row();
    }
    Object v = r.inputs().get(column);
    return v == null ? null : key(v);
  }

  /** The label of a captured row, or null. */
  static String labelOf(Captures.Row r, Map<String, Map<String, String>> byKey) {
    String label = null;
    for (Map.Entry<String, Map<String, String>> e : byKey.entrySet()) {
      String id = idOf(r, e.getKey());
      if (id != null && e.getValue().containsKey(id)) {
        label = e.getValue().get(id);
      }
    }
    return label;
  }

  /** Recomputes and stores the realised performance from every capture and label file. */
  static RealisedPerformance recompute(
      Path home, String model, Captures.Window captured, Duration window) {
    List<LabelFile> files = labelFiles(home, model);
    Optional<Captures.FileInfo> info = captured.latest();
    Task task = info.map(Captures.FileInfo::task).orElse(Task.BINARY);
    List<String> classes = info.map(Captures.FileInfo::classes).orElse(List.of());
    Map<String, Integer> classIndex = new HashMap<>();
    for (int k = 0; k < classes.size(); k++) {
      classIndex.put(classes.get(k), k);
    }
    Map<String, Map<String, String>> byKey = labelsByKey(files);
    long windowMs = window.toMillis();
    Map<List<Long>, Acc> perWindow =
        new TreeMap<>(
            java.util.Comparator.comparing((List<Long> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
    Map<Integer, Acc> perVersion = new TreeMap<>();
    java.util.Set<String> matched = new java.util.HashSet<>();
    long labelled = 0;
    for (Captures.Row r : captured.rows()) {
      String label = null;
      for (Map.Entry<String, Map<String, String>> e : byKey.entrySet()) {
        String id = idOf(r, e.getKey());
        if (id != null && e.getValue().containsKey(id)) {
          label = e.getValue().get(id);
          matched.add(e.getKey() + "\u0000" + id);
        }
      }
      if (label == null) {
        continue;
      }
      double y;
      if (task == Task.REGRESSION) {
        try {
          y = Double.parseDouble(label);
        } catch (NumberFormatException ex) {
          continue;
        }
      } else {
        Integer k = classIndex.get(label);
        if (k == null) {
          continue;
        }
        y = k;
      }
      double[] out = task == Task.MULTICLASS ? r.probabilities() : new double[] {r.score()};
      labelled++;
      long start = Math.floorDiv(r.at().toEpochMilli(), windowMs) * windowMs;
      perWindow
          .computeIfAbsent(List.of(start, (long) r.version()), k -> new Acc())
          .add(y, out, r.at());
      perVersion.computeIfAbsent(r.version(), k -> new Acc()).add(y, out, r.at());
    }
    long totalLabels = byKey.values().stream().mapToLong(Map::size).sum();
    List<RealisedPerformance.Slice> windows = new ArrayList<>();
    perWindow.forEach(
        (k, acc) ->
            windows.add(
                new RealisedPerformance.Slice(
                    Instant.ofEpochMilli(k.get(0)),
                    k.get(1).intValue(),
                    acc.rows(),
                    acc.metrics(task, classes))));
    List<RealisedPerformance.Slice> versions = new ArrayList<>();
    perVersion.forEach(
        (v, acc) ->
            versions.add(
                new RealisedPerformance.Slice(
                    acc.first, v, acc.rows(), acc.metrics(task, classes))));
    List<RealisedPerformance.Bin> calibration = List.of();
    if (task == Task.BINARY && !perVersion.isEmpty()) {
      Acc newest = perVersion.get(((TreeMap<Integer, Acc>) perVersion).lastKey());
      calibration = newest.calibration();
    }
    RealisedPerformance p =
        new RealisedPerformance(
            RealisedPerformance.FORMAT_VERSION,
            model,
            task.name(),
            window,
            Instant.now(),
            captured.rows().size(),
            labelled,
            Math.max(0, totalLabels - matched.size()),
            files.size(),
            windows,
            versions,
            calibration);
    AtomicFiles.write(directory(home, model).resolve("performance.json"), Json.toBytes(p));
    return p;
  }

  /** Labelled rows of one slice. */
  private static final class Acc {
    private final List<Double> labels = new ArrayList<>();
    private final List<double[]> outputs = new ArrayList<>();
    private Instant first;

    void add(double y, double[] out, Instant at) {
      labels.add(y);
      outputs.add(out);
      if (first == null || at.isBefore(first)) {
        first = at;
      }
    }

    long rows() {
      return labels.size();
    }

    Map<String, Double> metrics(Task task, List<String> classes) {
      double[] y = labels.stream().mapToDouble(Double::doubleValue).toArray();
      Scored s = new Scored(task, classes, y, outputs.toArray(double[][]::new), null);
      Map<String, Double> m = new LinkedHashMap<>();
      TaskMetricSet.compute(s, 0.5)
          .forEach(
              (k, v) -> {
                if (Double.isFinite(v)) {
                  m.put(k, v);
                }
              });
      return m;
    }

    List<RealisedPerformance.Bin> calibration() {
      double[] sum = new double[CALIBRATION_BINS];
      double[] pos = new double[CALIBRATION_BINS];
      long[] n = new long[CALIBRATION_BINS];
      for (int i = 0; i < labels.size(); i++) {
        double p = outputs.get(i)[0];
        int b = Math.min(CALIBRATION_BINS - 1, Math.max(0, (int) (p * CALIBRATION_BINS)));
        sum[b] += p;
        pos[b] += labels.get(i);
        n[b]++;
      }
      List<RealisedPerformance.Bin> out = new ArrayList<>();
      for (int b = 0; b < CALIBRATION_BINS; b++) {
        if (n[b] > 0) {
          out.add(new RealisedPerformance.Bin(sum[b] / n[b], pos[b] / n[b], n[b]));
        }
      }
      return out;
    }
  }
}
