package dev.boostline.common;

import dev.boostline.util.internal.Hashing;
import java.nio.file.Path;

/**
 * SHA-256 digests in the form Boostline records them everywhere (dataset sources, model bundles,
 * pipeline files): 64 lower-case hexadecimal characters. For modules that record or check such
 * digests, so that every module computes them the same way. Stateless and thread-safe.
 */
public final class Hashes {
  private Hashes() {}

  /**
   * The SHA-256 of a file's bytes, read as a stream (the file is never held in memory whole). The
   * file is opened and closed here.
   *
   * @throws java.io.UncheckedIOException naming the file when it cannot be read
   */
  public static String sha256(Path file) {
    return Hashing.sha256(file);
  }

  /** The SHA-256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    return Hashing.sha256(bytes);
  }
}
