package dev.boostline.data;

import dev.boostline.common.BoostlineException;
import dev.boostline.util.internal.SplitMix64;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.columns.Column;

/**
 * Deterministic train / validation / test splits: the same dataset, arguments and seed give the
 * same rows, on any machine and Java version (the generator is {@link SplitMix64}, defined by its
 * algorithm).
 *
 * <p>Fractions ({@link SplitFractions}, built by name): validation and test are each in [0, 1) with
 * a sum below 1; train is the rest. Sizes are {@code round(n * valid)} and {@code round(n * test)};
 * for stratified splits per stratum.
 */
public final class Splits {
  private Splits() {}

  /** A seeded random split of {@code rows} rows. */
  public static DatasetSplit random(int rows, SplitFractions fractions, long seed) {
    double valid = fractions.validation();
    double test = fractions.test();
    int[] order = identity(rows);
    new SplitMix64(seed).shuffle(order);
    return cut(List.of(order), valid, test);
  }

  /**
   * A seeded random split that keeps each value of {@code column} (missing is its own stratum) in
   * the same proportion in every part; strata are visited in first-appearance order.
   */
  public static DatasetSplit stratified(
      Dataset dataset, String column, SplitFractions fractions, long seed) {
    double valid = fractions.validation();
    double test = fractions.test();
    Column<?> c = column(dataset, column);
    Map<String, List<Integer>> strata = new LinkedHashMap<>();
    for (int r = 0; r < c.size(); r++) {
      String key = c.isMissing(r) ? "\u0000missing" : String.valueOf(c.get(r));
      strata.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    SplitMix64 rng = new SplitMix64(seed);
    List<int[]> groups = new ArrayList<>();
    for (List<Integer> rowsOf : strata.values()) {
      int[] g = rowsOf.stream().mapToInt(Integer::intValue).toArray();
      rng.shuffle(g);
      groups.add(g);
    }
    return cut(groups, valid, test);
  }

  /**
   * A split by a hash of {@code column}'s value: rows sharing a key (a customer id, say) always
   * land in the same part, and a row keeps its part when other rows are added. The salt chooses a
   * different assignment. Part sizes are close to, not exactly, the fractions.
   */
  public static DatasetSplit byKeyHash(
      Dataset dataset, String column, SplitFractions fractions, long salt) {
    double valid = fractions.validation();
    double test = fractions.test();
    Column<?> c = column(dataset, column);
    List<Integer> tr = new ArrayList<>();
    List<Integer> va = new ArrayList<>();
    List<Integer> te = new ArrayList<>();
    for (int r = 0; r < c.size(); r++) {
      String key = c.isMissing(r) ? "" : String.valueOf(c.get(r));
      long h = salt;
      for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
        h = SplitMix64.mix(h ^ (b & 0xFF));
      }
      double u = (SplitMix64.mix(h) >>> 11) * 0x1.0p-53;
      (u < test ? te : u < test + valid ? va : tr).add(r);
    }
    return new DatasetSplit(ints(tr), ints(va), ints(te));
  }

  /**
   * A split by time: rows with {@code column < validFrom} train, {@code validFrom <= column <
   * testFrom} validate, the rest test. The column is a DATETIME (cut-offs in ISO-8601) or a number
   * (cut-offs as numbers, a year say). Rows with a missing time are refused.
   *
   * @param testFrom null for no test part
   */
  public static DatasetSplit byTime(
      Dataset dataset, String column, String validFrom, String testFrom) {
    Column<?> c = column(dataset, column);
    double vf = cutoff(c, validFrom);
    double tf = testFrom == null ? Double.POSITIVE_INFINITY : cutoff(c, testFrom);
    if (tf < vf) {
      throw new IllegalArgumentException(
          "test cut-off " + testFrom + " is before validation cut-off " + validFrom);
    }
    List<Integer> tr = new ArrayList<>();
    List<Integer> va = new ArrayList<>();
    List<Integer> te = new ArrayList<>();
    int missing = 0;
    for (int r = 0; r < c.size(); r++) {
      if (c.isMissing(r)) {
        missing++;
        continue;
      }
      double t = timeValue(c, r);
      (t < vf ? tr : t < tf ? va : te).add(r);
    }
    if (missing > 0) {
      throw new BoostlineException(
          "time split on \""
              + column
              + "\": "
              + missing
              + " rows have no value; fill or drop them first");
    }
    return new DatasetSplit(ints(tr), ints(va), ints(te));
  }

  private static double cutoff(Column<?> c, String text) {
    if (c instanceof DateTimeColumn) {
      var t = Values.parseDateTime(text);
      if (t == null) {
        throw new IllegalArgumentException(
            "cut-off \"" + text + "\" for \"" + c.name() + "\" is not an ISO-8601 date-time");
      }
      return DatasetProfile.epochSeconds(t);
    }
    Double v = Values.parseDouble(text.trim(), false);
    if (v == null) {
      throw new IllegalArgumentException(
          "cut-off \"" + text + "\" for numeric column \"" + c.name() + "\" is not a number");
    }
    return v;
  }

  private static double timeValue(Column<?> c, int r) {
    if (c instanceof DateTimeColumn d) {
      return DatasetProfile.epochSeconds(d.get(r));
    } else if (c instanceof LongColumn l) {
      return l.getLong(r);
    } else if (c instanceof DoubleColumn d) {
      return d.getDouble(r);
    }
    throw new IllegalArgumentException(
        "column \"" + c.name() + "\" is not a date-time or number; a time split needs one");
  }

  private static Column<?> column(Dataset dataset, String name) {
    if (dataset.schema().find(name).isEmpty()) {
      throw new IllegalArgumentException(
          "no column \"" + name + "\" to split on (columns: " + dataset.schema().names() + ")");
    }
    return dataset.table().column(name);
  }

  private static DatasetSplit cut(List<int[]> groups, double valid, double test) {
    List<Integer> tr = new ArrayList<>();
    List<Integer> va = new ArrayList<>();
    List<Integer> te = new ArrayList<>();
    for (int[] g : groups) {
      int nt = (int) Math.round(g.length * test);
      int nv = (int) Math.round(g.length * valid);
      for (int i = 0; i < g.length; i++) {
        (i < nt ? te : i < nt + nv ? va : tr).add(g[i]);
      }
    }
    return new DatasetSplit(ints(tr), ints(va), ints(te));
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  private static int[] ints(List<Integer> list) {
    return list.stream().mapToInt(Integer::intValue).toArray();
  }
}
