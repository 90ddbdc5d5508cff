package dev.boostline.data;

import java.util.Arrays;
import java.util.List;

/**
 * Bins of a numeric column (for a DATETIME column, of its epoch seconds). Immutable. {@code edges}
 * has one more entry than {@code counts}; bin {@code i} holds values in {@code [edges[i],
 * edges[i+1])}, the last bin also its upper edge. Values below the first edge count in the first
 * bin and values above the last edge in the last bin, so new data can always be binned against a
 * reference histogram (this is how drift is measured).
 *
 * <p>Edges are the 0, 1/20, ..., 1 quantiles of the reference data with repeats removed, so every
 * bin holds reference mass and a column with few distinct values gets one bin per value range.
 *
 * @param edges bin edges, non-decreasing (copied)
 * @param counts values per bin, one fewer than {@code edges}, at least one bin (copied)
 */
public record Histogram(List<Double> edges, List<Long> counts) {
  public Histogram {
    edges = List.copyOf(edges);
    counts = List.copyOf(counts);
    if (edges.size() != counts.size() + 1 || counts.isEmpty()) {
      throw new IllegalArgumentException(
          "a histogram needs n >= 1 counts and n + 1 edges, got "
              + counts.size()
              + " counts and "
              + edges.size()
              + " edges");
    }
  }

  /** Number of bins. */
  public int bins() {
    return counts.size();
  }

  /** The bin a value falls in (see class doc for values outside the edges). NaN is not binned. */
  public int binOf(double value) {
    int n = counts.size();
    for (int i = 1; i < n; i++) {
      if (value < edges.get(i)) {
        return i - 1;
      }
    }
    return n - 1;
  }

  /** Counts of {@code values} in these bins, NaN skipped. */
  public long[] countsOf(double[] values) {
    double[] e = edges.stream().mapToDouble(Double::doubleValue).toArray();
    long[] out = new long[counts.size()];
    int last = counts.size() - 1;
    for (double v : values) {
      if (Double.isNaN(v)) {
        continue;
      }
      // Bins are [e[i], e[i+1]); upper edges of bins 0..last-1 are e[1..last].
      int pos = Arrays.binarySearch(e, 1, last + 1, v);
      int bin = pos >= 0 ? pos : -pos - 2;
      out[Math.max(0, Math.min(last, bin))]++;
    }
    return out;
  }

  /**
   * Builds the quantile histogram of sorted, NaN-free values (see class doc).
   *
   * @param sorted ascending, at least one value (not changed)
   * @param maxBins the most bins, at least 1; fewer when quantiles repeat
   */
  public static Histogram ofSorted(double[] sorted, int maxBins) {
    double[] edges = new double[maxBins + 1];
    int m = 0;
    for (int k = 0; k <= maxBins; k++) {
      double q = Stats.quantileSorted(sorted, (double) k / maxBins);
      if (m == 0 || q > edges[m - 1]) {
        edges[m++] = q;
      }
    }
    if (m == 1) {
      // One distinct value: a single bin [v, v].
      edges[m++] = edges[0];
    }
    double[] e = Arrays.copyOf(edges, m);
    Histogram shape =
        new Histogram(Arrays.stream(e).boxed().toList(), java.util.Collections.nCopies(m - 1, 0L));
    long[] c = shape.countsOf(sorted);
    return new Histogram(shape.edges(), Arrays.stream(c).boxed().toList());
  }
}
