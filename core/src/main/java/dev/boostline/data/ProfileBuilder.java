package dev.boostline.data;

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
 * Builds a {@link DatasetProfile} batch by batch in bounded memory, so a dataset is profiled in the
 * same pass that stores it.
 *
 * <ul>
 *   <li>Always exact: row, value and missing counts, minimum and maximum, mean and standard
 *       deviation (up to floating-point rounding), and the counts of boolean values.
 *   <li>Exact while small, then from mergeable sketches (the column's profile then says {@code
 *       approximate}): numeric quantiles and histograms (every value is kept up to a budget of
 *       about 16 MiB over all columns, at least 4,096 and at most 100,000 values per column, then a
 *       {@link QuantileSketch}); distinct counts (exact up to {@value DistinctCounter#EXACT_LIMIT},
 *       then HyperLogLog); the top values of string columns (every distinct value is counted up to
 *       {@value #STRING_EXACT_LIMIT}; values first seen after that are counted only in the distinct
 *       estimate and {@code otherCount}). Categorical columns (at most 1,024 distinct values)
 *       therefore stay exact.
 * </ul>
 *
 * <p>Not thread-safe; {@link #merge} combines builders filled on different threads or machines.
 */
public final class ProfileBuilder {
  static final int STRING_EXACT_LIMIT = 10_000;
  private static final long VALUE_BUDGET_BYTES = 16L << 20;

  private final Schema schema;
  private final Accumulator[] columns;
  private long rows;

  /** A builder for batches typed by {@code schema} (the stream's schema). */
  public ProfileBuilder(Schema schema) {
    this.schema = schema;
    this.columns = new Accumulator[schema.size()];
    int exactValues =
        (int)
            Math.max(4096, Math.min(100_000, VALUE_BUDGET_BYTES / 8 / Math.max(1, schema.size())));
    for (int i = 0; i < columns.length; i++) {
      columns[i] =
          switch (schema.column(i).type()) {
            case INTEGER, DOUBLE, DATETIME ->
                new NumericAccumulator(schema.column(i).type(), exactValues, i);
            case BOOLEAN -> new BooleanAccumulator();
            case CATEGORICAL, TEXT -> new StringAccumulator();
          };
    }
  }

  /** Rows added so far. */
  public long rows() {
    return rows;
  }

  /** Adds a batch whose columns are, in order, those of the builder's schema. */
  public void add(Dataset batch) {
    for (int i = 0; i < columns.length; i++) {
      columns[i].add(batch.table().column(i));
    }
    rows += batch.rowCount();
  }

  /** Adds everything {@code other} (built for the same schema) has seen. */
  public void merge(ProfileBuilder other) {
    if (!other.schema.equals(schema)) {
      throw new IllegalArgumentException("cannot merge profiles of different schemas");
    }
    for (int i = 0; i < columns.length; i++) {
      columns[i].merge(other.columns[i]);
    }
    rows += other.rows;
  }

  /**
   * The final form of an inferred schema from what was seen: each column nullable when a value was
   * missing (or none was present), string columns CATEGORICAL or TEXT by their distinct count (the
   * rule of {@link CsvReader}); types and names unchanged.
   */
  public Schema settle(Schema provisional) {
    List<ColumnSchema> out = new ArrayList<>();
    for (int i = 0; i < provisional.size(); i++) {
      ColumnSchema c = provisional.column(i);
      Accumulator a = columns[i];
      ColumnType type = c.type();
      if (type.isString()) {
        long distinct = ((StringAccumulator) a).distinct.count();
        type = Tables.stringKind((int) Math.min(Integer.MAX_VALUE, distinct), a.count);
      }
      out.add(new ColumnSchema(c.name(), type, a.missing > 0 || a.count == 0));
    }
    return new Schema(out);
  }

  /** The profile, with the column types of {@code finalSchema} (same columns as the builder's). */
  public DatasetProfile build(Schema finalSchema) {
    List<ColumnProfile> out = new ArrayList<>();
    for (int i = 0; i < columns.length; i++) {
      ColumnSchema cs = finalSchema.column(i);
      out.add(columns[i].profile(cs.name(), cs.type()));
    }
    return new DatasetProfile(DatasetProfile.FORMAT_VERSION, rows, out);
  }

  private abstract static class Accumulator {
    long count;
    long missing;

    abstract void add(Column<?> column);

    abstract void merge(Accumulator other);

    abstract ColumnProfile profile(String name, ColumnType type);
  }

  private static final class NumericAccumulator extends Accumulator {
    private final ColumnType type;
    private final int exactLimit;
    private final long seed;
    private double[] values = new double[256];
    private int size;
    private QuantileSketch sketch;
    private final DistinctCounter distinct = new DistinctCounter();
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private long minLong = Long.MAX_VALUE;
    private long maxLong = Long.MIN_VALUE;
    private double mean;
    private double m2;

    NumericAccumulator(ColumnType type, int exactLimit, long seed) {
      this.type = type;
      this.exactLimit = exactLimit;
      this.seed = seed;
    }

    @Override
    void add(Column<?> column) {
      int n = column.size();
      if (column instanceof DoubleColumn d) {
        for (int r = 0; r < n; r++) {
          double v = d.getDouble(r);
          if (Double.isNaN(v)) {
            missing++;
          } else {
            accept(v);
          }
        }
      } else if (column instanceof LongColumn l) {
        for (int r = 0; r < n; r++) {
          if (l.isMissing(r)) {
            missing++;
          } else {
            long v = l.getLong(r);
            minLong = Math.min(minLong, v);
            maxLong = Math.max(maxLong, v);
            accept(v);
          }
        }
      } else {
        DateTimeColumn t = (DateTimeColumn) column;
        for (int r = 0; r < n; r++) {
          LocalDateTime v = t.get(r);
          if (v == null) {
            missing++;
          } else {
            long millis = v.toEpochSecond(ZoneOffset.UTC) * 1000L + v.getNano() / 1_000_000;
            minLong = Math.min(minLong, millis);
            maxLong = Math.max(maxLong, millis);
            accept(DatasetProfile.epochSeconds(v));
          }
        }
      }
    }

    private void accept(double v) {
      count++;
      if (v < min) {
        min = v;
      }
      if (v > max) {
        max = v;
      }
      double d = v - mean;
      mean += d / count;
      m2 += d * (v - mean);
      // -0.0 and 0.0 are one value
      distinct.add(Double.doubleToLongBits(v == 0 ? 0.0 : v));
      if (sketch != null) {
        sketch.add(v);
        return;
      }
      if (size == values.length) {
        if (size >= exactLimit) {
          sketch = new QuantileSketch(seed);
          for (int i = 0; i < size; i++) {
            sketch.add(values[i]);
          }
          values = null;
          sketch.add(v);
          return;
        }
        values = Arrays.copyOf(values, Math.min(exactLimit, size * 2));
      }
      values[size++] = v;
    }

    @Override
    void merge(Accumulator o) {
      NumericAccumulator other = (NumericAccumulator) o;
      if (other.count > 0) {
        long n = count + other.count;
        double delta = other.mean - mean;
        m2 = m2 + other.m2 + delta * delta * ((double) count * other.count / n);
        mean = mean + delta * other.count / n;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        minLong = Math.min(minLong, other.minLong);
        maxLong = Math.max(maxLong, other.maxLong);
        distinct.merge(other.distinct);
        count = n;
        // Counts and moments are merged above; only the kept values are added here.
        if (other.sketch == null) {
          for (int i = 0; i < other.size; i++) {
            keep(other.values[i]);
          }
        } else {
          toSketch();
          sketch.merge(other.sketch);
        }
      }
      missing += other.missing;
    }

    private void keep(double v) {
      if (sketch != null) {
        sketch.add(v);
        return;
      }
      if (size == values.length) {
        if (size >= exactLimit) {
          toSketch();
          sketch.add(v);
          return;
        }
        values = Arrays.copyOf(values, Math.min(exactLimit, size * 2));
      }
      values[size++] = v;
    }

    private void toSketch() {
      if (sketch == null) {
        sketch = new QuantileSketch(seed);
        for (int i = 0; i < size; i++) {
          sketch.add(values[i]);
        }
        values = null;
      }
    }

    @Override
    ColumnProfile profile(String name, ColumnType finalType) {
      if (count == 0) {
        return new ColumnProfile(
            name,
            finalType,
            0,
            missing,
            0,
            Optional.empty(),
            Optional.empty(),
            List.of(),
            0,
            Optional.empty(),
            Optional.empty(),
            false);
      }
      Optional<String> minText;
      Optional<String> maxText;
      if (type == ColumnType.DATETIME) {
        minText = Optional.of(dateTime(minLong).toString());
        maxText = Optional.of(dateTime(maxLong).toString());
      } else if (type == ColumnType.INTEGER) {
        minText = Optional.of(Long.toString(minLong));
        maxText = Optional.of(Long.toString(maxLong));
      } else {
        minText = Optional.of(Double.toString(min));
        maxText = Optional.of(Double.toString(max));
      }
      if (sketch == null) {
        double[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        long d = 0;
        for (int i = 0; i < sorted.length; i++) {
          if (i == 0 || sorted[i] != sorted[i - 1]) {
            d++;
          }
        }
        return new ColumnProfile(
            name,
            finalType,
            count,
            missing,
            d,
            Optional.of(DatasetProfile.summary(sorted)),
            Optional.of(Histogram.ofSorted(sorted, DatasetProfile.HISTOGRAM_BINS)),
            List.of(),
            0,
            minText,
            maxText,
            false);
      }
      double[] q = sketch.quantiles(DatasetProfile.QUANTILES);
      Map<String, Double> quantiles = new LinkedHashMap<>();
      for (int i = 0; i < q.length; i++) {
        quantiles.put(DatasetProfile.quantileKey(DatasetProfile.QUANTILES[i]), q[i]);
      }
      NumericSummary summary = new NumericSummary(min, max, mean, Math.sqrt(m2 / count), quantiles);
      return new ColumnProfile(
          name,
          finalType,
          count,
          missing,
          distinct.count(),
          Optional.of(summary),
          Optional.of(sketch.histogram(DatasetProfile.HISTOGRAM_BINS, min, max)),
          List.of(),
          0,
          minText,
          maxText,
          true);
    }

    private static LocalDateTime dateTime(long millis) {
      return LocalDateTime.ofEpochSecond(
          Math.floorDiv(millis, 1000L),
          (int) Math.floorMod(millis, 1000L) * 1_000_000,
          ZoneOffset.UTC);
    }
  }

  private static final class BooleanAccumulator extends Accumulator {
    private long trues;

    @Override
    void add(Column<?> column) {
      BooleanColumn b = (BooleanColumn) column;
      for (int r = 0; r < b.size(); r++) {
        if (b.isMissing(r)) {
          missing++;
        } else {
          count++;
          if (b.get(r)) {
            trues++;
          }
        }
      }
    }

    @Override
    void merge(Accumulator o) {
      BooleanAccumulator other = (BooleanAccumulator) o;
      count += other.count;
      missing += other.missing;
      trues += other.trues;
    }

    @Override
    ColumnProfile profile(String name, ColumnType type) {
      Map<String, Long> freq = new HashMap<>();
      if (trues > 0) {
        freq.put("true", trues);
      }
      if (count - trues > 0) {
        freq.put("false", count - trues);
      }
      return categorical(
          name,
          type,
          count,
          missing,
          freq,
          freq.size(),
          false,
          freq.keySet().stream().min(String::compareTo),
          freq.keySet().stream().max(String::compareTo));
    }
  }

  private static final class StringAccumulator extends Accumulator {
    private final Map<String, Long> freq = new HashMap<>();
    private final DistinctCounter distinct = new DistinctCounter();
    private String min;
    private String max;
    private boolean truncated;

    @Override
    void add(Column<?> column) {
      StringColumn s = (StringColumn) column;
      for (int r = 0; r < s.size(); r++) {
        if (s.isMissing(r)) {
          missing++;
          continue;
        }
        accept(s.get(r), 1);
      }
    }

    private void accept(String v, long times) {
      count += times;
      Long before = freq.get(v);
      if (before != null) {
        freq.put(v, before + times);
      } else {
        distinct.add(hash(v));
        if (freq.size() < STRING_EXACT_LIMIT) {
          freq.put(v, times);
        } else {
          truncated = true;
        }
      }
      if (min == null || v.compareTo(min) < 0) {
        min = v;
      }
      if (max == null || v.compareTo(max) > 0) {
        max = v;
      }
    }

    @Override
    void merge(Accumulator o) {
      StringAccumulator other = (StringAccumulator) o;
      missing += other.missing;
      long untracked = other.count;
      for (Map.Entry<String, Long> e : other.freq.entrySet()) {
        accept(e.getKey(), e.getValue());
        untracked -= e.getValue();
      }
      count += untracked;
      distinct.merge(other.distinct);
      truncated |= other.truncated;
      if (other.min != null && (min == null || other.min.compareTo(min) < 0)) {
        min = other.min;
      }
      if (other.max != null && (max == null || other.max.compareTo(max) > 0)) {
        max = other.max;
      }
    }

    @Override
    ColumnProfile profile(String name, ColumnType type) {
      boolean approximate = truncated || !distinct.exact();
      long d = approximate ? distinct.count() : freq.size();
      return categorical(
          name,
          type,
          count,
          missing,
          freq,
          d,
          approximate,
          Optional.ofNullable(min),
          Optional.ofNullable(max));
    }

    /** A 64-bit hash of a string (FNV-1a over its chars, then mixed). */
    private static long hash(String s) {
      long h = 0xcbf29ce484222325L;
      for (int i = 0; i < s.length(); i++) {
        h ^= s.charAt(i);
        h *= 0x100000001b3L;
      }
      return h;
    }
  }

  private static ColumnProfile categorical(
      String name,
      ColumnType type,
      long count,
      long missing,
      Map<String, Long> freq,
      long distinct,
      boolean approximate,
      Optional<String> min,
      Optional<String> max) {
    List<ValueCount> all =
        freq.entrySet().stream()
            .map(e -> new ValueCount(e.getKey(), e.getValue()))
            .sorted(
                (a, b) ->
                    a.count() != b.count()
                        ? Long.compare(b.count(), a.count())
                        : a.value().compareTo(b.value()))
            .toList();
    List<ValueCount> top = all.subList(0, Math.min(DatasetProfile.TOP_VALUES, all.size()));
    long listed = top.stream().mapToLong(ValueCount::count).sum();
    return new ColumnProfile(
        name,
        type,
        count,
        missing,
        distinct,
        Optional.empty(),
        Optional.empty(),
        top,
        count - listed,
        min,
        max,
        approximate);
  }
}
