package dev.boostline.data;

import dev.boostline.util.internal.SplitMix64;
import java.util.Arrays;

/**
 * A mergeable quantile sketch in the KLL family: level {@code h} holds items of weight {@code 2^h};
 * a full level is sorted and halved (every other item, from a seeded random offset) into the next.
 * The total weight always equals the number of values added, so counts derived from it add up
 * exactly. With {@value #LEVEL_CAPACITY} items per level the rank error is a few hundredths of a
 * percent of the count at 20M values. Memory: at most {@code LEVEL_CAPACITY} doubles per level,
 * about 30 levels for 2^40 values. Deterministic for a given seed and insertion order. Not
 * thread-safe.
 */
final class QuantileSketch {
  static final int LEVEL_CAPACITY = 2048;

  // The radix sort's work arrays, one set per thread rather than per sketch (a profile holds a
  // sketch per numeric column).
  private static final ThreadLocal<SortScratch> SCRATCH = ThreadLocal.withInitial(SortScratch::new);

  private double[][] levels = new double[1][LEVEL_CAPACITY];
  private int[] sizes = new int[1];
  private long count;
  private final SplitMix64 random;

  QuantileSketch(long seed) {
    this.random = new SplitMix64(seed);
  }

  long count() {
    return count;
  }

  void add(double v) {
    count++;
    put(0, v);
  }

  private void put(int level, double v) {
    if (sizes[level] == LEVEL_CAPACITY) {
      compact(level);
    }
    levels[level][sizes[level]++] = v;
  }

  /** Halves a full level into the next one; an odd item out stays. */
  private void compact(int level) {
    if (level + 1 == levels.length) {
      levels = Arrays.copyOf(levels, level + 2);
      levels[level + 1] = new double[LEVEL_CAPACITY];
      sizes = Arrays.copyOf(sizes, level + 2);
    }
    double[] items = levels[level];
    int n = sizes[level];
    SortScratch w = SCRATCH.get();
    radixSort(items, n, w.keys, w.scratch, w.counts);
    int keepOdd = n % 2; // the largest item stays at this level when n is odd
    int paired = n - keepOdd;
    int offset = (int) (random.nextLong() & 1);
    double last = keepOdd == 1 ? items[n - 1] : 0;
    sizes[level] = 0;
    for (int i = offset; i < paired; i += 2) {
      put(level + 1, items[i]);
    }
    if (keepOdd == 1) {
      items[sizes[level]++] = last;
    }
  }

  private static final class SortScratch {
    final long[] keys = new long[LEVEL_CAPACITY];
    final long[] scratch = new long[LEVEL_CAPACITY];
    final int[] counts = new int[8 << 8];
  }

  /**
   * Sorts {@code a[0..n)} into the order {@link Arrays#sort(double[], int, int)} gives (-0.0 before
   * 0.0, NaN last) by a least-significant-digit radix sort of the IEEE bits, one byte per pass,
   * skipping a pass where every key has the same byte. Every value added passes through a level-0
   * sort, and for a full level of {@value #LEVEL_CAPACITY} items this is several times faster than
   * the comparison sort, which made the sorts most of registration's profiling time.
   *
   * @param keys scratch of at least {@code n}
   * @param scratch scratch of at least {@code n}
   * @param counts scratch of {@code 8 * 256}
   */
  static void radixSort(double[] a, int n, long[] keys, long[] scratch, int[] counts) {
    Arrays.fill(counts, 0);
    for (int i = 0; i < n; i++) {
      long bits = Double.doubleToLongBits(a[i]); // one NaN, ordered last as Arrays.sort does
      // Flip negatives entirely and the sign of the rest: unsigned key order is numeric order.
      long key = bits ^ ((bits >> 63) | Long.MIN_VALUE);
      keys[i] = key;
      for (int d = 0; d < 8; d++) {
        counts[(d << 8) | (int) ((key >>> (d << 3)) & 0xFF)]++;
      }
    }
    long[] src = keys;
    long[] dst = scratch;
    for (int d = 0; d < 8; d++) {
      int base = d << 8;
      int shift = d << 3;
      if (n == 0 || counts[base | (int) ((src[0] >>> shift) & 0xFF)] == n) {
        continue;
      }
      int start = 0;
      for (int j = base; j < base + 256; j++) {
        int c = counts[j];
        counts[j] = start;
        start += c;
      }
      for (int i = 0; i < n; i++) {
        long key = src[i];
        dst[counts[base | (int) ((key >>> shift) & 0xFF)]++] = key;
      }
      long[] t = src;
      src = dst;
      dst = t;
    }
    for (int i = 0; i < n; i++) {
      long key = src[i];
      a[i] = Double.longBitsToDouble(key ^ ((~key >> 63) | Long.MIN_VALUE));
    }
  }

