package dev.boostline.examples;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the examples find the repository's sample data. */
final class Examples {
  private Examples() {}

  /** {@code ../data} (run from the examples module) or {@code data} (from the repository root). */
  static Path dataDir() {
    for (Path p : new Path[] {Path.of("../data"), Path.of("data")}) {
      if (Files.isRegularFile(p.resolve("README.md"))) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException(
        "run the examples from the repository root or the examples module: no data/README.md in "
            + Path.of("").toAbsolutePath());
  }
}
