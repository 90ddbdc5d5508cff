package dev.boostline.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.boostline.util.internal.SplitMix64;
import org.junit.jupiter.api.Test;
import smile.math.special.Erf;
import smile.stat.distribution.GaussianDistribution;
import smile.validation.metric.AUC;

class DeLongTest {
  private static final double TOL = 1e-12;

  @Test
  void hand_computed_five_row_example() {
    // Positives score A {0.6, 0.7, 0.8}, B {0.2, 0.7, 0.9}; negatives A {0.1, 0.2}, B {0.3, 0.6}.
    // A separates perfectly (AUC 1, all components 1). B: V10 = {0, 1, 1}, V01 = {2/3, 2/3},
    // AUC 2/3. Var(diff) = var(V10_B) / 3 = (1/3) / 3 = 1/9, so SE = 1/3 and z = (1/3)/(1/3) = 1.
    double[] labels = {0, 0, 1, 1, 1};
    DeLong.Result r =
        DeLong.test(
            new double[] {0.1, 0.2, 0.6, 0.7, 0.8}, new double[] {0.3, 0.6, 0.2, 0.7, 0.9}, labels);
    assertThat(r.aucA()).isCloseTo(1.0, within(TOL));
    assertThat(r.aucB()).isCloseTo(2.0 / 3, within(TOL));
    assertThat(r.difference()).isCloseTo(1.0 / 3, within(TOL));
    assertThat(r.standardError()).isCloseTo(1.0 / 3, within(TOL));
    assertThat(r.z()).isCloseTo(1.0, within(TOL));
    // P(|Z| >= 1) = erfc(1 / sqrt 2).
    assertThat(r.pValue()).isCloseTo(0.31731050786291415, within(1e-14));
  }

  @Test
  void matches_a_brute_force_pairwise_implementation_on_random_scores_with_ties() {
    SplitMix64 random = new SplitMix64(3);
    for (int trial = 0; trial < 10; trial++) {
      int n = 50 + random.nextInt(400);
      double[] y = EvalData.binaryLabels(n, 0.2 + 0.6 * random.nextDouble(), 100 + trial);
      double[] a = EvalData.probabilities(y, 1.5 * random.nextDouble(), 2, 200 + trial);
      double[] b = EvalData.probabilities(y, 1.5 * random.nextDouble(), 1, 300 + trial);
      DeLong.Result fast = DeLong.test(a, b, y);
      double[] slow = bruteForce(a, b, y);
      assertThat(fast.aucA()).isCloseTo(slow[0], within(TOL));
      assertThat(fast.aucB()).isCloseTo(slow[1], within(TOL));
      assertThat(fast.standardError()).isCloseTo(slow[2], within(TOL));
      assertThat(fast.aucA()).isCloseTo(AUC.of(EvalData.toInts(y), a), within(TOL));
      assertThat(fast.aucB()).isCloseTo(Metrics.rocAuc(b, y, null), within(TOL));
      assertThat(fast.z()).isCloseTo(fast.difference() / slow[2], within(1e-9));
      assertThat(fast.pValue())
          .isCloseTo(Erf.erfc(Math.abs(fast.z()) / Math.sqrt(2)), within(1e-13));
    }
  }

  @Test
  void identical_scores_give_no_difference_and_p_value_one() {
    double[] y = EvalData.binaryLabels(500, 0.3, 4);
    double[] a = EvalData.probabilities(y, 1.0, 3, 5);
    DeLong.Result r = DeLong.test(a, a.clone(), y);
    assertThat(r.difference()).isZero();
    assertThat(r.standardError()).isZero();
    assertThat(r.z()).isZero();
    assertThat(r.pValue()).isEqualTo(1.0);
  }

