package dev.boostline.data;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Cuts a CSV byte stream into chunks of whole records, so that several threads can parse one file
 * at once. It follows the same quoting rules as {@link CsvParser} (a quote opens a quoted field
 * only at the start of a field, after optional spaces; a doubled quote inside is a literal quote),
 * so a cut never falls inside a quoted line break, and it counts lines the way the parser does, so
 * each chunk knows the line it starts on and errors keep naming the right line. Not thread-safe;
 * does not close the stream.
 */
final class CsvChunker {
  /** A run of whole records and the line the first one starts on. */
  record Chunk(byte[] bytes, int length, long firstLine) {}

  private static final int FIELD_START = 0;
  private static final int UNQUOTED = 1;
  private static final int QUOTED = 2;
  private static final int QUOTE_IN_QUOTED = 3;

  private final InputStream in;
  private final String source;
  private final byte sep;
  private final byte quote;
  private final boolean trimTabs;
  private final int target;
  private final int maxRecordBytes;

  private byte[] buf;
  private int limit;
  private int scanned;
  private int state = FIELD_START;
  private boolean afterCr;
  private boolean crInQuote;
  private long line;
  private long chunkStartLine;
  private int boundary;
  private long lineAtBoundary;
  private long recordStartLine;
  private boolean eof;

  /**
   * @param firstLine the line the stream's first byte is on
   * @param target the chunk size aimed at, in bytes
   */
  CsvChunker(
      InputStream in,
      String source,
      char separator,
      char quote,
      long firstLine,
      int target,
      int maxRecordBytes) {
    this.in = in;
    this.source = source;
    this.sep = (byte) separator;
    this.quote = (byte) quote;
    this.trimTabs = separator != '\t';
    this.target = target;
    this.maxRecordBytes = maxRecordBytes;
    this.buf = new byte[target + (target >> 1)];
    this.line = firstLine;
    this.chunkStartLine = firstLine;
    this.recordStartLine = firstLine;
  }

