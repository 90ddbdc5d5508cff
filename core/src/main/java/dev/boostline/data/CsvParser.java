package dev.boostline.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A strict, streaming RFC 4180 record reader working on bytes, so that every error can name the
 * exact line: quoted fields (with doubled quotes and line breaks), CRLF/LF/CR line ends, blank
 * lines skipped, UTF-8 validated per field, a byte-order mark skipped, records longer than a limit
 * refused. Not thread-safe. Closes the stream it was given.
 */
final class CsvParser implements Closeable {
  private static final int BUFFER = 1 << 16;

  private final InputStream in;
  private final String source;
  private final byte sep;
  private final byte quote;
  private final boolean trimTabs;
  private final int maxRecordBytes;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  private final byte[] buf;
  private int pos;
  private int limit;
  private boolean eof;
  private boolean first;

  private byte[] rec = new byte[1024];
  private int recLen;
  private int[] starts = new int[64];
  private int[] ends = new int[64];
  private boolean[] quoted = new boolean[64];
  private int fields;
  private long line;
  private long recordLine;

  /** A parser of a whole file's bytes from {@code in}, starting on line 1. */
  CsvParser(InputStream in, String source, char separator, char quote, int maxRecordBytes) {
    this(in, new byte[BUFFER], 0, source, separator, quote, maxRecordBytes, 1, true);
  }

  /**
   * A parser of bytes already in memory ({@code bytes[0..length)}, a chunk of whole records cut by
   * {@link CsvChunker}, starting on line {@code firstLine}), read in place: no stream, no copy into
   * a buffer. {@code fileStart} says whether a byte-order mark may come first.
   */
  CsvParser(
      byte[] bytes,
      int length,
      String source,
      char separator,
      char quote,
      int maxRecordBytes,
      long firstLine,
      boolean fileStart) {
    this(null, bytes, length, source, separator, quote, maxRecordBytes, firstLine, fileStart);
  }

  /**
   * Reads {@code in} through {@code buf}, or with {@code in} null the {@code limit} bytes in it.
   */
  private CsvParser(
      InputStream in,
      byte[] buf,
      int limit,
      String source,
      char separator,
      char quote,
      int maxRecordBytes,
      long firstLine,
      boolean fileStart) {
    this.in = in == null ? InputStream.nullInputStream() : in;
    this.buf = buf;
    this.limit = limit;
    this.eof = in == null;
    this.line = firstLine;
    this.first = fileStart;
    this.source = source;
    this.sep = (byte) separator;
    this.quote = (byte) quote;
    this.trimTabs = separator != '\t';
    this.maxRecordBytes = maxRecordBytes;
  }

  /** The line the current record starts on (1-based). */
  long line() {
    return recordLine;
  }

  /** Number of fields in the current record. */
  int fieldCount() {
    return fields;
  }

  /**
   * Reads the next non-blank record.
   *
   * @return false at the end of the input
   * @throws DataFormatException on an unclosed quote, junk after a closing quote, or a record over
   *     the length limit
   */
  boolean next() throws IOException {
    while (true) {
      if (first) {
        first = false;
        skipBom();
      }
      int b = peek();
      if (b < 0) {
        return false;
      }
      if (b == '\n' || b == '\r') {
        consumeLineEnd();
        continue;
      }
      readRecord();
      return true;
    }
  }