  @Test
  void depends_only_on_the_order_of_scores_and_is_symmetric_in_the_models() {
    double[] y = EvalData.binaryLabels(600, 0.5, 6);
    double[] a = EvalData.probabilities(y, 1.2, 3, 7);
    double[] b = EvalData.probabilities(y, 0.6, 3, 8);
    double[] logitA = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      logitA[i] = Math.log(a[i] / (1 - a[i]));
    }
    DeLong.Result r = DeLong.test(a, b, y);
    DeLong.Result monotone = DeLong.test(logitA, b, y);
    DeLong.Result swapped = DeLong.test(b, a, y);
    assertThat(monotone.z()).isCloseTo(r.z(), within(1e-9));
    assertThat(swapped.z()).isCloseTo(-r.z(), within(1e-9));
    assertThat(swapped.pValue()).isCloseTo(r.pValue(), within(1e-12));
    // The stronger model wins clearly on 600 rows.
    assertThat(r.difference()).isPositive();
    assertThat(r.pValue()).isLessThan(1e-3);
  }

  @Test
  void rejects_too_few_positives_and_mismatched_lengths() {
    assertThatThrownBy(
            () ->
                DeLong.test(
                    new double[] {0.1, 0.2, 0.3},
                    new double[] {0.1, 0.2, 0.3},
                    new double[] {0, 0, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "DeLong's test needs at least 2 positive and 2 negative rows, got 1 positive and 2"
                + " negative");
    assertThatThrownBy(() -> DeLong.test(new double[2], new double[3], new double[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 2, 3 and 2");
    assertThatThrownBy(
            () ->
                DeLong.test(
                    new double[] {0, Double.NaN, 0, 1}, new double[4], new double[] {0, 0, 1, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("scoresA[1] is NaN");
  }

  @Test
  void normal_tail_matches_smile_to_near_machine_precision() {
    GaussianDistribution g = GaussianDistribution.getInstance();
    for (double x = -8; x <= 8; x += 0.0625) {
      assertThat(Normal.cdf(x)).as("cdf(%s)", x).isCloseTo(g.cdf(x), within(1e-15));
    }
    // Upper tails far out, compared relatively: the p-values of large z stay accurate. (Beyond
    // y = 20 smile's exp(-(y/sqrt 2)^2) loses about 1e-13 to rounding of the large exponent.)
    for (double y = 0; y <= 37; y += 0.25) {
      double expected = 0.5 * Erf.erfc(y / Math.sqrt(2));
      assertThat(Normal.upperTail(y) / expected)
          .as("tail(%s)", y)
          .isCloseTo(1, within(y <= 20 ? 1e-13 : 1e-12));
    }
    assertThat(Normal.cdf(1.959963984540054)).isCloseTo(0.975, within(1e-15));
    assertThat(Normal.twoSidedP(0)).isEqualTo(1.0);
    assertThat(Normal.twoSidedP(Double.NEGATIVE_INFINITY)).isZero();
  }

  @Test
  void sixteen_thousand_rows_agree_with_the_pairwise_definition() {
    int n = 16_384;
    double[] y = EvalData.binaryLabels(n, 0.3, 9);
    double[] a = EvalData.probabilities(y, 1.0, 4, 10);
    double[] b = EvalData.probabilities(y, 0.9, 4, 11);
    DeLong.Result r = DeLong.test(a, b, y);
    double[] expected = bruteForce(a, b, y);
    assertThat(r.aucA()).isCloseTo(expected[0], within(1e-12));
    assertThat(r.aucB()).isCloseTo(expected[1], within(1e-12));
    double z = (expected[0] - expected[1]) / expected[2];
    assertThat(r.z()).isCloseTo(z, within(1e-9));
    assertThat(r.pValue()).isCloseTo(Normal.twoSidedP(z), within(1e-12));
    // The stronger scores win clearly on this many rows.
    assertThat(r.difference()).isPositive();
    assertThat(r.pValue()).isLessThan(0.05);
  }

  /** {aucA, aucB, standard error} from pairwise comparisons and the 2x2 covariance matrices. */
  private static double[] bruteForce(double[] a, double[] b, double[] y) {
    int m = 0;
    for (double v : y) {
      m += v > 0.5 ? 1 : 0;
    }
    int n = y.length - m;
    double[][] v10 = new double[2][m];
    double[][] v01 = new double[2][n];
    double[][] scores = {a, b};
    for (int r = 0; r < 2; r++) {
      int i = 0;
      for (int p = 0; p < y.length; p++) {
        if (y[p] <= 0.5) {
          continue;
        }
        int j = 0;
        for (int q = 0; q < y.length; q++) {
          if (y[q] > 0.5) {
            continue;
          }
          double psi = scores[r][p] > scores[r][q] ? 1 : scores[r][p] == scores[r][q] ? 0.5 : 0;
          v10[r][i] += psi / n;
          v01[r][j] += psi / m;
          j++;
        }
        i++;
      }
    }
    double aucA = mean(v10[0]);
    double aucB = mean(v10[1]);
    double[][] s10 = covariance(v10);
    double[][] s01 = covariance(v01);
    double variance =
        (s10[0][0] + s10[1][1] - 2 * s10[0][1]) / m + (s01[0][0] + s01[1][1] - 2 * s01[0][1]) / n;
    return new double[] {aucA, aucB, Math.sqrt(variance)};
  }

  private static double[][] covariance(double[][] v) {
    double[][] s = new double[2][2];
    double[] mean = {mean(v[0]), mean(v[1])};
    int len = v[0].length;
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 2; c++) {
        double sum = 0;
        for (int i = 0; i < len; i++) {
          sum += (v[r][i] - mean[r]) * (v[c][i] - mean[c]);
        }
        s[r][c] = sum / (len - 1);
      }
    }
    return s;
  }

  private static double mean(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    return sum / v.length;
  }
}
