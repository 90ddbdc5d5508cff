package dev.boostline.data;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Text-to-value rules shared by inference and parsing. Each {@code parseX} returns null when the
 * text is not a valid X; none of them throws on ordinary bad input.
 */
public final class Values {
  private Values() {}

  /**
   * An integer: optional sign and decimal digits fitting a long (Long.MIN_VALUE excluded: it is
   * Tablesaw's missing marker). With {@code strictCodes}, a number with a leading zero such as
   * "007" is refused, so that codes keep their text during inference.
   */
  public static Long parseLong(String s, boolean strictCodes) {
    int n = s.length();
    int i = 0;
    if (n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      i = 1;
    }
    if (i == n || n - i > 19) {
      return null;
    }
    for (int k = i; k < n; k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    if (strictCodes && s.charAt(i) == '0' && n - i > 1) {
      return null;
    }
    try {
      long v = Long.parseLong(s);
      return v == Long.MIN_VALUE ? null : v;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * A finite decimal number: {@code [+-]digits[.digits][e[+-]digits]} or {@code [+-].digits...}.
   * Java-only forms (hex, a trailing d or f, Infinity, NaN) are refused. With {@code strictCodes},
   * an integer part with a leading zero ("007", "01.5") is refused.
   */
  public static Double parseDouble(String s, boolean strictCodes) {
    if (decimalSyntax(s, strictCodes) == INVALID) {
      return null;
    }
    double v = Double.parseDouble(s);
    return Double.isFinite(v) ? v : null;
  }

  /**
   * Whether {@link #parseDouble} would accept {@code s}, without converting it when the answer does
   * not depend on the value: only a number with an exponent, or with 300 or more integer digits,
   * can overflow to infinity and is converted to find out.
   */
  public static boolean isDouble(String s, boolean strictCodes) {
    int syntax = decimalSyntax(s, strictCodes);
    return syntax == PLAIN || (syntax == MAY_OVERFLOW && parseDouble(s, strictCodes) != null);
  }

  private static final int INVALID = 0;
  private static final int PLAIN = 1;
  private static final int MAY_OVERFLOW = 2;

  /** Checks the decimal syntax; says whether the value could be out of double range. */
  private static int decimalSyntax(String s, boolean strictCodes) {
    int n = s.length();
    int i = 0;
    if (n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      i = 1;
    }
    int intStart = i;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
    }
    int intDigits = i - intStart;
    int fracDigits = 0;
    if (i < n && s.charAt(i) == '.') {
      i++;
      int fs = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      fracDigits = i - fs;
    }
    if (intDigits + fracDigits == 0) {
      return INVALID;
    }
    boolean exponent = false;
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      exponent = true;
      i++;
      if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
        i++;
      }
      int es = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == es) {
        return INVALID;
      }
    }
    if (i != n) {
      return INVALID;
    }
    if (strictCodes && intDigits > 1 && s.charAt(intStart) == '0') {
      return INVALID;
    }
    return exponent || intDigits >= 300 ? MAY_OVERFLOW : PLAIN;
  }

  /** true/false, any case (inference); with {@code lenient} also t/f, yes/no, y/n, 1/0. */
  public static Boolean parseBoolean(String s, boolean lenient) {
    String v = s.toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return Boolean.TRUE;
    }
    if (v.equals("false")) {
      return Boolean.FALSE;
    }
    if (lenient) {
      switch (v) {
        case "t", "yes", "y", "1":
          return Boolean.TRUE;
        case "f", "no", "n", "0":
          return Boolean.FALSE;
        default:
          return null;
      }
    }
    return null;
  }

  /**
   * An ISO-8601 date or date-time: {@code yyyy-MM-dd}, optionally followed by {@code T} or a space
   * and {@code HH:mm[:ss[.fraction]]}, optionally followed by {@code Z} or an offset (the value is
   * then converted to UTC). Precision is kept to the millisecond.
   */
  public static LocalDateTime parseDateTime(String s) {
    int n = s.length();
    if (n < 10
        || !isDigit(s.charAt(0))
        || !isDigit(s.charAt(1))
        || !isDigit(s.charAt(2))
        || !isDigit(s.charAt(3))
        || s.charAt(4) != '-'
        || s.charAt(7) != '-') {
      return null;
    }
    try {
      LocalDate date = LocalDate.parse(s.substring(0, 10));
      if (n == 10) {
        return date.atStartOfDay();
      }
      char t = s.charAt(10);
      if (t != 'T' && t != ' ') {
        return null;
      }
      String rest = s.substring(11);
      ZoneOffset offset = null;
      int cut = rest.length();
      if (rest.endsWith("Z") || rest.endsWith("z")) {
        offset = ZoneOffset.UTC;
        cut = rest.length() - 1;
      } else {
        int sign = Math.max(rest.lastIndexOf('+'), rest.lastIndexOf('-'));
        if (sign > 0) {
          offset = ZoneOffset.of(rest.substring(sign));
          cut = sign;
        }
      }
      LocalTime time = LocalTime.parse(rest.substring(0, cut));
      LocalDateTime local = LocalDateTime.of(date, time);
      if (offset != null) {
        local = local.atOffset(offset).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
      }
      return local.withNano((local.getNano() / 1_000_000) * 1_000_000);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
