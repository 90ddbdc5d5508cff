package dev.boostline.model.internal;

import dev.boostline.data.ColumnProfile;
import dev.boostline.data.ColumnSchema;
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

  public static List<Map<String, Object>> sample(
      Schema schema, DatasetProfile profile, List<String> columns, int n, long seed) {
    SplitMix64 rng = new SplitMix64(seed);
    List<Map<String, Object>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, Object> r = new LinkedHashMap<>();
      for (String c : columns) {
        ColumnSchema cs = schema.find(c).orElseThrow();
        ColumnProfile p = profile.column(c);
        r.put(c, rng.nextDouble() < 0.05 ? null : value(cs.type(), p, rng));
      }
      out.add(r);
    }
    return out;
  }

  private static Object value(ColumnType type, ColumnProfile p, SplitMix64 rng) {
    switch (type) {
      case INTEGER, DOUBLE, DATETIME -> {
        if (p.histogram().isEmpty()) {
          return null;
        }
        Histogram h = p.histogram().get();
        long total = h.counts().stream().mapToLong(Long::longValue).sum();
        long pick = (long) (rng.nextDouble() * total);
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
        if (rng.nextDouble() < 0.05 || p.topValues().isEmpty()) {
          return "unseen-" + rng.nextInt(1000);
        }
        List<ValueCount> top = p.topValues();
        long total = top.stream().mapToLong(ValueCount::count).sum();
        long pick = (long) (rng.nextDouble() * total);
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
