package dev.boostline.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;

/**
 * One axis of a {@link Chart}: the range shown and where its ticks are. Numbers are labelled with
 * fixed decimals (or a k/M suffix for large values) and a true minus sign; a time axis holds epoch
 * milliseconds and is labelled in UTC. Immutable and thread-safe.
 */
public final class Axis {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY_HOUR =
      DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** Steps a time axis may tick at, in milliseconds. */
  private static final long[] TIME_STEPS = {
    1_000,
    2_000,
    5_000,
    10_000,
    15_000,
    30_000,
    60_000,
    120_000,
    300_000,
    600_000,
    900_000,
    1_800_000,
    3_600_000,
    7_200_000,
    10_800_000,
    21_600_000,
    43_200_000,
    86_400_000,
    172_800_000,
    604_800_000
  };

  private final double min;
  private final double max;
  private final double[] ticks;
  private final int decimals;
  private final long timeStep;
  private final String[] categories;

  private Axis(double min, double max, double[] ticks, int decimals, long timeStep) {
    this(min, max, ticks, decimals, timeStep, null);
  }

  private Axis(
      double min, double max, double[] ticks, int decimals, long timeStep, String[] categories) {
    if (!(max > min)) {
      throw new IllegalArgumentException("an axis needs max > min, got " + min + ".." + max);
    }
    this.min = min;
    this.max = max;
    this.ticks = ticks.clone();
    this.decimals = decimals;
    this.timeStep = timeStep;
    this.categories = categories;
  }

  /**
   * Named positions 1..n (metrics, versions, ...), one tick per name, padded by half a step on each
   * side.
   */
  public static Axis categories(java.util.List<String> names) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a category axis needs at least one name");
    }
    double[] ticks = new double[names.size()];
    for (int i = 0; i < ticks.length; i++) {
      ticks[i] = i + 1;
    }
    return new Axis(0.5, names.size() + 0.5, ticks, 0, 0, names.toArray(String[]::new));
  }

  /** [0, 1] with ticks every 0.2, for probabilities and rates. */
  public static Axis unit() {
    return new Axis(0, 1, new double[] {0, 0.2, 0.4, 0.6, 0.8, 1}, 1, 0);
  }

  /**
   * A range that covers [lo, hi] and ends on round ticks (steps of 1, 2 or 5 times a power of ten),
   * about {@code target} of them. A degenerate or non-finite range is widened.
   */
  public static Axis nice(double lo, double hi, int target) {
    if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
      lo = 0;
      hi = 1;
    }
    if (hi - lo <= Math.max(Math.abs(hi), Math.abs(lo)) * 1e-12) {
      double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
      lo -= pad;
      hi += pad;
    }
    double rough = (hi - lo) / Math.max(1, target);
    double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
    double residual = rough / magnitude;
    double step = (residual < 1.5 ? 1 : residual < 3 ? 2 : residual < 7 ? 5 : 10) * magnitude;
    double start = Math.floor(lo / step + 1e-9) * step;
    double end = Math.ceil(hi / step - 1e-9) * step;
    int count = (int) Math.round((end - start) / step) + 1;
    double[] ticks = new double[count];
    for (int i = 0; i < count; i++) {
      double t = start + i * step;
      // Snap away floating noise such as 0.30000000000000004 and -0.0.
      t = Math.round(t / step) * step;
      ticks[i] = t == 0 ? 0 : t;
    }
    int decimals = (int) Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
    return new Axis(start, end, ticks, decimals, 0);
  }

  /**
   * Integer positions {@code lo..hi} (rounds, versions), with about {@code target} whole-number
   * ticks; the range is padded by half a step on each side when {@code padded}.
   */
  public static Axis integers(int lo, int hi, int target, boolean padded) {
    if (hi <= lo) {
      hi = lo + 1;
    }
    Axis n = nice(lo, hi, target);
    double step = n.ticks.length > 1 ? Math.max(1, n.ticks[1] - n.ticks[0]) : 1;
    int count = (int) Math.floor((hi - lo) / step) + 1;
    double[] ticks = new double[count];
    for (int i = 0; i < count; i++) {
      ticks[i] = lo + i * step;
    }
    double pad = padded ? 0.5 : 0;
    return new Axis(lo - pad, hi + pad, ticks, 0, 0);
  }

  /**
   * A time axis over [fromMillis, toMillis] (epoch milliseconds) with about {@code target} ticks at
   * round UTC times, labelled HH:mm:ss, HH:mm, MM-dd HH:mm or MM-dd depending on the span.
   */
  public static Axis time(long fromMillis, long toMillis, int target) {
    if (toMillis <= fromMillis) {
      toMillis = fromMillis + 1_000;
    }
    long span = toMillis - fromMillis;
    long step = TIME_STEPS[TIME_STEPS.length - 1];
    for (long s : TIME_STEPS) {
      if (span / s <= Math.max(1, target)) {
        step = s;
        break;
      }
    }
    long first = Math.floorDiv(fromMillis + step - 1, step) * step;
    int count = first > toMillis ? 0 : (int) ((toMillis - first) / step) + 1;
    double[] ticks = new double[count];
    for (int i = 0; i < count; i++) {
      ticks[i] = first + i * step;
    }
    return new Axis(fromMillis, toMillis, ticks, 0, step);
  }

  /** The smallest value shown. */
  public double min() {
    return min;
  }

  /** The largest value shown. */
  public double max() {
    return max;
  }

  /** Tick positions in data units, ascending (a copy). */
  public double[] ticks() {
    return ticks.clone();
  }

  int tickCount() {
    return ticks.length;
  }

  double tick(int i) {
    return ticks[i];
  }

  /** Whether the values are epoch milliseconds. */
  public boolean isTime() {
    return timeStep > 0;
  }

  /** The label of a tick at {@code v}. */
  public String label(double v) {
    if (categories != null) {
      int i = (int) Math.round(v) - 1;
      return i >= 0 && i < categories.length ? categories[i] : "";
    }
    if (timeStep > 0) {
      Instant t = Instant.ofEpochMilli((long) v);
      if (timeStep < 60_000) {
        return CLOCK.format(t);
      }
      if (timeStep < 86_400_000 && max - min < 86_400_000) {
        return MINUTES.format(t);
      }
      return timeStep < 86_400_000 ? DAY_HOUR.format(t) : DAY.format(t);
    }
    return format(v).replace('-', '\u2212');
  }

  private String format(double v) {
    double big = Math.max(Math.abs(min), Math.abs(max));
    if (big >= 1e6) {
      return trim(String.format(Locale.ROOT, "%.2f", v / 1e6)) + "M";
    }
    if (big >= 1e4) {
      return trim(String.format(Locale.ROOT, "%.1f", v / 1e3)) + "k";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String trim(String s) {
    if (s.indexOf('.') < 0) {
      return s;
    }
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  @Override
  public String toString() {
    return "Axis[" + min + ".." + max + ", ticks " + Arrays.toString(ticks) + "]";
  }
}
