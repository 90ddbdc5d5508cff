package dev.boostline.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class QuantileSketchTest {
  private static final int N = QuantileSketch.LEVEL_CAPACITY;

  @Test
  void radixSortOrdersExactlyAsArraysSortDoes() {
    Random r = new Random(11);
    double[] specials = {
      0.0,
      -0.0,
      1.0,
      -1.0,
      Double.MIN_VALUE,
      -Double.MIN_VALUE,
      Double.MAX_VALUE,
      -Double.MAX_VALUE,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.NaN,
      1e-300,
      -1e300
    };
    DoubleSupplier[] shapes = {
      () -> Math.round(r.nextGaussian() * 1e6) / 1e6, // decimals as a CSV holds them
      () -> r.nextInt(5) - 2, // few distinct values: most passes skipped
      () -> (float) (r.nextDouble() * 100), // float-derived: low mantissa bytes all zero
      () -> Double.longBitsToDouble(r.nextLong()), // any bit pattern, NaNs included
      () -> specials[r.nextInt(specials.length)],
      () -> 42.0, // one value: every pass skipped
    };
    long[] keys = new long[N];
    long[] scratch = new long[N];
    int[] counts = new int[8 << 8];
    for (DoubleSupplier shape : shapes) {
      for (int n : new int[] {0, 1, 2, 3, 17, 255, 256, 1000, N - 1, N}) {
        double[] a = new double[N];
        for (int i = 0; i < n; i++) {
          a[i] = shape.getAsDouble();
        }
        double[] expected = Arrays.copyOf(a, n);
        Arrays.sort(expected);
        QuantileSketch.radixSort(a, n, keys, scratch, counts);
        for (int i = 0; i < n; i++) {
          double got = a[i];
          if (Double.isNaN(expected[i])) {
            assertThat(got).as("item %d of %d", i, n).isNaN();
          } else {
            assertThat(Double.doubleToRawLongBits(got))
                .as("item %d of %d: %s, expected %s", i, n, got, expected[i])
                .isEqualTo(Double.doubleToRawLongBits(expected[i]));
          }
        }
      }
    }
  }

  @Test
  void quantilesOfAMillionValuesAreWithinATenthOfAPercentInRankAndTheCountIsExact() {
    Random r = new Random(3);
    int n = 1_000_000;
    double[] values = new double[n];
    QuantileSketch sketch = new QuantileSketch(7);
    for (int i = 0; i < n; i++) {
      values[i] = Math.round(r.nextGaussian() * 1e4) / 1e4;
      sketch.add(values[i]);
    }
    Arrays.sort(values);
    assertThat(sketch.count()).isEqualTo(n);
    double[] qs = {0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999};
    double[] got = sketch.quantiles(qs);
    for (int i = 0; i < qs.length; i++) {
      int lo = lowerRank(values, got[i]);
      int hi = upperRank(values, got[i]);
      double target = qs[i] * (n - 1);
      double rankError = target < lo ? lo - target : target > hi ? target - hi : 0;
      assertThat(rankError / n).as("rank error at q=%s (value %s)", qs[i], got[i]).isLessThan(1e-3);
    }
  }

  private static int lowerRank(double[] sorted, double v) {
    int i = Arrays.binarySearch(sorted, v);
    while (i > 0 && sorted[i - 1] == v) {
      i--;
    }
    return i;
  }

  private static int upperRank(double[] sorted, double v) {
    int i = Arrays.binarySearch(sorted, v);
    while (i < sorted.length - 1 && sorted[i + 1] == v) {
      i++;
    }
    return i;
  }
}
