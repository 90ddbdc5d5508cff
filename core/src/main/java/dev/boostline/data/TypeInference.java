package dev.boostline.data;

import java.util.HashSet;
import java.util.Set;

/**
 * Per-column type inference over text values (see {@link CsvReader} for the rules). Not
 * thread-safe.
 */
final class TypeInference {
  private boolean canBool = true;
  private boolean canLong = true;
  private boolean canDouble = true;
  private boolean canDate = true;
  long missing;
  long present;
  private final Set<String> distinct = new HashSet<>();

  void accept(String v) {
    present++;
    // Cheapest checks first; each test stops being made once it has failed.
    if (canBool && !(v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false"))) {
      canBool = false;
    }
    if (canLong && Values.parseLong(v, true) == null) {
      canLong = false;
    }
    if (canDouble && !Values.isDouble(v, true)) {
      canDouble = false;
    }
    if (canDate && (v.length() < 10 || Values.parseDateTime(v) == null)) {
      canDate = false;
    }
    if (distinct.size() <= Tables.MAX_CATEGORIES) {
      distinct.add(v);
    }
  }

  /** The inferred column: nullable when a value was missing. */
  ColumnSchema result(String name) {
    boolean nullable = missing > 0;
    if (present == 0) {
      return new ColumnSchema(name, ColumnType.DOUBLE, true);
    }
    ColumnType type;
    if (canBool) {
      type = ColumnType.BOOLEAN;
    } else if (canLong) {
      type = ColumnType.INTEGER;
    } else if (canDouble) {
      type = ColumnType.DOUBLE;
    } else if (canDate) {
      type = ColumnType.DATETIME;
    } else {
      type = Tables.stringKind(distinct.size(), present);
    }
    return new ColumnSchema(name, type, nullable);
  }
}
