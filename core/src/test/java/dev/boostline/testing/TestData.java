package dev.boostline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's sample datasets and writes small CSV fixtures. */
public final class TestData {
  private TestData() {}

  /** The repository's {@code data/} directory (searched upwards from the working directory). */
  public static Path dataDir() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      if (Files.isRegularFile(p.resolve("data/README.md"))) {
        return p.resolve("data");
      }
      p = p.getParent();
    }
    throw new IllegalStateException("no data/README.md above " + Path.of("").toAbsolutePath());
  }

  /** A file under {@code data/}, e.g. {@code file("adult/adult_train.csv")}. */
  public static Path file(String relative) {
    Path f = dataDir().resolve(relative);
    if (!Files.isRegularFile(f)) {
      throw new IllegalStateException("missing sample file " + f);
    }
    return f;
  }

  /** Writes {@code text} (UTF-8) to {@code dir/name} and returns the path. */
  public static Path write(Path dir, String name, String text) {
    return write(dir, name, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes raw bytes to {@code dir/name} and returns the path. */
  public static Path write(Path dir, String name, byte[] bytes) {
    try {
      Path f = dir.resolve(name);
      Files.createDirectories(f.getParent());
      Files.write(f, bytes);
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every regular file under {@code dir}, relative, sorted: to show a store is unchanged. */
  public static java.util.List<String> listTree(Path dir) {
    if (!Files.exists(dir)) {
      return java.util.List.of();
    }
    try (var walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
