package dev.boostline.pipeline;

import dev.boostline.common.CorruptStoreException;
import dev.boostline.common.NotFoundException;
import dev.boostline.util.internal.fs.AtomicFiles;
import dev.boostline.util.internal.fs.FileLock;
import dev.boostline.util.internal.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The recorded runs of every pipeline in a home: {@code <home>/pipelines/<name>/runs/<id>.json},
 * and beside each running one {@code <id>.lock}, held by the running process. A record that says
 * RUNNING while nobody holds its lock belongs to a process that died: it reads as INTERRUPTED.
 * Thread-safe; safe across processes.
 */
public final class PipelineRuns {
  private final Path root;

  private PipelineRuns(Path root) {
    this.root = root;
  }

  /** The pipeline runs of {@code home}. */
  public static PipelineRuns open(Path home) {
    return new PipelineRuns(home.toAbsolutePath().normalize().resolve("pipelines"));
  }

  /** The directory of one pipeline's records and state. */
  public Path directory(String pipeline) {
    return root.resolve(pipeline);
  }

  private Path runs(String pipeline) {
    return directory(pipeline).resolve("runs");
  }

  /** Names of the pipelines with at least one run, sorted. */
  public List<String> pipelines() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path d : dirs) {
        if (Files.isDirectory(d.resolve("runs"))) {
          out.add(d.getFileName().toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    out.sort(null);
    return out;
  }

  /** The runs of {@code pipeline}, newest first (interrupted ones shown as such). */
  public List<PipelineRun> list(String pipeline) {
    Path dir = runs(pipeline);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<PipelineRun> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        out.add(live(read(f), f));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    out.sort(
        Comparator.comparing(PipelineRun::startedAt).thenComparing(PipelineRun::id).reversed());
    return out;
  }

  /** The runs of every pipeline, newest first. */
  public List<PipelineRun> all() {
    List<PipelineRun> out = new ArrayList<>();
    for (String p : pipelines()) {
      out.addAll(list(p));
    }
    out.sort(
        Comparator.comparing(PipelineRun::startedAt).thenComparing(PipelineRun::id).reversed());
    return out;
  }

  /**
   * A run by id, or by a unique prefix of its id, across pipelines.
   *
   * @throws NotFoundException when no run (or more than one) matches
   */
  public PipelineRun get(String idOrPrefix) {
    List<PipelineRun> matches = all().stream().filter(r -> r.id().startsWith(idOrPrefix)).toList();
    if (matches.size() == 1 && !idOrPrefix.isEmpty()) {
      return matches.get(0);
    }
    Optional<PipelineRun> exact =
        matches.stream().filter(r -> r.id().equals(idOrPrefix)).findFirst();
    if (exact.isPresent()) {
      return exact.get();
    }
    if (matches.isEmpty()) {
      throw new NotFoundException("no pipeline run \"" + idOrPrefix + "\" in " + root);
    }
    throw new NotFoundException(
        "\"" + idOrPrefix + "\" matches " + matches.size() + " pipeline runs; give more of the id");
  }

  /** Writes (replaces) a run's record atomically. */
  void write(PipelineRun run) {
    AtomicFiles.write(runs(run.pipeline()).resolve(run.id() + ".json"), Json.toBytes(run));
  }

  /** Holds the lock that marks {@code run} as alive for as long as this process runs it. */
  FileLock hold(PipelineRun run) {
    Path lock = runs(run.pipeline()).resolve(run.id() + ".lock");
    return FileLock.acquire(lock); // a new, unique file: nobody else holds it
  }

  /**
   * Rewrites the records of runs whose process died as INTERRUPTED (called when a new run starts,
   * so that the home says plainly what happened).
   */
  void recordInterrupted(String pipeline) {
    for (PipelineRun r : list(pipeline)) {
      if (r.status() == PipelineRun.Status.INTERRUPTED && r.endedAt().isEmpty()) {
        write(
            new PipelineRun(
                r.formatVersion(),
                r.id(),
                r.pipeline(),
                r.file(),
                r.fileSha256(),
                r.trigger(),
                r.startedAt(),
                Optional.of(Instant.now().truncatedTo(ChronoUnit.MILLIS)),
                PipelineRun.Status.INTERRUPTED,
                r.steps(),
                r.error()
                    .or(() -> Optional.of("the process running it stopped (pid " + r.pid() + ")")),
                r.pid()));
      }
    }
  }

  private PipelineRun live(PipelineRun r, Path file) {
    if (r.status() != PipelineRun.Status.RUNNING) {
      return r;
    }
    Path lock = file.resolveSibling(r.id() + ".lock");
    Optional<FileLock> free = FileLock.tryAcquire(lock);
    if (free.isEmpty()) {
      return r; // its process still holds it
    }
    free.get().close();
    return new PipelineRun(
        r.formatVersion(),
        r.id(),
        r.pipeline(),
        r.file(),
        r.fileSha256(),
        r.trigger(),
        r.startedAt(),
        r.endedAt(),
        PipelineRun.Status.INTERRUPTED,
        r.steps(),
        Optional.of("the process running it stopped (pid " + r.pid() + ")"),
        r.pid());
  }

  private static PipelineRun read(Path f) {
    try {
      byte[] bytes = Files.readAllBytes(f);
      int format = Json.mapper().readTree(bytes).path("formatVersion").asInt(-1);
      if (format != PipelineRun.FORMAT_VERSION) {
        throw new CorruptStoreException(
            f
                + ": pipeline run format "
                + format
                + " is not one this Boostline reads ("
                + PipelineRun.FORMAT_VERSION
                + ")");
      }
      return Json.mapper().readValue(bytes, PipelineRun.class);
    } catch (IOException e) {
      throw new CorruptStoreException(f + ": unreadable pipeline run: " + Json.describe(e), e);
    }
  }
}
