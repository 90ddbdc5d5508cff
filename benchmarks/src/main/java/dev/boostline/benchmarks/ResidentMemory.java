package dev.boostline.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's peak resident set size (Linux {@code VmHWM}), which counts native memory (DMatrix,
 * boosters) as well as the touched part of the Java heap. {@link #resetPeak()} restarts the peak at
 * the current resident size so one operation's peak can be read on its own. Elsewhere every figure
 * is -1.
 */
final class ResidentMemory {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private ResidentMemory() {}

  /** Restarts the peak at the current resident size; false when the kernel does not allow it. */
  static boolean resetPeak() {
    try {
      Files.writeString(CLEAR_REFS, "5");
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  /** Peak resident set size since start or the last {@link #resetPeak()}, bytes; -1 if unknown. */
  static long peakBytes() {
    return statusKib("VmHWM:") * 1024;
  }

  /** Resident set size now, bytes; -1 if unknown. */
  static long currentBytes() {
    return statusKib("VmRSS:") * 1024;
  }

  private static long statusKib(String key) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.substring(key.length()).replace("kB", "").trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
