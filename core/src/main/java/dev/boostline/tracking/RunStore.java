package dev.boostline.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.boostline.common.CorruptStoreException;
import dev.boostline.common.NotFoundException;
import dev.boostline.util.internal.fs.AtomicFiles;
import dev.boostline.util.internal.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Training runs under {@code <home>/runs/<run-id>/}: {@code run.json} (rewritten atomically as the
 * run progresses), {@code metrics.jsonl} (one line per boosting round, appended) and {@code
 * artifacts/}. Run ids sort by start time: {@code yyyyMMdd-HHmmss-<6 hex>}. Thread-safe.
 */
public final class RunStore {
  private static final Pattern RUN_ID = Pattern.compile("[0-9]{8}-[0-9]{6}-[0-9a-f]{6}");
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Path root;

  private RunStore(Path root) {
    this.root = root;
  }

  /** The run store of a Boostline home. */
  public static RunStore open(Path home) {
    return new RunStore(home.toAbsolutePath().normalize().resolve("runs"));
  }

  /** The directory holding every run, {@code <home>/runs} (absolute). */
  public Path root() {
    return root;
  }

  /** A new, unique run id for a run starting now. */
  String newRunId() {
    byte[] suffix = new byte[3];
    ThreadLocalRandom.current().nextBytes(suffix);
    return LocalDateTime.now(ZoneOffset.UTC).format(ID_TIME)
        + "-"
        + HexFormat.of().formatHex(suffix);
  }

  /** Creates the run's directory and writes its first record. */
  void create(RunRecord record) {
    Path dir = directory(record.runId());
    try {
      Files.createDirectories(dir.getParent());
      Files.createDirectory(dir);
      Files.createDirectory(dir.resolve("artifacts"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create run directory " + dir, e);
    }
    write(record);
  }

  /** Rewrites a run's record atomically. */
  void write(RunRecord record) {
    AtomicFiles.write(directory(record.runId()).resolve("run.json"), Json.toBytes(record));
  }

  /** Appends one round's metrics. */
  void appendMetrics(String runId, int iteration, Map<String, Double> metrics) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("iteration", iteration);
    line.putAll(metrics);
    AtomicFiles.appendLine(directory(runId).resolve("metrics.jsonl"), Json.toLine(line));
  }

  /** Writes an artifact file of a run atomically. */
  void writeArtifact(String runId, String name, byte[] bytes) {
    AtomicFiles.write(artifact(runId, name), bytes);
  }

  /** The path of a run's artifact. */
  public Path artifact(String runId, String name) {
    return directory(runId).resolve("artifacts").resolve(name);
  }

  /** Reads an artifact of a run. */
  public byte[] readArtifact(String runId, String name) {
    try {
      return Files.readAllBytes(artifact(requireRun(runId), name));
    } catch (NoSuchFileException e) {
      throw new NotFoundException("run " + runId + " has no artifact " + name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read artifact " + name + " of run " + runId, e);
    }
  }

  private Path directory(String runId) {
    return root.resolve(runId);
  }

  private String requireRun(String runId) {
    if (!RUN_ID.matcher(runId).matches()
        || !Files.isRegularFile(directory(runId).resolve("run.json"))) {
      throw new NotFoundException("no run \"" + runId + "\" in " + root);
    }
    return runId;
  }

  /**
   * A run's record; a unique prefix of its id is enough.
   *
   * @throws NotFoundException when no run (or more than one) matches
   */
  public RunRecord get(String runIdOrPrefix) {
    String id = resolve(runIdOrPrefix);
    Path file = directory(id).resolve("run.json");
    try {
      byte[] bytes = Files.readAllBytes(file);
      int format = Json.mapper().readTree(bytes).path("formatVersion").asInt(-1);
      if (format != RunRecord.FORMAT_VERSION) {
        throw new CorruptStoreException(
            file
                + ": run format "
                + format
                + " is not one this Boostline reads ("
                + RunRecord.FORMAT_VERSION
                + ")");
      }
      return Json.mapper().readValue(bytes, RunRecord.class);
    } catch (JsonProcessingException e) {
      throw new CorruptStoreException(file + ": unreadable run record: " + Json.describe(e), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Per-round metrics of a run, in order. A torn last line (a crash mid-append) is skipped. */
  public List<Map<String, Double>> metrics(String runIdOrPrefix) {
    String id = resolve(runIdOrPrefix);
    Path file = directory(id).resolve("metrics.jsonl");
    if (!Files.exists(file)) {
      return List.of();
    }
    List<Map<String, Double>> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        try {
          Map<String, Double> m = new LinkedHashMap<>();
          Json.mapper()
              .readTree(line)
              .properties()
              .forEach(e -> m.put(e.getKey(), e.getValue().asDouble()));
          out.add(m);
        } catch (JsonProcessingException torn) {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return out;
  }

  /** Every run id, oldest first. */
  public List<String> ids() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path p : entries) {
        String n = p.getFileName().toString();
        if (RUN_ID.matcher(n).matches() && Files.isRegularFile(p.resolve("run.json"))) {
          ids.add(n);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    ids.sort(Comparator.naturalOrder());
    return ids;
  }

  /** Every run, oldest first, optionally only those on one dataset. */
  public List<RunRecord> list(Optional<String> dataset) {
    List<RunRecord> out = new ArrayList<>();
    for (String id : ids()) {
      RunRecord r = get(id);
      if (dataset.isEmpty() || r.dataset().name().equals(dataset.get())) {
        out.add(r);
      }
    }
    return out;
  }

  private String resolve(String prefix) {
    if (RUN_ID.matcher(prefix).matches()) {
      return requireRun(prefix);
    }
    List<String> matches = ids().stream().filter(id -> id.startsWith(prefix)).toList();
    if (matches.size() == 1 && !prefix.isEmpty()) {
      return matches.get(0);
    }
    if (matches.isEmpty() || prefix.isEmpty()) {
      throw new NotFoundException("no run \"" + prefix + "\" in " + root);
    }
    throw new NotFoundException(
        "\"" + prefix + "\" matches " + matches.size() + " runs; give more of the id");
  }
}