  /** Adds every value of {@code other} (which is not changed). */
  void merge(QuantileSketch other) {
    for (int h = 0; h < other.levels.length; h++) {
      while (levels.length <= h) {
        levels = Arrays.copyOf(levels, levels.length + 1);
        levels[levels.length - 1] = new double[LEVEL_CAPACITY];
        sizes = Arrays.copyOf(sizes, sizes.length + 1);
      }
      for (int i = 0; i < other.sizes[h]; i++) {
        put(h, other.levels[h][i]);
      }
    }
    count += other.count;
  }

  /** Items and weights sorted by value: {@code [values, cumulative weights]}. */
  private Object[] sorted() {
    int total = 0;
    for (int s : sizes) {
      total += s;
    }
    long[] packed = new long[0];
    double[] values = new double[total];
    long[] weights = new long[total];
    Integer[] order = new Integer[total];
    int k = 0;
    for (int h = 0; h < levels.length; h++) {
      for (int i = 0; i < sizes[h]; i++) {
        values[k] = levels[h][i];
        weights[k] = 1L << h;
        order[k] = k;
        k++;
      }
    }
    Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
    double[] v = new double[total];
    long[] cum = new long[total];
    long run = 0;
    for (int i = 0; i < total; i++) {
      v[i] = values[order[i]];
      run += weights[order[i]];
      cum[i] = run;
    }
    return new Object[] {v, cum, packed};
  }

  /** Approximate quantile: the item holding rank {@code q * (count - 1)} (0-based). */
  double quantile(double q) {
    Object[] s = sorted();
    return quantile((double[]) s[0], (long[]) s[1], q);
  }

  private double quantile(double[] v, long[] cum, double q) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double rank = q * (count - 1);
    for (int i = 0; i < v.length; i++) {
      if (cum[i] > rank) {
        return v[i];
      }
    }
    return v[v.length - 1];
  }

  /** Quantiles at the given probabilities, sorting once. */
  double[] quantiles(double[] qs) {
    Object[] s = sorted();
    double[] out = new double[qs.length];
    for (int i = 0; i < qs.length; i++) {
      out[i] = quantile((double[]) s[0], (long[]) s[1], qs[i]);
    }
    return out;
  }

  /**
   * The quantile histogram (see {@link Histogram}) estimated from the sketch: edges at the 0, 1/n,
   * ..., 1 quantiles with repeats removed, the true minimum and maximum as outer edges, counts the
   * weights of the items in each bin (they add up to the exact count).
   */
  Histogram histogram(int maxBins, double min, double max) {
    Object[] s = sorted();
    double[] v = (double[]) s[0];
    long[] cum = (long[]) s[1];
    double[] edges = new double[maxBins + 1];
    int m = 0;
    for (int k = 0; k <= maxBins; k++) {
      double q = k == 0 ? min : k == maxBins ? max : quantile(v, cum, (double) k / maxBins);
      if (m == 0 || q > edges[m - 1]) {
        edges[m++] = q;
      }
    }
    if (m == 1) {
      edges[m++] = edges[0];
    }
    double[] e = Arrays.copyOf(edges, m);
    long[] counts = new long[m - 1];
    int last = m - 2;
    long prev = 0;
    for (int i = 0; i < v.length; i++) {
      long w = cum[i] - prev;
      prev = cum[i];
      int pos = Arrays.binarySearch(e, 1, last + 1, v[i]);
      int bin = pos >= 0 ? pos : -pos - 2;
      counts[Math.max(0, Math.min(last, bin))] += w;
    }
    return new Histogram(Arrays.stream(e).boxed().toList(), Arrays.stream(counts).boxed().toList());
  }
}
