package dev.boostline.ui.internal;

import dev.boostline.report.Format;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Formatting helpers the UI's templates call. Stateless. */
public final class Fmt {
  private Fmt() {}

  /** {@code yyyy-MM-dd HH:mm:ss UTC}. */
  public static String time(Instant t) {
    return Format.time(t);
  }

  /** A time or a dash. */
  public static String time(Optional<Instant> t) {
    return t.map(Format::time).orElse(Format.DASH);
  }

  /** How long ago, roughly: 5 s ago, 3 min ago, 2 h ago, 4 d ago. */
  public static String ago(Instant t) {
    long s = Math.max(0, Duration.between(t, Instant.now()).getSeconds());
    if (s < 60) {
      return s + " s ago";
    }
    if (s < 3600) {
      return s / 60 + " min ago";
    }
    if (s < 86_400) {
      return s / 3600 + " h ago";
    }
    return s / 86_400 + " d ago";
  }

  /** A duration or a dash. */
  public static String duration(Optional<Duration> d) {
    return d.map(Format::duration).orElse(Format.DASH);
  }

  /** A metric value with about four significant digits, or a dash. */
  public static String metric(Map<String, Double> m, String name) {
    Double v = m.get(name);
    return v == null ? Format.DASH : Format.number(v);
  }

  /** A metric value for sorting (empty when absent). */
  public static String sortKey(Map<String, Double> m, String name) {
    Double v = m.get(name);
    return v == null ? "" : Double.toString(v);
  }

  /** A number with about four significant digits, or a dash. */
  public static String num(double v) {
    return Format.number(v);
  }

  /** Epoch seconds (how profiles keep datetimes) as a UTC time. */
  public static String epochSeconds(double s) {
    return Double.isFinite(s)
        ? Format.time(Instant.ofEpochMilli(Math.round(s * 1000)))
        : Format.DASH;
  }

  /** A number or a dash. */
  public static String num(Optional<Double> v) {
    return v.map(Format::number).orElse(Format.DASH);
  }

  /** Fixed decimals or a dash. */
  public static String fixed(Optional<Double> v, int decimals) {
    return v.map(x -> Format.fixed(x, decimals)).orElse(Format.DASH);
  }

  /** Fixed decimals. */
  public static String fixed(double v, int decimals) {
    return Format.fixed(v, decimals);
  }

  /** A share as a percentage with one decimal. */
  public static String percent(double share) {
    return Format.fixed(100 * share, 1) + "%";
  }

  /** A count with separators. */
  public static String count(long n) {
    return Format.count(n);
  }

  /** A byte size. */
  public static String bytes(long n) {
    return Format.bytes(n);
  }

  /** The first 12 characters of a hash. */
  public static String sha(String hex) {
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }

  /** A URL path segment or query value, encoded. */
  public static String url(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The CSS class of a PSI value: below 0.1 stable, to 0.25 moderate, above major. */
  public static String psiClass(double psi) {
    return psi < 0.1 ? "psi-ok" : psi < 0.25 ? "psi-warn" : "psi-bad";
  }
}
