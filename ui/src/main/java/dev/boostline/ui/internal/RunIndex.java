package dev.boostline.ui.internal;

import dev.boostline.common.BoostlineException;
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

  private final RunStore store;
  private final Path root;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private volatile List<Summary> sorted = List.of();
  private volatile long refreshedAt;

  public RunIndex(Path home) {
    this.store = RunStore.open(home);
    this.root = store.root();
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

  private Summary summarize(String id) {
    try {
      RunRecord r = store.get(id);
      Map<String, String> params = new LinkedHashMap<>();
      r.params().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> params.put(e.getKey(), String.valueOf(e.getValue())));
      return new Summary(
          r.runId(),
          r.status().name().toLowerCase(Locale.ROOT),
          r.startedAt(),
          r.endedAt().map(e -> Duration.between(r.startedAt(), e)),
          r.dataset().name(),
          r.dataset().version(),
          r.target(),
          r.objective().orElse(""),
          r.bestIteration(),
          r.metrics().getOrDefault("valid", Map.of()),
          r.metrics().getOrDefault("train", Map.of()),
          params,
          r.error());
    } catch (BoostlineException | java.io.UncheckedIOException e) {
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
          Optional.of(e.getMessage()));
    }
  }
}
