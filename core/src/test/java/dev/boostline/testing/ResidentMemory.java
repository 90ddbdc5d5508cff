package dev.boostline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The resident memory of this process, from {@code /proc/self/status} (Linux), for memory tests.
 */
public final class ResidentMemory {
  private static final Path STATUS = Path.of("/proc/self/status");

  private ResidentMemory() {}

  /** Whether resident memory can be read here (tests skip when it cannot). */
  public static boolean readable() {
    return Files.isReadable(STATUS);
  }

  /** VmRSS of this process, in KiB. */
  public static long rssKib() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.substring(6).replace("kB", "").trim());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("no VmRSS line in " + STATUS);
  }
}
