package dev.boostline.model.internal;

import dev.boostline.data.ColumnProfile;
import dev.boostline.data.ColumnType;
import dev.boostline.data.DatasetProfile;
import dev.boostline.data.Histogram;
import dev.boostline.data.Schema;
import dev.boostline.data.ValueCount;
import dev.boostline.util.internal.SplitMix64;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Random records drawn from a training profile: numbers from the histogram (uniform within a bin,
 * rounded for integers), categories by frequency, with about 5% missing values and 5% categories
 * never seen in training. Used to check a scoring engine against the native one on more than the
 * golden rows. Seeded; not thread-safe.
 */
public final class ProfileSampler {
  private ProfileSampler() {}

  /**
   * {@code n} records of {@code columns}, each column drawn from its profile.
   *
   * @throws dev.boostline.common.NotFoundException when a column is not in the profile
   */
  public static List<Map<String, Object>> sample(
      Schema schema, DatasetProfile profile, List<String> columns, int n, long seed) {
    SplitMix64 rng = new SplitMix64(seed);
    // Resolved once: the lookups and histogram totals cost more than the draws themselves.
    List<Column> cols = new ArrayList<>(columns.size());
    for (String c : columns) {
      cols.add(new Column(c, schema.find(c).orElseThrow().type(), profile.column(c)));
    }
    List<Map<String, Object>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, Object> r = new LinkedHashMap<>();
      for (Column c : cols) {
        r.put(c.name, rng.nextDouble() < 0.05 ? null : c.value(rng));
      }
      out.add(r);
    }
    return out;
  }

  /** One column's type and profile, with the sums its draws need. */
  private static final class Column {
    final String name;
    final ColumnType type;
    final ColumnProfile profile;
    final Histogram histogram; // null without one
    final long histogramTotal;
    final long topTotal;

    Column(String name, ColumnType type, ColumnProfile profile) {
      this.name = name;
      this.type = type;
      this.profile = profile;
      this.histogram = profile.histogram().orElse(null);
      this.histogramTotal =
          histogram == null ? 0 : histogram.counts().stream().mapToLong(Long::longValue).sum();
      this.topTotal = profile.topValues().stream().mapToLong(ValueCount::count).sum();
    }

    Object value(SplitMix64 rng) {
      switch (type) {
        case INTEGER, DOUBLE, DATETIME -> {
          if (histogram == null) {
            return null;
          }
          Histogram h = histogram;
          long pick = (long) (rng.nextDouble() * histogramTotal);
          int bin = 0;
          long acc = 0;
          while (bin < h.bins() - 1 && acc + h.counts().get(bin) <= pick) {
            acc += h.counts().get(bin);
            bin++;
          }
          double lo = h.edges().get(bin);
          double hi = h.edges().get(bin + 1);
          double v = lo + rng.nextDouble() * (hi - lo);
          if (type == ColumnType.INTEGER) {
            return Math.round(v);
          }
          if (type == ColumnType.DATETIME) {
            return LocalDateTime.ofEpochSecond((long) v, 0, ZoneOffset.UTC).toString();
          }
          return v;
        }
        case BOOLEAN -> {
          return rng.nextDouble() < 0.5;
        }
        default -> {
          List<ValueCount> top = profile.topValues();
          if (rng.nextDouble() < 0.05 || top.isEmpty()) {
            return "unseen-" + rng.nextInt(1000);
          }
          long pick = (long) (rng.nextDouble() * topTotal);
          long acc = 0;
          for (ValueCount vc : top) {
            acc += vc.count();
            if (pick < acc) {
              return vc.value();
            }
          }
          return top.get(top.size() - 1).value();
        }
      }
    }
  }
}
