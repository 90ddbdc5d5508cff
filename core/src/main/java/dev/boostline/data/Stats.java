package dev.boostline.data;

/** Small numeric helpers shared by profiles, splits and drift. */
public final class Stats {
  /** Proportion floor used by {@link #psi} so empty bins do not make it infinite. */
  public static final double PSI_EPSILON = 1e-4;

  private Stats() {}

  /**
   * Linear-interpolation quantile (Hyndman-Fan type 7, numpy's default) of sorted values.
   *
   * @param sorted ascending, NaN-free (not changed)
   * @param q in [0, 1]
   * @return NaN when {@code sorted} is empty
   */
  public static double quantileSorted(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  /**
   * Population Stability Index between a reference distribution and an actual one over the same
   * bins: {@code sum((a - e) * ln(a / e))} over bin proportions, each floored at {@link
   * #PSI_EPSILON}. Usual reading: below 0.1 stable, 0.1 to 0.25 moderate shift, above 0.25 major
   * shift. Returns NaN when either side has no observation.
   *
   * @throws IllegalArgumentException when the two arrays have different lengths
   */
  public static double psi(long[] expected, long[] actual) {
    if (expected.length != actual.length) {
      throw new IllegalArgumentException(
          "bins differ: " + expected.length + " expected vs " + actual.length + " actual");
    }
    double te = 0;
    double ta = 0;
    for (int i = 0; i < expected.length; i++) {
      te += expected[i];
      ta += actual[i];
    }
    if (te == 0 || ta == 0) {
      return Double.NaN;
    }
    double psi = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = Math.max(expected[i] / te, PSI_EPSILON);
      double a = Math.max(actual[i] / ta, PSI_EPSILON);
      psi += (a - e) * Math.log(a / e);
    }
    return psi;
  }
}
