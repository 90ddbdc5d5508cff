package dev.boostline.data;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How to read a CSV file. Immutable; build with {@link #builder()}, change with {@link
 * #toBuilder()}.
 *
 * <ul>
 *   <li>separator: one ASCII character; sniffed from the first lines when not set (among {@code , ;
 *       TAB |}).
 *   <li>quote: one ASCII character, default {@code "}; a doubled quote inside a quoted field is a
 *       literal quote; quoted fields may span lines.
 *   <li>null tokens: values read as missing, compared after unquoting and trimming. The empty field
 *       is always missing. Default: {@code NA N/A NaN nan NULL null}. Setting tokens replaces the
 *       defaults (the empty field stays missing).
 *   <li>whitespace around a field (spaces, and tabs unless TAB is the separator) is trimmed.
 *   <li>max line length: a record longer than this many bytes is refused, default 1 MiB.
 *   <li>inference rows: a streaming read infers types from this many leading rows, default 100,000.
 * </ul>
 *
 * <p>Files are UTF-8 (a leading byte-order mark is skipped), plain or gzip-compressed (detected
 * from the content, not the name). A header line is required.
 */
public final class CsvOptions {
  /** Null tokens used when none are given. */
  public static final List<String> DEFAULT_NULL_TOKENS =
      List.of("NA", "N/A", "NaN", "nan", "NULL", "null");

  /** Default limit on one record, in bytes. */
  public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

  /** Default number of rows types are inferred from when streaming. */
  public static final long DEFAULT_INFERENCE_ROWS = 100_000;

  private final Character separator;
  private final char quote;
  private final Set<String> nullTokens;
  private final int maxLineBytes;
  private final long inferenceRows;

  private CsvOptions(Builder b) {
    this.inferenceRows = b.inferenceRows;
    this.separator = b.separator;
    this.quote = b.quote;
    LinkedHashSet<String> tokens = new LinkedHashSet<>(b.nullTokens);
    tokens.add("");
    this.nullTokens = Set.copyOf(tokens);
    this.maxLineBytes = b.maxLineBytes;
  }

  /** Defaults: sniffed separator, {@code "} quote, default null tokens. */
  public static CsvOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.separator = separator;
    b.quote = quote;
    b.nullTokens = new LinkedHashSet<>(nullTokens);
    b.maxLineBytes = maxLineBytes;
    b.inferenceRows = inferenceRows;
    return b;
  }

  /** The separator, or empty when it is to be sniffed. */
  public Optional<Character> separator() {
    return Optional.ofNullable(separator);
  }

  public char quote() {
    return quote;
  }

  /** Every value read as missing, including the empty string. */
  public Set<String> nullTokens() {
    return nullTokens;
  }

  public int maxLineBytes() {
    return maxLineBytes;
  }

  /**
   * How many leading data rows a streaming read ({@link CsvSource}) infers types from, default
   * {@link #DEFAULT_INFERENCE_ROWS}; the inferred types are then enforced on every row. {@link
   * CsvReader}, which holds the whole file in memory anyway, infers from every row.
   */
  public long inferenceRows() {
    return inferenceRows;
  }

  /** Builder for {@link CsvOptions}; not thread-safe. */
  public static final class Builder {
    private Character separator;
    private char quote = '"';
    private Set<String> nullTokens = new LinkedHashSet<>(DEFAULT_NULL_TOKENS);
    private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
    private long inferenceRows = DEFAULT_INFERENCE_ROWS;

    private Builder() {}

    /** Sets how many leading rows a streaming read infers types from; must be > 0. */
    public Builder inferenceRows(long rows) {
      if (rows <= 0) {
        throw new IllegalArgumentException("inferenceRows must be > 0, got " + rows);
      }
      this.inferenceRows = rows;
      return this;
    }

    /** Sets the separator (an ASCII character other than the quote, CR or LF). */
    public Builder separator(char c) {
      requireAscii("separator", c);
      this.separator = c;
      return this;
    }

    /** Sets the quote character (ASCII, not CR or LF). */
    public Builder quote(char c) {
      requireAscii("quote", c);
      this.quote = c;
      return this;
    }

    /** Replaces the null tokens; the empty field is always missing. */
    public Builder nullTokens(java.util.Collection<String> tokens) {
      this.nullTokens = new LinkedHashSet<>(tokens);
      return this;
    }

    /** Sets the longest accepted record, in bytes; must be > 0. */
    public Builder maxLineBytes(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxLineBytes must be > 0, got " + bytes);
      }
      this.maxLineBytes = bytes;
      return this;
    }

    public CsvOptions build() {
      if (separator != null && separator == quote) {
        throw new IllegalArgumentException(
            "separator and quote must differ, both are '" + quote + "'");
      }
      return new CsvOptions(this);
    }

    private static void requireAscii(String what, char c) {
      if (c >= 0x80 || c == '\n' || c == '\r') {
        throw new IllegalArgumentException(
            what + " must be one ASCII character other than CR or LF, got '" + c + "'");
      }
    }
  }
}
