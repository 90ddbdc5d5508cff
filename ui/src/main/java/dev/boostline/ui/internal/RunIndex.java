package dev.boostline.ui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.boostline.tracking.RunRecord;
import dev.boostline.tracking.RunStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An in-memory index of run summaries, so the runs table lists, filters, sorts and pages thousands
 * of runs without reading every {@code run.json} per request. A refresh lists the runs directory
 * and re-reads only the runs whose {@code run.json} changed (size or modification time); refreshes
 * are at most one per {@value #REFRESH_MS} ms. Unreadable runs are listed as such, not fatal.
 * Thread-safe.
 */
public final class RunIndex {
  static final long REFRESH_MS = 1000;
  private static final Pattern RUN_ID = Pattern.compile("[0-9]{8}-[0-9]{6}-[0-9a-f]{6}");

  /**
   * What the table shows of a run.
   *
   * @param valid validation metrics at the best iteration
   * @param params parameters as text
   */
  public record Summary(
      String id,
      String status,
      Instant startedAt,
      Optional<Duration> duration,
      String dataset,
      int datasetVersion,
      String target,
      String objective,
      Optional<Integer> bestIteration,
      Map<String, Double> valid,
      Map<String, Double> train,
      Map<String, String> params,
      Optional<String> error) {
    /** {@code name@version} of the dataset. */
    public String datasetRef() {
      return dataset + "@" + datasetVersion;
    }
  }

  private record Entry(long size, long modified, Summary summary) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path root;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private volatile List<Summary> sorted = List.of();
  private volatile long refreshedAt;

  public RunIndex(Path home) {
    this.root = RunStore.open(home).root();
  }

  /** Every run, newest first, refreshed if the last refresh is older than a second. */
  public List<Summary> all() {
    refresh(false);
    return sorted;
  }

  /** Re-reads changed runs now. */
  public synchronized void refresh(boolean force) {
    long now = System.currentTimeMillis();
    if (!force && now - refreshedAt < REFRESH_MS) {
      return;
    }
    Map<String, BasicFileAttributes> seen = new HashMap<>();
    if (Files.isDirectory(root)) {
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
        for (Path d : dirs) {
          String id = d.getFileName().toString();
          if (!RUN_ID.matcher(id).matches()) {
            continue;
          }
          try {
            seen.put(id, Files.readAttributes(d.resolve("run.json"), BasicFileAttributes.class));
          } catch (IOException e) {
            // A run directory without its record yet: not listed.
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot list " + root, e);
      }
    }
    entries.keySet().retainAll(seen.keySet());
    List<String> changed = new ArrayList<>();
    seen.forEach(
        (id, a) -> {
          Entry e = entries.get(id);
          if (e == null
              || e.size() != a.size()
              || e.modified() != a.lastModifiedTime().toMillis()) {
            changed.add(id);
          }
        });
    // Reading records is the slow part of a cold start: spread it over the cores.
    changed.parallelStream()
        .forEach(
            id -> {
              BasicFileAttributes a = seen.get(id);
              entries.put(id, new Entry(a.size(), a.lastModifiedTime().toMillis(), summarize(id)));
            });
    List<Summary> all = entries.values().stream().map(Entry::summary).collect(Collectors.toList());
    all.sort(Comparator.comparing(Summary::id).reversed());
    sorted = List.copyOf(all);
    refreshedAt = System.currentTimeMillis();
  }

  /**
   * The summary of one run, read from its {@code run.json} as a JSON tree (only the fields the
   * table shows; binding the whole record costs several times more, which matters for a cold index
   * of thousands of runs). A record of another format or an unreadable one is listed as unreadable.
   */
  private Summary summarize(String id) {
    Path file = root.resolve(id).resolve("run.json");
    try {
      JsonNode n = MAPPER.readTree(Files.readAllBytes(file));
      if (n.path("formatVersion").asInt(-1) != RunRecord.FORMAT_VERSION) {
        return unreadable(
            id, file + ": run format " + n.path("formatVersion") + " is not one this UI reads");
      }
      Instant started = Instant.parse(n.path("startedAt").asText());
      Optional<Instant> ended =
          n.hasNonNull("endedAt")
              ? Optional.of(Instant.parse(n.get("endedAt").asText()))
              : Optional.empty();
      Map<String, String> params = new java.util.TreeMap<>();
      n.path("params")
          .properties()
          .forEach(
              e ->
                  params.put(
                      e.getKey(),
                      e.getValue().isValueNode()
                          ? e.getValue().asText()
                          : e.getValue().toString()));
      return new Summary(
          n.path("runId").asText(id),
          n.path("status").asText("").toLowerCase(Locale.ROOT),
          started,
          ended.map(e -> Duration.between(started, e)),
          n.path("dataset").path("name").asText(""),
          n.path("dataset").path("version").asInt(0),
          n.path("target").asText(""),
          n.path("objective").asText(""),
          n.hasNonNull("bestIteration")
              ? Optional.of(n.get("bestIteration").asInt())
              : Optional.empty(),
          numbers(n.path("metrics").path("valid")),
          numbers(n.path("metrics").path("train")),
          params,
          n.hasNonNull("error") ? Optional.of(n.get("error").asText()) : Optional.empty());
    } catch (IOException | RuntimeException e) {
      return unreadable(id, file + ": " + e.getMessage());
    }
  }

  private static Map<String, Double> numbers(JsonNode node) {
    Map<String, Double> out = new LinkedHashMap<>();
    node.properties()
        .forEach(
            e -> {
              if (e.getValue().isNumber()) {
                out.put(e.getKey(), e.getValue().asDouble());
              }
            });
    return out;
  }

  private static Summary unreadable(String id, String why) {
    return new Summary(
        id,
        "unreadable",
        Instant.EPOCH,
        Optional.empty(),
        "",
        0,
        "",
        "",
        Optional.empty(),
        Map.of(),
        Map.of(),
        Map.of(),
        Optional.of(why));
  }
}
