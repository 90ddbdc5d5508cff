package dev.boostline.azure.internal;

import dev.boostline.common.Hashes;
import dev.boostline.model.ModelBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A model bundle's files as they are pushed, with their SHA-256 and the bundle's: the SHA-256 of
 * the lines {@code <relative path> <file sha256>\n}, paths sorted, {@code /} separated. That digest
 * identifies a pushed version: pushing the same bundle again finds it; a version holding a
 * different digest is a conflict.
 *
 * @param dir the directory holding the files (deleted by {@link #close()} when this object staged
 *     it)
 */
public record StagedBundle(Path dir, List<StagedFile> files, String sha256, boolean owned)
    implements AutoCloseable {
  /** One file: its path relative to the bundle directory, size and SHA-256. */
  public record StagedFile(String path, long size, String sha256) {}

  public StagedBundle {
    files = List.copyOf(files);
  }

  /**
   * Writes the bundle (cut to the trees it scores with, see {@link ModelBundle#withExactTrees()})
   * into a new temporary directory and hashes it.
   */
  public static StagedBundle stage(ModelBundle bundle) {
    try {
      Path dir = Files.createTempDirectory("boostline-push-");
      Path model = dir.resolve("model");
      Files.createDirectories(model);
      bundle.withExactTrees().write(model);
      StagedBundle s = of(model);
      return new StagedBundle(model, s.files(), s.sha256(), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage the model bundle", e);
    }
  }

  /** Hashes the files of an existing directory (not deleted on close). */
  public static StagedBundle of(Path dir) {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths =
          walk.filter(Files::isRegularFile)
              .sorted(Comparator.comparing(p -> relative(dir, p)))
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    List<StagedFile> files = new ArrayList<>();
    StringBuilder lines = new StringBuilder();
    for (Path p : paths) {
      String rel = relative(dir, p);
      String sha = Hashes.sha256(p);
      try {
        files.add(new StagedFile(rel, Files.size(p), sha));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + p, e);
      }
      lines.append(rel).append(' ').append(sha).append('\n');
    }
    return new StagedBundle(
        dir, files, Hashes.sha256(lines.toString().getBytes(StandardCharsets.UTF_8)), false);
  }

  private static String relative(Path dir, Path p) {
    return dir.relativize(p).toString().replace('\\', '/');
  }

  /** Total bytes of the files. */
  public long bytes() {
    return files.stream().mapToLong(StagedFile::size).sum();
  }

  @Override
  public void close() {
    if (!owned) {
      return;
    }
    Path root = dir.getParent();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A temporary directory left behind is harmless; the push itself succeeded or failed.
    }
  }
}
