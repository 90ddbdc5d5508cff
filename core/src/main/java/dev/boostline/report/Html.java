package dev.boostline.report;

import dev.boostline.metrics.Interval;
import java.util.Locale;

/**
 * Text for the HTML reports: escaping and number formatting. Numbers use {@link Locale#ROOT} and a
 * true minus sign; NaN shows as an en dash. Results are HTML fragments, ready to append. Stateless.
 */
final class Html {
  /** Shown for a missing or undefined value. */
  static final String DASH = "&#8211;";

  private Html() {}

  /**
   * Escapes text for HTML element content and double- or single-quoted attribute values. Control
   * characters other than tab, line feed and carriage return, which HTML does not allow, become
   * U+FFFD.
   */
  static String esc(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String r =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? "\ufffd" : null;
          };
      if (r != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (r != null) {
          out.append(r);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  /** Decimals that show about four significant digits of the largest of the values. */
  static int decimals(Interval... intervals) {
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

  static int decimals(double... values) {
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

  static String fixed(double v, int decimals) {
    if (Double.isNaN(v)) {
      return DASH;
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "&#8734;" : "&#8722;&#8734;";
    }
    String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
    if (s.startsWith("-")) {
      // A value that rounds to zero is shown without a sign; others with a true minus sign.
      return s.matches("-0(\\.0*)?") ? s.substring(1) : "&#8722;" + s.substring(1);
    }
    return s;
  }

  static String signed(double v, int decimals) {
    String s = fixed(v, decimals);
    if (Double.isNaN(v) || s.startsWith("&#8722;")) {
      return s;
    }
    return "+" + s;
  }

  static String pValue(double p) {
    if (Double.isNaN(p)) {
      return DASH;
    }
    return p < 1e-4 ? "&lt; 0.0001" : "= " + fixed(p, 4);
  }

  /** A policy setting as written: up to six decimals, trailing zeros dropped. */
  static String plain(double v) {
    String s = String.format(Locale.ROOT, "%.6f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  static String trimPercent(double v) {
    String s = String.format(Locale.ROOT, "%.2f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  static String count(double v) {
    return v == Math.rint(v)
        ? String.format(Locale.ROOT, "%,d", (long) v)
        : String.format(Locale.ROOT, "%,.1f", v);
  }

  static String shorten(String s, int max) {
    return s.length() > max ? s.substring(0, max - 1) + "\u2026" : s;
  }
}
