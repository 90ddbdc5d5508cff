package dev.boostline.util.internal.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Numbered, immutable version directories under one parent ({@code <parent>/1/}, {@code 2/}, ...),
 * published atomically: files are written into {@code .incoming-<uuid>/} (whose writer holds {@code
 * .incoming-<uuid>.lock}), then, under the parent's {@code .lock}, renamed to the next number. A
 * version directory is visible only when complete; leftovers of killed writers (their lock is free)
 * are deleted by the next {@link #begin}. Used by the dataset store and the local model registry.
 */
public final class VersionedDirectories {
  private static final Pattern VERSION_DIR = Pattern.compile("[1-9][0-9]{0,8}");
  private static final String INCOMING = ".incoming-";

  private final Path parent;
  private final String marker;

  /**
   * @param marker a file every complete version directory holds (written last)
   */
  public VersionedDirectories(Path parent, String marker) {
    this.parent = parent;
    this.marker = marker;
  }

  public Path parent() {
    return parent;
  }

  /** The directory of a version (it may not exist). */
  public Path directory(int version) {
    return parent.resolve(Integer.toString(version));
  }

  /** Complete versions, ascending. */
  public List<Integer> versions() {
    if (!Files.isDirectory(parent)) {
      return List.of();
    }
    List<Integer> out = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
      for (Path p : entries) {
        String n = p.getFileName().toString();
        if (VERSION_DIR.matcher(n).matches() && Files.isRegularFile(p.resolve(marker))) {
          out.add(Integer.parseInt(n));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + parent, e);
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /** Takes the parent's lock (serializes publishers and other writers of the parent). */
  public FileLock lock() {
    return FileLock.acquire(parent.resolve(".lock"));
  }

  /**
   * Starts a new version: creates (and holds the lock of) an empty incoming directory, after
   * deleting abandoned ones. Close the returned handle in a finally block.
   */
  public Incoming begin() {
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + parent, e);
    }
    removeAbandoned();
    String id = UUID.randomUUID().toString();
    Path dir = parent.resolve(INCOMING + id);
    FileLock lock = FileLock.acquire(parent.resolve(INCOMING + id + ".lock"));
    try {
      Files.createDirectory(dir);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
    return new Incoming(dir, parent.resolve(INCOMING + id + ".lock"), lock);
  }

  /** A version being written; {@link #close()} removes whatever was not published. */
  public final class Incoming implements AutoCloseable {
    private final Path dir;
    private final Path lockFile;
    private final FileLock lock;

    private Incoming(Path dir, Path lockFile, FileLock lock) {
      this.dir = dir;
      this.lockFile = lockFile;
      this.lock = lock;
    }

    /** Where to write the version's files. */
    public Path dir() {
      return dir;
    }

    /**
     * Makes the files a version: forces them and the directory to disk and renames it to {@code
     * version}. Call while holding {@link #lock()}, with the marker file written last.
     */
    public Path publish(int version) {
      Path target = directory(version);
      try {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
          for (Path f : files) {
            if (Files.isRegularFile(f)) {
              AtomicFiles.fsyncFile(f);
            }
          }
        }
        AtomicFiles.fsyncDirectory(dir);
        AtomicFiles.move(dir, target);
        AtomicFiles.fsyncDirectory(parent);
        return target;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot publish version " + version + " in " + parent, e);
      }
    }

    @Override
    public void close() {
      try {
        AtomicFiles.deleteTree(dir);
      } catch (IOException | RuntimeException ignored) {
        // Left for the next writer's clean-up.
      } finally {
        lock.close();
        try {
          Files.deleteIfExists(lockFile);
        } catch (IOException ignored) {
          // Same: an orphaned lock file is removed by the next begin().
        }
      }
    }
  }

  /**
   * Deletes incoming directories (and lock files) whose writer is gone: their lock is free. A live
   * writer holds its lock, so its files are never touched.
   */
  private void removeAbandoned() {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, INCOMING + "*")) {
      for (Path p : entries) {
        String file = p.getFileName().toString();
        // A writer killed between creating its lock file and its directory leaves either alone.
        Path lockFile = file.endsWith(".lock") ? p : parent.resolve(file + ".lock");
        Path incoming =
            file.endsWith(".lock") ? parent.resolve(file.substring(0, file.length() - 5)) : p;
        if (Files.exists(lockFile)) {
          Optional<FileLock> free = FileLock.tryAcquire(lockFile);
          if (free.isEmpty()) {
            continue; // a live writer
          }
          try (FileLock held = free.get()) {
            AtomicFiles.deleteTree(incoming);
            Files.deleteIfExists(lockFile);
          }
        } else {
          AtomicFiles.deleteTree(incoming);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Best effort: leftovers are invisible to readers and retried next time.
    }
  }
}