  /**
   * The decoded value of field {@code i}: unquoted, trimmed when it was not quoted.
   *
   * @param column the column name, for the error message
   * @throws DataFormatException when the bytes are not valid UTF-8
   */
  String field(int i, String column) {
    int s = starts[i];
    int e = ends[i];
    boolean ascii = true;
    for (int k = s; k < e; k++) {
      if (rec[k] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(rec, s, e - s, StandardCharsets.ISO_8859_1);
    }
    try {
      CharBuffer chars = decoder.decode(ByteBuffer.wrap(rec, s, e - s));
      return chars.toString();
    } catch (CharacterCodingException ex) {
      throw new DataFormatException(
          source, recordLine, column, "invalid UTF-8 byte sequence (the file must be UTF-8)");
    }
  }

  /**
   * Parses field {@code i} as a plain decimal ({@code [+-]digits[.digits]}, at most 18 digits)
   * straight from its bytes, giving exactly {@link Double#parseDouble}'s value: the digits form an
   * exact long below 2^53 and the divisor an exact power of ten up to 10^22, so the one IEEE
   * division is correctly rounded. Returns NaN (and the caller falls back to the text path) for
   * anything else: exponents, more digits, empty or non-numeric fields.
   */
  double plainDecimal(int i) {
    int s = starts[i];
    int e = ends[i];
    if (s == e) {
      return Double.NaN;
    }
    boolean negative = false;
    byte b = rec[s];
    if (b == '-' || b == '+') {
      negative = b == '-';
      s++;
    }
    long m = 0;
    int digits = 0;
    int fraction = -1;
    for (int k = s; k < e; k++) {
      b = rec[k];
      if (b >= '0' && b <= '9') {
        m = m * 10 + (b - '0');
        digits++;
        if (fraction >= 0) {
          fraction++;
        }
      } else if (b == '.' && fraction < 0) {
        fraction = 0;
      } else {
        return Double.NaN;
      }
    }
    if (digits == 0 || digits > 15) {
      return Double.NaN;
    }
    double v = fraction <= 0 ? (double) m : (double) m / POWERS_OF_TEN[fraction];
    return negative ? -v : v;
  }

  /**
   * Parses field {@code i} as a plain integer ({@code [+-]digits}, at most 18 digits) from its
   * bytes, the same value as {@link Long#parseLong}; {@link Long#MIN_VALUE} when it is not one (the
   * caller falls back to the text path).
   */
  long plainInteger(int i) {
    int s = starts[i];
    int e = ends[i];
    if (s == e) {
      return Long.MIN_VALUE;
    }
    boolean negative = false;
    byte b = rec[s];
    if (b == '-' || b == '+') {
      negative = b == '-';
      s++;
    }
    if (s == e || e - s > 18) {
      return Long.MIN_VALUE;
    }
    long m = 0;
    for (int k = s; k < e; k++) {
      b = rec[k];
      if (b < '0' || b > '9') {
        return Long.MIN_VALUE;
      }
      m = m * 10 + (b - '0');
    }
    return negative ? -m : m;
  }

  /** Whether field {@code i} is empty. */
  boolean isEmpty(int i) {
    return starts[i] == ends[i];
  }

  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16
  };

  /** Whether field {@code i} was quoted. */
  boolean quoted(int i) {
    return quoted[i];
  }

  private void skipBom() throws IOException {
    if (peek() == 0xEF) {
      fill(3);
      if (limit - pos >= 3 && (buf[pos + 1] & 0xFF) == 0xBB && (buf[pos + 2] & 0xFF) == 0xBF) {
        pos += 3;
      }
    }
  }

  private void readRecord() throws IOException {
    recLen = 0;
    fields = 0;
    recordLine = line;
    while (true) {
      readField();
      int b = peek();
      if (b == sep) {
        pos++;
        continue;
      }
      if (b == '\n' || b == '\r') {
        consumeLineEnd();
      }
      return; // end of line or end of input
    }
  }

