package dev.boostline.serving.internal;

import dev.boostline.data.ColumnProfile;
import dev.boostline.data.Histogram;
import dev.boostline.data.Stats;
import dev.boostline.data.ValueCount;
import dev.boostline.model.BundleManifest;
import dev.boostline.model.Scorer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Population Stability Index of recently scored rows against the training profile, per input column
 * and for the score. The window is the last {@code window} rows, kept as ten rotating buckets of
 * counts (so memory is fixed: bins x 10 per column). Recording bins each row and adds to
 * pre-allocated counters; PSI is computed only when read (on scrape). Below {@code minRows} rows
 * the PSI is NaN: no verdict on too little data. Thread-safe.
 */
public final class DriftMonitor {
  private static final int BUCKETS = 10;

  /** One monitored input column. */
  private record Feature(
      String column, Histogram numeric, Map<String, Integer> categories, long[] reference) {
    int bins() {
      return reference.length;
    }

    /** The bin of a value, or -1 for missing (not counted). */
    int bin(Object v) {
      if (v == null) {
        return -1;
      }
      if (numeric != null) {
        if (!(v instanceof Number n) || v instanceof Boolean) {
          return -1;
        }
        double d = n.doubleValue();
        return Double.isNaN(d) ? -1 : numeric.binOf(d);
      }
      Integer k = categories.get(String.valueOf(v));
      return k == null ? categories.size() : k; // last bin: any other category
    }
  }

  private final List<Feature> features = new ArrayList<>();
  private final Histogram scoreReference;
  private final long[] scoreRef;
  private final int bucketRows;
  private final int minRows;
  private final long[][][] counts; // bucket, feature (last = score), bin
  private final long[] bucketFill = new long[BUCKETS];
  private int current;

  public DriftMonitor(BundleManifest m, int window, int minRows) {
    this.minRows = minRows;
    this.bucketRows = Math.max(1, window / BUCKETS);
    for (String column : m.features().requiredColumns()) {
      ColumnProfile p;
      try {
        p = m.trainingProfile().column(column);
      } catch (RuntimeException e) {
        continue;
      }
      if (p.histogram().isPresent() && p.type() != dev.boostline.data.ColumnType.DATETIME) {
        Histogram h = p.histogram().get();
        features.add(
            new Feature(column, h, null, h.counts().stream().mapToLong(Long::longValue).toArray()));
      } else if (!p.topValues().isEmpty()) {
        Map<String, Integer> index = new HashMap<>();
        long[] ref = new long[p.topValues().size() + 1];
        for (ValueCount vc : p.topValues()) {
          ref[index.size()] = vc.count();
          index.put(vc.value(), index.size());
        }
        ref[index.size()] = p.otherCount();
        features.add(new Feature(column, null, index, ref));
      }
    }
    scoreReference = m.scoreHistogram();
    scoreRef = scoreReference.counts().stream().mapToLong(Long::longValue).toArray();
    counts = new long[BUCKETS][features.size() + 1][];
    for (int b = 0; b < BUCKETS; b++) {
      for (int f = 0; f < features.size(); f++) {
        counts[b][f] = new long[features.get(f).bins()];
      }
      counts[b][features.size()] = new long[scoreRef.length];
    }
  }

  /** The monitored columns, in gauge order. */
  public List<String> columns() {
    return features.stream().map(Feature::column).toList();
  }

  /** Records scored records and their outputs. */
  public void record(List<? extends Map<String, ?>> records, float[][] outputs) {
    int n = records.size();
    int nf = features.size();
    int[] bins = new int[n * (nf + 1)];
    for (int i = 0; i < n; i++) {
      Map<String, ?> r = records.get(i);
      for (int f = 0; f < nf; f++) {
        bins[i * (nf + 1) + f] = features.get(f).bin(r.get(features.get(f).column()));
      }
      bins[i * (nf + 1) + nf] = scoreReference.binOf(Scorer.score(outputs[i]));
    }
    synchronized (this) {
      for (int i = 0; i < n; i++) {
        if (bucketFill[current] >= bucketRows) {
          current = (current + 1) % BUCKETS;
          bucketFill[current] = 0;
          for (long[] c : counts[current]) {
            java.util.Arrays.fill(c, 0);
          }
        }
        long[][] bucket = counts[current];
        for (int f = 0; f <= nf; f++) {
          int b = bins[i * (nf + 1) + f];
          if (b >= 0) {
            bucket[f][b]++;
          }
        }
        bucketFill[current]++;
      }
    }
  }

  /** Rows in the window. */
  public synchronized long windowRows() {
    long sum = 0;
    for (long f : bucketFill) {
      sum += f;
    }
    return sum;
  }

  /** PSI of an input column (by {@link #columns()} index) over the window; NaN below minRows. */
  public double psi(int feature) {
    return psiOf(feature, features.get(feature).reference());
  }

  /** PSI of the score over the window; NaN below minRows. */
  public double scorePsi() {
    return psiOf(features.size(), scoreRef);
  }

  private synchronized double psiOf(int index, long[] reference) {
    if (windowRows() < minRows) {
      return Double.NaN;
    }
    long[] actual = new long[reference.length];
    for (int b = 0; b < BUCKETS; b++) {
      long[] c = counts[b][index];
      for (int k = 0; k < actual.length; k++) {
        actual[k] += c[k];
      }
    }
    return Stats.psi(reference, actual);
  }
}
