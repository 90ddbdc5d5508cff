package dev.boostline.report;

import dev.boostline.metrics.Interval;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Number and time formatting shared by the HTML report and the web UI. Results are plain text
 * (templates escape them): {@link Locale#ROOT}, a true minus sign (U+2212), an en dash for a
 * missing or undefined value. Stateless and thread-safe.
 */
public final class Format {
  /** Shown for a missing or undefined value: an en dash. */
  public static final String DASH = "\u2013";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private Format() {}

  /** Decimals that show about four significant digits of the largest of the intervals' values. */
  public static int decimals(Interval... intervals) {
    double big = 0;
    for (Interval i : intervals) {
      if (i != null) {
        for (double v : new double[] {i.estimate(), i.lower(), i.upper()}) {
          if (Double.isFinite(v)) {
            big = Math.max(big, Math.abs(v));
          }
        }
      }
    }
    return decimalsFor(big);
  }

  /** Decimals that show about four significant digits of the largest of the values. */
  public static int decimals(double... values) {
    double big = 0;
    for (double v : values) {
      if (Double.isFinite(v)) {
        big = Math.max(big, Math.abs(v));
      }
    }
    return decimalsFor(big);
  }

  static int decimalsFor(double big) {
    if (big == 0) {
      return 4;
    }
    int d = 3 - (int) Math.floor(Math.log10(big));
    return Math.min(Math.max(d, 0), 6);
  }

  /** {@code v} with {@code decimals} decimals; NaN is a dash, infinities are ±∞. */
  public static String fixed(double v, int decimals) {
    if (Double.isNaN(v)) {
      return DASH;
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "\u221e" : "\u2212\u221e";
    }
    String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
    if (s.startsWith("-")) {
      // A value that rounds to zero is shown without a sign; others with a true minus sign.
      return s.matches("-0(\\.0*)?") ? s.substring(1) : "\u2212" + s.substring(1);
    }
    return s;
  }

  /** About four significant digits ({@link #decimals(double...)} of the value itself). */
  public static String number(double v) {
    return fixed(v, decimals(v));
  }

  /** Like {@link #fixed} with a plus sign on positive values. */
  public static String signed(double v, int decimals) {
    String s = fixed(v, decimals);
    if (Double.isNaN(v) || s.startsWith("\u2212")) {
      return s;
    }
    return "+" + s;
  }

  /** "= 0.0123", or "&lt; 0.0001" for tiny p-values. */
  public static String pValue(double p) {
    if (Double.isNaN(p)) {
      return DASH;
    }
    return p < 1e-4 ? "< 0.0001" : "= " + fixed(p, 4);
  }

  /** A setting as written: up to six decimals, trailing zeros dropped. */
  public static String plain(double v) {
    String s = String.format(Locale.ROOT, "%.6f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /** A percentage with at most two decimals, trailing zeros dropped (no % sign). */
  public static String trimPercent(double v) {
    String s = String.format(Locale.ROOT, "%.2f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /** A count with thousands separators; a fractional (weighted) count with one decimal. */
  public static String count(double v) {
    return v == Math.rint(v)
        ? String.format(Locale.ROOT, "%,d", (long) v)
        : String.format(Locale.ROOT, "%,.1f", v);
  }

  /** {@code s} cut to {@code max} characters with an ellipsis. */
  public static String shorten(String s, int max) {
    return s.length() > max ? s.substring(0, max - 1) + "\u2026" : s;
  }

  /** {@code yyyy-MM-dd HH:mm:ss UTC}. */
  public static String time(Instant t) {
    return TIME.format(t);
  }

  /** A duration in words a person reads at a glance: 850 ms, 12.4 s, 3 min 05 s, 2 h 10 min. */
  public static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    long s = ms / 1000;
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
  }

  /** A byte size: 512 B, 3.4 kB, 12.0 MB, 1.25 GB (powers of 1000). */
  public static String bytes(long n) {
    if (n < 1000) {
      return n + " B";
    }
    if (n < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f kB", n / 1e3);
    }
    if (n < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f GB", n / 1e9);
  }
}
