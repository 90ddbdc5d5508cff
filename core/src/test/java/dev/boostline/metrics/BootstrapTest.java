package dev.boostline.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.boostline.task.Task;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootstrapTest {
  private static final double[] Y = EvalData.binaryLabels(3000, 0.35, 1);
  private static final Scored GOOD = EvalData.binary(Y, EvalData.probabilities(Y, 1.5, 3, 2), null);
  private static final Scored WEAK = EvalData.binary(Y, EvalData.probabilities(Y, 0.6, 3, 3), null);

  @Test
  void the_same_seed_gives_the_same_intervals_and_another_seed_different_ones() {
    Map<String, Interval> a = Bootstrap.intervals(GOOD, 0.5, 300, 42, 0.95);
    Map<String, Interval> b = Bootstrap.intervals(GOOD, 0.5, 300, 42, 0.95);
    Map<String, Interval> c = Bootstrap.intervals(GOOD, 0.5, 300, 43, 0.95);
    assertThat(a).isEqualTo(b);
    assertThat(a.get("auc")).isNotEqualTo(c.get("auc"));
    assertThat(Bootstrap.difference(GOOD, WEAK, 0.5, 300, 7, 0.9))
        .isEqualTo(Bootstrap.difference(GOOD, WEAK, 0.5, 300, 7, 0.9));
  }

  @Test
  void estimates_are_the_full_data_metrics_and_every_interval_contains_its_estimate() {
    List<Scored> cases =
        List.of(
            GOOD,
            EvalData.binary(Y, EvalData.probabilities(Y, 1.0, 2, 4), EvalData.weights(3000, 5)),
            EvalData.multiclass(3000, 4, 1.0, 6, true),
            EvalData.regression(3000, 3.0, 7, false));
    for (Scored s : cases) {
      Map<String, Double> full = TaskMetricSet.compute(s, 0.5);
      Map<String, Interval> intervals = Bootstrap.intervals(s, 0.5, 500, 11, 0.95);
      assertThat(intervals.keySet()).containsExactlyElementsOf(full.keySet());
      intervals.forEach(
          (name, interval) -> {
            assertThat(interval.estimate()).as(name).isEqualTo(full.get(name));
            assertThat(interval.contains(interval.estimate()))
                .as("%s %s contains its estimate: %s", s.task(), name, interval)
                .isTrue();
            assertThat(interval.upper()).as(name).isGreaterThan(interval.lower());
          });
    }
  }

  @Test
  void interval_width_matches_normal_theory_for_a_mean_metric() {
    // The Brier score is a mean of per-row terms, so its 95% interval should be close to
    // +- 1.96 standard errors of that mean.
    double[] p = EvalData.first(GOOD.outputs());
    int n = p.length;
    double mean = 0;
    double[] terms = new double[n];
    for (int i = 0; i < n; i++) {
      terms[i] = (p[i] - Y[i]) * (p[i] - Y[i]);
      mean += terms[i] / n;
    }
    double var = 0;
    for (double t : terms) {
      var += (t - mean) * (t - mean) / (n - 1);
    }
    double expectedWidth = 2 * 1.959964 * Math.sqrt(var / n);
    Interval brier = Bootstrap.intervals(GOOD, 0.5, 2000, 12, 0.95).get("brier");
    assertThat((brier.upper() - brier.lower()) / expectedWidth).isCloseTo(1, within(0.1));
  }

  @Test
  void a_model_compared_with_itself_differs_by_exactly_zero() {
    Scored copy = EvalData.binary(Y, EvalData.first(GOOD.outputs()), null);
    Bootstrap.Comparison c = Bootstrap.compare(GOOD, copy, 0.5, 200, 13, 0.95);
    assertThat(c.difference()).hasSize(9);
    c.difference().forEach((name, d) -> assertThat(d).as(name).isEqualTo(new Interval(0, 0, 0)));
    c.probabilityBetter().forEach((name, p) -> assertThat(p).as(name).isEqualTo(0.5));
  }

  @Test
  void a_clearly_better_model_has_a_difference_interval_on_the_better_side_of_zero() {
    Bootstrap.Comparison c = Bootstrap.compare(GOOD, WEAK, 0.5, 500, 14, 0.95);
    for (String name : List.of("auc", "pr_auc", "accuracy")) {
      assertThat(c.difference().get(name).lower()).as(name).isPositive();
      assertThat(c.probabilityBetter().get(name)).as(name).isGreaterThan(0.99);
    }
    for (String name : List.of("logloss", "brier")) {
      assertThat(c.difference().get(name).upper()).as(name).isNegative();
      assertThat(c.probabilityBetter().get(name)).as(name).isGreaterThan(0.99);
    }
    // The other way round, the baseline is better with the same certainty.
    Bootstrap.Comparison reversed = Bootstrap.compare(WEAK, GOOD, 0.5, 500, 14, 0.95);
    assertThat(reversed.difference().get("auc").upper()).isNegative();
    assertThat(reversed.probabilityBetter().get("auc"))
        .isCloseTo(1 - c.probabilityBetter().get("auc"), within(1e-12));
  }

  @Test
  void paired_auc_difference_agrees_with_delong() {
    // Two methods for the same quantity: the bootstrap interval of the AUC difference should be
    // about +- 1.96 DeLong standard errors wide.
    DeLong.Result d =
        DeLong.test(EvalData.first(GOOD.outputs()), EvalData.first(WEAK.outputs()), Y);
    Interval auc = Bootstrap.difference(GOOD, WEAK, 0.5, 2000, 15, 0.95).get("auc");
    assertThat(auc.estimate()).isCloseTo(d.difference(), within(1e-12));
    assertThat((auc.upper() - auc.lower()) / (2 * 1.959964 * d.standardError()))
        .isCloseTo(1, within(0.12));
  }

  @Test
  void resamples_where_a_metric_is_undefined_are_skipped_for_that_metric() {
    // One positive in eight rows: about a third of resamples draw no positive, so AUC is NaN
    // there, but the remaining resamples still give an interval.
    double[] y = {0, 0, 0, 0, 0, 0, 0, 1};
    double[] p = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8};
    Map<String, Interval> m = Bootstrap.intervals(EvalData.binary(y, p, null), 0.5, 400, 16, 0.9);
    assertThat(m.get("auc").lower()).isEqualTo(1.0);
    assertThat(m.get("auc").upper()).isEqualTo(1.0);
    assertThat(m.get("brier").lower()).isLessThan(m.get("brier").upper());
    // With no positive at all, AUC is undefined on the data and in every resample.
    Map<String, Interval> none =
        Bootstrap.intervals(EvalData.binary(new double[8], p, null), 0.5, 50, 16, 0.9);
    assertThat(none.get("auc").estimate()).isNaN();
    assertThat(none.get("auc").lower()).isNaN();
    assertThat(none.get("auc").upper()).isNaN();
  }

  @Test
  void rejects_a_comparison_of_different_rows() {
    double[] otherLabels = Y.clone();
    otherLabels[17] = 1 - otherLabels[17];
    Scored other = EvalData.binary(otherLabels, EvalData.first(WEAK.outputs()), null);
    assertThatThrownBy(() -> Bootstrap.difference(GOOD, other, 0.5, 10, 1, 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("row 17: candidate label");
    Scored shorter = GOOD.subset(new int[] {0, 1, 2});
    assertThatThrownBy(() -> Bootstrap.difference(GOOD, shorter, 0.5, 10, 1, 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("candidate has 3000 rows but baseline has 3");
    Scored regression = EvalData.regression(3000, 1.0, 1, false);
    assertThatThrownBy(() -> Bootstrap.difference(GOOD, regression, 0.5, 10, 1, 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("candidate is a BINARY model but baseline is a REGRESSION model");
  }

  @Test
  void rejects_out_of_range_arguments() {
    assertThatThrownBy(() -> Bootstrap.intervals(GOOD, 0.5, 100, 1, 95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("confidence must be in (0, 1), e.g. 0.95 for a 95% interval, got 95.0");
    assertThatThrownBy(() -> Bootstrap.intervals(GOOD, 0.5, 0, 1, 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resamples must be >= 1, got 0");
  }

  @Test
  void quantiles_interpolate_between_order_statistics() {
    double[] sorted = {1, 2, 3, 4};
    assertThat(Bootstrap.quantile(sorted, 0)).isEqualTo(1.0);
    assertThat(Bootstrap.quantile(sorted, 0.25)).isEqualTo(1.75);
    assertThat(Bootstrap.quantile(sorted, 0.5)).isEqualTo(2.5);
    assertThat(Bootstrap.quantile(sorted, 1)).isEqualTo(4.0);
  }

  @Test
  void an_empty_set_gives_nan_intervals() {
    Scored empty = new Scored(Task.REGRESSION, List.of(), new double[0], new double[0][], null);
    Map<String, Interval> m = Bootstrap.intervals(empty, 0.5, 10, 1, 0.95);
    assertThat(m.keySet()).containsExactly("rmse", "mae", "r2");
    m.values().forEach(i -> assertThat(i.lower()).isNaN());
  }

  @Test
  void a_thousand_resamples_of_sixteen_thousand_binary_rows_give_every_metric() {
    int n = 16_384;
    double[] y = EvalData.binaryLabels(n, 0.3, 20);
    Scored a = EvalData.binary(y, EvalData.probabilities(y, 1.0, 4, 21), null);
    Scored b = EvalData.binary(y, EvalData.probabilities(y, 0.9, 4, 22), null);
    Map<String, Interval> m = Bootstrap.intervals(a, 0.5, 1000, 23, 0.95);
    Bootstrap.Comparison c = Bootstrap.compare(a, b, 0.5, 1000, 23, 0.95);
    assertThat(m.keySet())
        .containsExactly(
            "auc", "pr_auc", "logloss", "brier", "accuracy", "precision", "recall", "f1", "ece");
    assertThat(c.difference().keySet()).isEqualTo(m.keySet());
    m.forEach(
        (k, i) ->
            assertThat(i.lower()).as(k).isLessThanOrEqualTo(i.estimate()).isLessThan(i.upper()));
    // The bootstrap interval of the AUC matches DeLong's normal approximation: half-width
    // 1.96 standard errors, to within a fifth.
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      scores[i] = a.outputs()[i][0];
    }
    // Against a constant scorer (AUC 0.5, no variance), DeLong's z is (AUC - 0.5) / SE(AUC).
    double[] constant = new double[n];
    java.util.Arrays.fill(constant, 0.5);
    DeLong.Result d = DeLong.test(scores, constant, y);
    double se = (d.aucA() - 0.5) / d.z();
    Interval auc = m.get("auc");
    assertThat((auc.upper() - auc.lower()) / 2).isCloseTo(1.96 * se, within(0.2 * 1.96 * se));
    // a is the stronger scorer: its AUC is better in (nearly) every paired resample.
    assertThat(c.difference().get("auc").lower()).isPositive();
    assertThat(c.probabilityBetter().get("auc")).isGreaterThan(0.99);
  }
}
