package dev.boostline.data;

import dev.boostline.common.NotFoundException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;

/**
 * Per-column statistics of a dataset version, stored beside it as {@code profile.json}.
 *
 * @param formatVersion {@link #FORMAT_VERSION} when written by this library
 */
public record DatasetProfile(int formatVersion, long rows, List<ColumnProfile> columns) {
  /** The profile file format this library writes and reads. */
  public static final int FORMAT_VERSION = 1;

  /** How many most frequent values are kept per categorical column. */
  public static final int TOP_VALUES = 50;

  /** Histogram bins for numeric columns (fewer when values repeat). */
  public static final int HISTOGRAM_BINS = 20;

  public DatasetProfile {
    columns = List.copyOf(columns);
  }

  /** The profile of a column by name. */
  public ColumnProfile column(String name) {
    return columns.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new NotFoundException("no column \"" + name + "\" in the profile"));
  }

  /** Computes the profile of a dataset. */
  public static DatasetProfile of(Dataset dataset) {
    List<ColumnProfile> out = new ArrayList<>();
    for (int i = 0; i < dataset.schema().size(); i++) {
      ColumnSchema cs = dataset.schema().column(i);
      out.add(profile(cs, dataset.table().column(i)));
    }
    return new DatasetProfile(FORMAT_VERSION, dataset.rowCount(), out);
  }

  /** The non-missing values of a numeric or datetime column as doubles (datetime: seconds). */
  public static double[] numericValues(Column<?> column) {
    int n = column.size();
    double[] v = new double[n];
    int m = 0;
    if (column instanceof DoubleColumn d) {
      for (int i = 0; i < n; i++) {
        double x = d.getDouble(i);
        if (!Double.isNaN(x)) {
          v[m++] = x;
        }
      }
    } else if (column instanceof LongColumn l) {
      for (int i = 0; i < n; i++) {
        if (!l.isMissing(i)) {
          v[m++] = l.getLong(i);
        }
      }
    } else if (column instanceof DateTimeColumn t) {
      for (int i = 0; i < n; i++) {
        if (!t.isMissing(i)) {
          v[m++] = epochSeconds(t.get(i));
        }
      }
    } else {
      throw new IllegalArgumentException(column.name() + " is not numeric");
    }
    return Arrays.copyOf(v, m);
  }

  /** Seconds since 1970-01-01T00:00 of a local date-time, with milliseconds as a fraction. */
  public static double epochSeconds(LocalDateTime t) {
    return t.toEpochSecond(ZoneOffset.UTC) + t.getNano() / 1e9;
  }

  private static ColumnProfile profile(ColumnSchema cs, Column<?> column) {
    long missing = column.countMissing();
    long count = column.size() - missing;
    switch (cs.type()) {
      case INTEGER, DOUBLE, DATETIME -> {
        double[] v = numericValues(column);
        Arrays.sort(v);
        long distinct = 0;
        for (int i = 0; i < v.length; i++) {
          if (i == 0 || v[i] != v[i - 1]) {
            distinct++;
          }
        }
        Optional<NumericSummary> summary = Optional.empty();
        Optional<Histogram> hist = Optional.empty();
        Optional<String> min = Optional.empty();
        Optional<String> max = Optional.empty();
        if (v.length > 0) {
          summary = Optional.of(summary(v));
          hist = Optional.of(Histogram.ofSorted(v, HISTOGRAM_BINS));
          if (column instanceof DateTimeColumn t) {
            min = Optional.of(String.valueOf(t.min()));
            max = Optional.of(String.valueOf(t.max()));
          } else {
            min = Optional.of(format(cs.type(), v[0]));
            max = Optional.of(format(cs.type(), v[v.length - 1]));
          }
        }
        return new ColumnProfile(
            cs.name(), cs.type(), count, missing, distinct, summary, hist, List.of(), 0, min, max);
      }
      default -> {
        Map<String, Long> freq = new HashMap<>();
        for (int i = 0; i < column.size(); i++) {
          if (column.isMissing(i)) {
            continue;
          }
          String value =
              column instanceof BooleanColumn b
                  ? String.valueOf(b.get(i))
                  : ((StringColumn) column).get(i);
          freq.merge(value, 1L, Long::sum);
        }
        List<ValueCount> all =
            freq.entrySet().stream()
                .map(e -> new ValueCount(e.getKey(), e.getValue()))
                .sorted(
                    (a, b) ->
                        a.count() != b.count()
                            ? Long.compare(b.count(), a.count())
                            : a.value().compareTo(b.value()))
                .toList();
        List<ValueCount> top = all.subList(0, Math.min(TOP_VALUES, all.size()));
        long listed = top.stream().mapToLong(ValueCount::count).sum();
        Optional<String> min = freq.keySet().stream().min(String::compareTo);
        Optional<String> max = freq.keySet().stream().max(String::compareTo);
        return new ColumnProfile(
            cs.name(),
            cs.type(),
            count,
            missing,
            freq.size(),
            Optional.empty(),
            Optional.empty(),
            top,
            count - listed,
            min,
            max);
      }
    }
  }

  private static String format(ColumnType type, double v) {
    return type == ColumnType.INTEGER ? Long.toString((long) v) : Double.toString(v);
  }

  private static NumericSummary summary(double[] sorted) {
    double mean = 0;
    double m2 = 0;
    for (int i = 0; i < sorted.length; i++) {
      double d = sorted[i] - mean;
      mean += d / (i + 1);
      m2 += d * (sorted[i] - mean);
    }
    Map<String, Double> q = new LinkedHashMap<>();
    for (int p : new int[] {1, 5, 25, 50, 75, 95, 99}) {
      q.put(
          String.format(java.util.Locale.ROOT, "p%02d", p),
          Stats.quantileSorted(sorted, p / 100.0));
    }
    return new NumericSummary(
        sorted[0], sorted[sorted.length - 1], mean, Math.sqrt(m2 / sorted.length), q);
  }
}