  private void readField() throws IOException {
    skipSpaces();
    ensureFieldSlot();
    int b = peek();
    if (b == quote) {
      pos++;
      long openedOn = line;
      int start = recLen;
      while (true) {
        b = read();
        if (b < 0) {
          throw new DataFormatException(
              source,
              openedOn,
              null,
              "a quoted field opened on this line is never closed (expected a closing "
                  + (char) quote
                  + ")");
        }
        if (b == quote) {
          if (peek() == quote) {
            pos++;
            append(quote);
            continue;
          }
          break;
        }
        if (b == '\n') {
          line++;
        } else if (b == '\r') {
          if (peek() != '\n') {
            line++;
          }
        }
        append((byte) b);
      }
      int end = recLen;
      skipSpaces();
      int after = peek();
      if (after >= 0 && after != sep && after != '\n' && after != '\r') {
        throw new DataFormatException(
            source,
            line,
            null,
            "unexpected character '"
                + (char) after
                + "' after the closing quote of field "
                + (fields + 1)
                + " (expected the separator or the end of the line)");
      }
      record(start, end, true);
      return;
    }
    int start = recLen;
    // The bytes up to the separator or line end that the buffer holds, in one copy; a field that
    // runs past the buffer's end goes on byte by byte, refilling it.
    byte[] bb = buf;
    int e = pos;
    int lim = limit;
    while (e < lim) {
      byte c = bb[e];
      if (c == sep || c == '\n' || c == '\r') {
        break;
      }
      e++;
    }
    appendRange(bb, pos, e - pos);
    pos = e;
    if (e == lim) {
      while (true) {
        b = peek();
        if (b < 0 || b == sep || b == '\n' || b == '\r') {
          break;
        }
        pos++;
        append((byte) b);
      }
    }
    int end = recLen;
    while (end > start && isSpace(rec[end - 1])) {
      end--;
    }
    record(start, end, false);
  }

  private void record(int start, int end, boolean wasQuoted) {
    starts[fields] = start;
    ends[fields] = end;
    quoted[fields] = wasQuoted;
    fields++;
  }

  private void skipSpaces() throws IOException {
    while (true) {
      int b = peek();
      if (b >= 0 && b != sep && isSpace((byte) b)) {
        pos++;
      } else {
        return;
      }
    }
  }

  private boolean isSpace(byte b) {
    return b == ' ' || (trimTabs && b == '\t');
  }

  private void ensureFieldSlot() {
    if (fields == starts.length) {
      int n = fields * 2;
      starts = Arrays.copyOf(starts, n);
      ends = Arrays.copyOf(ends, n);
      quoted = Arrays.copyOf(quoted, n);
    }
  }

  private void append(byte b) {
    if (recLen == rec.length) {
      grow();
    }
    rec[recLen++] = b;
  }

  /** Appends {@code n} bytes of {@code from} at {@code at}, as {@code n} calls of append would. */
  private void appendRange(byte[] from, int at, int n) {
    if (recLen + n <= rec.length) {
      System.arraycopy(from, at, rec, recLen, n);
      recLen += n;
      return;
    }
    for (int k = 0; k < n; k++) {
      append(from[at + k]);
    }
  }

  /** Doubles the record buffer, up to the record length limit (refusing the record beyond it). */
  private void grow() {
    if (recLen >= maxRecordBytes) {
      throw new DataFormatException(
          source,
          recordLine,
          null,
          "record is longer than "
              + maxRecordBytes
              + " bytes; is the separator or quote character right? (raise the limit with"
              + " maxLineBytes if the data really has such lines)");
    }
    rec = Arrays.copyOf(rec, Math.min(maxRecordBytes, rec.length * 2));
  }

  private void consumeLineEnd() throws IOException {
    int b = read();
    if (b == '\r' && peek() == '\n') {
      pos++;
    }
    line++;
  }

  private int peek() throws IOException {
    if (pos < limit) {
      return buf[pos] & 0xFF;
    }
    fill(1);
    return pos < limit ? buf[pos] & 0xFF : -1;
  }

  private int read() throws IOException {
    int b = peek();
    if (b >= 0) {
      pos++;
    }
    return b;
  }

  private void fill(int atLeast) throws IOException {
    if (eof) {
      return;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    while (limit - pos < atLeast) {
      int n = in.read(buf, limit, buf.length - limit);
      if (n < 0) {
        eof = true;
        return;
      }
      limit += n;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
