package dev.boostline.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time used on the whole machine versus by this process over a window, from {@code /proc/stat}
 * (Linux): tells whether something else was running during a benchmark. Elsewhere every figure is
 * unavailable.
 */
final class MachineLoad {
  private static final double JIFFY_NANOS = 1e9 / 100; // USER_HZ is 100 on Linux

  private final long wallStart;
  private final long processStart;
  private final long[] machineStart;

  private MachineLoad(long wall, long process, long[] machine) {
    this.wallStart = wall;
    this.processStart = process;
    this.machineStart = machine;
  }

  /** Starts a window now. */
  static MachineLoad start() {
    return new MachineLoad(System.nanoTime(), Meter.processCpuNanos(), machineJiffies());
  }

  /**
   * The window so far.
   *
   * @param wallSeconds elapsed wall time
   * @param otherCpuSeconds CPU time used by other processes (and the kernel on their behalf)
   * @param stealSeconds CPU time the hypervisor gave to other machines
   * @param cores logical processors
   */
  record Window(double wallSeconds, double otherCpuSeconds, double stealSeconds, int cores) {
    /** Share of the machine's capacity other processes used, 0..1, or NaN when unknown. */
    double otherShare() {
      return otherCpuSeconds / (wallSeconds * cores);
    }
  }

  /** The load since {@link #start()}; NaN figures when {@code /proc/stat} is not readable. */
  Window stop() {
    double wall = (System.nanoTime() - wallStart) / 1e9;
    long[] m = machineJiffies();
    long process = Meter.processCpuNanos();
    int cores = Runtime.getRuntime().availableProcessors();
    if (m == null || machineStart == null || process < 0 || processStart < 0) {
      return new Window(wall, Double.NaN, Double.NaN, cores);
    }
    double busy = (m[0] - machineStart[0]) * JIFFY_NANOS / 1e9;
    double steal = (m[1] - machineStart[1]) * JIFFY_NANOS / 1e9;
    double own = (process - processStart) / 1e9;
    return new Window(wall, Math.max(0, busy - own), steal, cores);
  }

  /** The 1, 5 and 15 minute load averages, or "n/a". */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** Busy (user, nice, system, irq, softirq) and steal jiffies of all CPUs, or null. */
  private static long[] machineJiffies() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
      String[] f = lines.get(0).trim().split("\\s+");
      if (!f[0].equals("cpu") || f.length < 9) {
        return null;
      }
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7}) {
        busy += Long.parseLong(f[i]);
      }
      return new long[] {busy, Long.parseLong(f[8])};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
