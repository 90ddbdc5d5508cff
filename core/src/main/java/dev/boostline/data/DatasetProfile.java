package dev.boostline.data;

import dev.boostline.common.NotFoundException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
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

  /** Computes the profile of a dataset in memory (see {@link ProfileBuilder} for exactness). */
  public static DatasetProfile of(Dataset dataset) {
    ProfileBuilder b = new ProfileBuilder(dataset.schema());
    b.add(dataset);
    return b.build(dataset.schema());
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

  /** The quantiles every numeric profile reports. */
  static final double[] QUANTILES = {0.01, 0.05, 0.25, 0.50, 0.75, 0.95, 0.99};

  /** {@code p01} for 0.01. */
  static String quantileKey(double q) {
    return String.format(java.util.Locale.ROOT, "p%02d", Math.round(q * 100));
  }

  /** The summary of sorted, NaN-free values. */
  static NumericSummary summary(double[] sorted) {
    double mean = 0;
    double m2 = 0;
    for (int i = 0; i < sorted.length; i++) {
      double d = sorted[i] - mean;
      mean += d / (i + 1);
      m2 += d * (sorted[i] - mean);
    }
    Map<String, Double> q = new LinkedHashMap<>();
    for (double p : QUANTILES) {
      q.put(quantileKey(p), Stats.quantileSorted(sorted, p));
    }
    return new NumericSummary(
        sorted[0], sorted[sorted.length - 1], mean, Math.sqrt(m2 / sorted.length), q);
  }
}
