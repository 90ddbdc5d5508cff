package dev.boostline.metrics;

/**
 * The standard normal distribution function, by W. J. Cody's rational Chebyshev approximations
 * ("Rational Chebyshev approximations for the error function", Math. Comp. 1969; the ANORM
 * algorithm as used by R's {@code pnorm}), accurate to about 1e-15 relative in both tails. Upper
 * tails are computed directly, not as {@code 1 - cdf}, so small p-values keep their precision.
 * Stateless and thread-safe.
 */
final class Normal {
  private static final double[] A = {
    2.2352520354606839287,
    161.02823106855587881,
    1067.6894854603709582,
    18154.981253343561249,
    0.065682337918207449113
  };
  private static final double[] B = {
    47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956
  };
  private static final double[] C = {
    0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226,
    2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218,
    1.0765576773720192317e-8
  };
  private static final double[] D = {
    22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755,
    18615.571640885098091, 34900.952721145977266, 38912.003286093271411, 19685.429676859990727
  };
  private static final double[] P = {
    0.21589853405795699,
    0.1274011611602473639,
    0.022235277870649807,
    0.001421619193227893466,
    2.9112874951168792e-5,
    0.02307344176494017303
  };
  private static final double[] Q = {
    1.28426009614491121,
    0.468238212480865118,
    0.0659881378689285515,
    0.00378239633202758244,
    7.29751555083966205e-5
  };
  private static final double SQRT_32 = 5.656854249492380195206754896838;
  private static final double ONE_OVER_SQRT_2PI = 0.398942280401432677939946059934;

  private Normal() {}

  /** P(Z <= x) for a standard normal Z; 0 and 1 in the far tails, NaN for NaN. */
  static double cdf(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    return x <= 0 ? upperTail(-x) : 1 - upperTail(x);
  }

  /** Two-sided p-value of a z statistic, {@code P(|Z| >= |z|)}, in [0, 1]; NaN for NaN. */
  static double twoSidedP(double z) {
    if (Double.isNaN(z)) {
      return Double.NaN;
    }
    return Math.min(1, 2 * upperTail(Math.abs(z)));
  }

  /** P(Z > y) for y >= 0. */
  static double upperTail(double y) {
    if (y <= 0.67448975) {
      double xsq = y * y;
      double xnum = A[4] * xsq;
      double xden = xsq;
      for (int i = 0; i < 3; i++) {
        xnum = (xnum + A[i]) * xsq;
        xden = (xden + B[i]) * xsq;
      }
      return 0.5 - y * (xnum + A[3]) / (xden + B[3]);
    }
    double temp;
    if (y <= SQRT_32) {
      double xnum = C[8] * y;
      double xden = y;
      for (int i = 0; i < 7; i++) {
        xnum = (xnum + C[i]) * y;
        xden = (xden + D[i]) * y;
      }
      temp = (xnum + C[7]) / (xden + D[7]);
    } else if (y < 38) {
      double xsq = 1 / (y * y);
      double xnum = P[5] * xsq;
      double xden = xsq;
      for (int i = 0; i < 4; i++) {
        xnum = (xnum + P[i]) * xsq;
        xden = (xden + Q[i]) * xsq;
      }
      temp = xsq * (xnum + P[4]) / (xden + Q[4]);
      temp = (ONE_OVER_SQRT_2PI - temp) / y;
    } else {
      return 0;
    }
    // exp(-y^2/2) split as exp(-s^2/2) * exp(-(y-s)(y+s)/2), with s = y rounded down to 1/16,
    // so that the large exponent is computed exactly.
    double s = Math.floor(y * 16) / 16;
    double del = (y - s) * (y + s);
    return Math.exp(-s * s * 0.5) * Math.exp(-del * 0.5) * temp;
  }
}