  /** The next chunk of whole records, or null at the end of the stream. */
  Chunk next() throws IOException {
    while (true) {
      if (boundary >= target) {
        return cut(boundary, lineAtBoundary);
      }
      if (eof) {
        return limit > 0 ? cut(limit, line) : null;
      }
      if (limit == buf.length) {
        if (boundary > 0) {
          return cut(boundary, lineAtBoundary);
        }
        // One record fills the buffer: grow it up to the record limit.
        if (limit >= maxRecordBytes + 2L) {
          throw new DataFormatException(
              source,
              recordStartLine,
              null,
              "record is longer than "
                  + maxRecordBytes
                  + " bytes; is the separator or quote character right? (raise the limit with"
                  + " maxLineBytes if the data really has such lines)");
        }
        buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, buf.length * 2L));
      }
      int n = in.read(buf, limit, buf.length - limit);
      if (n < 0) {
        eof = true;
        if (afterCr) {
          afterCr = false;
          markBoundary(limit, line);
        }
        continue;
      }
      limit += n;
      scan();
    }
  }

  private Chunk cut(int end, long lineAfter) {
    Chunk c = new Chunk(Arrays.copyOf(buf, end), end, chunkStartLine);
    System.arraycopy(buf, end, buf, 0, limit - end);
    limit -= end;
    scanned -= end;
    boundary = 0;
    chunkStartLine = lineAfter;
    return c;
  }

  /**
   * Advances the record state machine over the bytes read since the last scan. The state lives in
   * locals while the loop runs (written back at the end; the line count stays in its field, which
   * {@link #skim} advances): this loop sees every byte of the file. Outside quotes and away from a
   * CR, only line feeds change anything a cut needs, so runs of such bytes are skimmed eight at a
   * time ({@link #skim}); quotes and CRs go through the state machine one byte at a time.
   */
  private void scan() {
    byte[] b = buf;
    byte sep = this.sep;
    byte quote = this.quote;
    int state = this.state;
    boolean afterCr = this.afterCr;
    boolean crInQuote = this.crInQuote;
    int end = limit;
    int i = scanned;
    while (i < end) {
      if (!afterCr && (state == FIELD_START || state == UNQUOTED)) {
        int entry = i;
        i = skim(b, i, end);
        // After a line feed the skim passed (it marked the boundary after the last), a field
        // starts.
        boolean newLine = boundary > entry;
        state = stateAt(b, newLine ? boundary : entry, i, newLine ? FIELD_START : state);
        if (i == end) {
          break;
        }
      }
      int at = i++;
      byte c = b[at];
      if (afterCr) {
        // A record ended with CR: the boundary goes after its LF when one follows.
        afterCr = false;
        if (c == '\n') {
          markBoundary(at + 1, line);
          continue;
        }
        markBoundary(at, line);
      }
      if (state == QUOTED) {
        if (c == quote) {
          state = QUOTE_IN_QUOTED;
          crInQuote = false;
        } else if (c == '\n') {
          if (!crInQuote) {
            line++;
          }
          crInQuote = false;
        } else if (c == '\r') {
          line++;
          crInQuote = true;
        } else {
          crInQuote = false;
        }
        continue;
      }
      if (state == QUOTE_IN_QUOTED && c == quote) {
        state = QUOTED;
        continue;
      }
      if (state == FIELD_START) {
        if (c == quote) {
          state = QUOTED;
          continue;
        }
        if (isBlank(c)) {
          continue; // spaces before a field do not start it
        }
      }
      // Outside quotes: a separator starts a field, a line end ends the record.
      if (c == sep) {
        state = FIELD_START;
      } else if (c == '\n') {
        line++;
        state = FIELD_START;
        markBoundary(at + 1, line);
      } else if (c == '\r') {
        line++;
        state = FIELD_START;
        afterCr = true;
      } else {
        state = UNQUOTED;
      }
    }
    this.state = state;
    this.afterCr = afterCr;
    this.crInQuote = crInQuote;
    scanned = end;
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
  private static final long LF8 = 0x0A0A0A0A0A0A0A0AL;
  private static final long CR8 = 0x0D0D0D0D0D0D0D0DL;

  /**
   * Moves from {@code i} to the first quote or CR at or after it (or {@code end}), counting the
   * line feeds passed into {@link #line} and marking the boundary after the last of them: eight
   * bytes a step, each step testing the word for the three bytes at once.
   */
  private int skim(byte[] b, int i, int end) {
    long quote8 = (quote & 0xFFL) * 0x0101010101010101L;
    long lines = 0;
    int last = -1;
    int k = i;
    for (; k + 8 <= end; k += 8) {
      long w = (long) LONGS.get(b, k);
      if ((equalBytes(w, quote8) | equalBytes(w, CR8)) != 0) {
        break;
      }
      long lf = equalBytes(w, LF8);
      if (lf != 0) {
        lines += Long.bitCount(lf);
        last = k + ((63 - Long.numberOfLeadingZeros(lf)) >>> 3);
      }
    }
    for (; k < end; k++) {
      byte c = b[k];
      if (c == quote || c == '\r') {
        break;
      }
      if (c == '\n') {
        lines++;
        last = k;
      }
    }
    line += lines;
    if (last >= 0) {
      markBoundary(last + 1, line);
    }
    return k;
  }

  /** The high bit of each byte of {@code w} equal to the byte repeated in {@code pattern}. */
  private static long equalBytes(long w, long pattern) {
    long v = w ^ pattern;
    // Exact (no borrow across bytes): a nonzero byte's low 7 bits carry into its high bit.
    return ~(((v & LOW7) + LOW7) | v | LOW7);
  }

  /**
   * The state after the bytes {@code from..to} that {@link #skim} passed, none of them a line feed,
   * quote or CR: a field has started when everything after the last separator (or since {@code
   * from}, in state {@code before}) is a space.
   */
  private int stateAt(byte[] b, int from, int to, int before) {
    int j = to - 1;
    while (j >= from && isBlank(b[j])) {
      j--;
    }
    if (j < from) {
      return before;
    }
    return b[j] == sep ? FIELD_START : UNQUOTED;
  }

  /** A space (or a tab, unless it separates) before or after a field's text. */
  private boolean isBlank(byte c) {
    return c != sep && (c == ' ' || (trimTabs && c == '\t'));
  }

  private void markBoundary(int end, long line) {
    boundary = end;
    lineAtBoundary = line;
    recordStartLine = line;
  }
}
