package dev.boostline.data;

import dev.boostline.common.BoostlineException;
import java.util.Optional;

/**
 * Input data that cannot be read as asked: the message names the file, the line (1-based, counting
 * the header as line 1) and the column where known, and says what was expected.
 */
public class DataFormatException extends BoostlineException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long line;
  private final String column;

  /**
   * An exception whose message reads {@code <source> line <line>, column "<column>": <problem>}.
   *
   * @param source the file name (or other label) of the input, as the user knows it
   * @param line the 1-based line (the header is line 1), or 0 when the problem is not tied to a
   *     line; left out of the message when 0
   * @param column the column name, or null when the problem is not in one column (then left out)
   * @param problem what is wrong and what was expected, for a person to read
   */
  public DataFormatException(String source, long line, String column, String problem) {
    super(format(source, line, column, problem));
    this.source = source;
    this.line = line;
    this.column = column;
  }

  /** The file (or other source) that was read. */
  public String source() {
    return source;
  }

  /** The 1-based line, or 0 when the problem is not tied to a line. */
  public long line() {
    return line;
  }

  /** The column name, when the problem is in one column. */
  public Optional<String> column() {
    return Optional.ofNullable(column);
  }

  private static String format(String source, long line, String column, String problem) {
    StringBuilder sb = new StringBuilder(source);
    if (line > 0) {
      sb.append(" line ").append(line);
    }
    if (column != null) {
      sb.append(line > 0 ? ", column \"" : " column \"").append(column).append('"');
    }
    return sb.append(": ").append(problem).toString();
  }
}
