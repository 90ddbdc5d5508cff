package dev.boostline.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.boostline.util.internal.SplitMix64;
import org.junit.jupiter.api.Test;
import smile.validation.metric.AUC;
import smile.validation.metric.Accuracy;
import smile.validation.metric.CrossEntropy;
import smile.validation.metric.FScore;
import smile.validation.metric.LogLoss;
import smile.validation.metric.MAD;
import smile.validation.metric.MSE;
import smile.validation.metric.Precision;
import smile.validation.metric.R2;
import smile.validation.metric.RMSE;
import smile.validation.metric.Recall;

/**
 * Each metric against smile-core (an independent implementation, test scope only) where smile has
 * it, and against hand-computed values and defining properties where it does not.
 */
class MetricsTest {
  private static final double TOL = 1e-12;

  private static final double[] Y = EvalData.binaryLabels(3000, 0.3, 11);
  private static final double[] P = EvalData.probabilities(Y, 1.2, 2, 12);

  // ---- Binary, against smile ----

  @Test
  void roc_auc_matches_smile_on_random_scores_with_ties() {
    assertThat(Metrics.rocAuc(P, Y, null)).isCloseTo(AUC.of(EvalData.toInts(Y), P), within(TOL));
  }

  @Test
  void roc_auc_matches_smile_for_a_weak_and_a_reversed_model() {
    double[] weak = EvalData.probabilities(Y, 0.1, 3, 13);
    double[] reversed = new double[P.length];
    for (int i = 0; i < P.length; i++) {
      reversed[i] = 1 - P[i];
    }
    assertThat(Metrics.rocAuc(weak, Y, null))
        .isCloseTo(AUC.of(EvalData.toInts(Y), weak), within(TOL));
    assertThat(Metrics.rocAuc(reversed, Y, null))
        .isCloseTo(AUC.of(EvalData.toInts(Y), reversed), within(TOL))
        .isLessThan(0.5);
  }

  @Test
  void log_loss_matches_smile() {
    assertThat(Metrics.logLoss(P, Y, null))
        .isCloseTo(LogLoss.of(EvalData.toInts(Y), P), within(TOL));
  }

  @Test
  void threshold_metrics_match_smile_at_several_thresholds() {
    int[] truth = EvalData.toInts(Y);
    for (double t : new double[] {0.2, 0.5, 0.73}) {
      int[] predicted = new int[P.length];
      double[] predictedD = new double[P.length];
      for (int i = 0; i < P.length; i++) {
        predicted[i] = P[i] >= t ? 1 : 0;
        predictedD[i] = predicted[i];
      }
      assertThat(Metrics.precision(P, Y, t, null))
          .as("precision at %s", t)
          .isCloseTo(Precision.of(truth, predicted), within(TOL));
      assertThat(Metrics.recall(P, Y, t, null))
          .as("recall at %s", t)
          .isCloseTo(Recall.of(truth, predicted), within(TOL));
      assertThat(Metrics.f1(P, Y, t, null))
          .as("f1 at %s", t)
          .isCloseTo(FScore.F1.score(truth, predicted), within(TOL));
      assertThat(Metrics.accuracy(predictedD, Y, null))
          .as("accuracy at %s", t)
          .isCloseTo(Accuracy.of(truth, predicted), within(TOL));
    }
  }

  @Test
  void integer_weights_equal_repeated_rows_as_smile_sees_them() {
    int n = 500;
    double[] y = java.util.Arrays.copyOf(Y, n);
    double[] p = java.util.Arrays.copyOf(P, n);
    SplitMix64 random = new SplitMix64(5);
    double[] w = new double[n];
    int total = 0;
    for (int i = 0; i < n; i++) {
      w[i] = random.nextInt(4); // 0..3, so some rows are absent
      total += (int) w[i];
    }
    int[] truth = new int[total];
    double[] pr = new double[total];
    double[] yr = new double[total];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < (int) w[i]; c++) {
        truth[k] = (int) y[i];
        yr[k] = y[i];
        pr[k++] = p[i];
      }
    }
    int[] predicted = new int[total];
    for (int i = 0; i < total; i++) {
      predicted[i] = pr[i] >= 0.5 ? 1 : 0;
    }
    assertThat(Metrics.rocAuc(p, y, w)).isCloseTo(AUC.of(truth, pr), within(TOL));
    assertThat(Metrics.logLoss(p, y, w)).isCloseTo(LogLoss.of(truth, pr), within(TOL));
    assertThat(Metrics.precision(p, y, 0.5, w))
        .isCloseTo(Precision.of(truth, predicted), within(TOL));
    assertThat(Metrics.recall(p, y, 0.5, w)).isCloseTo(Recall.of(truth, predicted), within(TOL));
    assertThat(Metrics.f1(p, y, 0.5, w)).isCloseTo(FScore.F1.score(truth, predicted), within(TOL));
    // Metrics without a smile counterpart obey the same rule.
    assertThat(Metrics.prAuc(p, y, w)).isCloseTo(Metrics.prAuc(pr, yr, null), within(TOL));
    assertThat(Metrics.brier(p, y, w)).isCloseTo(Metrics.brier(pr, yr, null), within(TOL));
    assertThat(Metrics.expectedCalibrationError(p, y, w))
        .isCloseTo(Metrics.expectedCalibrationError(pr, yr, null), within(TOL));
  }

  // ---- Binary, hand-computed and properties ----

  @Test
  void roc_auc_counts_tied_pairs_half() {
    // Pairs (pos, neg): (0.8, 0.1) win, (0.8, 0.5) win, (0.5, 0.1) win, (0.5, 0.5) tie -> 3.5 / 4.
    double[] s = {0.1, 0.5, 0.5, 0.8};
    double[] y = {0, 0, 1, 1};
    assertThat(Metrics.rocAuc(s, y, null)).isEqualTo(0.875);
  }

  @Test
  void roc_auc_is_nan_with_one_class_or_a_nan_score() {
    assertThat(Metrics.rocAuc(new double[] {0.2, 0.7}, new double[] {1, 1}, null)).isNaN();
    assertThat(Metrics.rocAuc(new double[] {0.2, Double.NaN}, new double[] {0, 1}, null)).isNaN();
  }

  @Test
  void pr_auc_matches_the_scikit_learn_documentation_example() {
    // sklearn.metrics.average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.8333...
    double[] y = {0, 0, 1, 1};
    double[] s = {0.1, 0.4, 0.35, 0.8};
    assertThat(Metrics.prAuc(s, y, null)).isCloseTo(5.0 / 6, within(TOL));
  }

  @Test
  void pr_auc_takes_tied_scores_as_one_threshold() {
    // At 0.6: 1 positive of 3 rows -> precision 1/3, recall 1/2; at 0.2: precision 2/4, recall 1.
    double[] y = {1, 0, 0, 1, 0};
    double[] s = {0.2, 0.6, 0.6, 0.6, 0.1};
    assertThat(Metrics.prAuc(s, y, null)).isCloseTo(0.5 * (1.0 / 3) + 0.5 * 0.5, within(TOL));
  }

  @Test
  void pr_auc_equals_mean_precision_at_each_positive_when_scores_are_distinct() {
    SplitMix64 random = new SplitMix64(21);
    for (int trial = 0; trial < 20; trial++) {
      int n = 5 + random.nextInt(60);
      double[] s = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        s[i] = random.nextDouble();
        y[i] = random.nextInt(3) == 0 ? 1 : 0;
      }
      y[0] = 1;
      // Definition: for each positive, precision among rows scored at least as high.
      double sum = 0;
      int positives = 0;
      for (int i = 0; i < n; i++) {
        if (y[i] == 1) {
          positives++;
          int above = 0;
          int hits = 0;
          for (int j = 0; j < n; j++) {
            if (s[j] >= s[i]) {
              above++;
              hits += (int) y[j];
            }
          }
          sum += (double) hits / above;
        }
      }
      assertThat(Metrics.prAuc(s, y, null)).isCloseTo(sum / positives, within(TOL));
    }
  }

  @Test
  void pr_auc_is_one_for_a_perfect_ranking_and_the_positive_rate_for_a_constant_score() {
    double[] y = {0, 1, 0, 1, 1};
    assertThat(Metrics.prAuc(new double[] {0.1, 0.9, 0.2, 0.8, 0.7}, y, null)).isEqualTo(1.0);
    assertThat(Metrics.prAuc(new double[] {0.5, 0.5, 0.5, 0.5, 0.5}, y, null))
        .isCloseTo(0.6, within(TOL));
    assertThat(Metrics.prAuc(new double[] {0.5, 0.5}, new double[] {0, 0}, null)).isNaN();
  }

  @Test
  void brier_is_the_mean_squared_probability_error() {
    double[] p = {0.1, 0.9, 0.8, 0.3};
    double[] y = {0, 1, 0, 1};
    assertThat(Metrics.brier(p, y, null)).isCloseTo((0.01 + 0.01 + 0.64 + 0.49) / 4, within(TOL));
    assertThat(Metrics.brier(p, y, new double[] {1, 1, 0, 2}))
        .isCloseTo((0.01 + 0.01 + 2 * 0.49) / 4, within(TOL));
  }

  @Test
  void threshold_metrics_follow_their_definitions_at_the_edges() {
    double[] p = {0.2, 0.4, 0.6, 0.8};
    double[] y = {0, 1, 0, 1};
    // p >= 0.6 predicts positive: TP = 1 (0.8), FP = 1 (0.6), FN = 1 (0.4).
    assertThat(Metrics.precision(p, y, 0.6, null)).isEqualTo(0.5);
    assertThat(Metrics.recall(p, y, 0.6, null)).isEqualTo(0.5);
    assertThat(Metrics.f1(p, y, 0.6, null)).isEqualTo(0.5);
    // Nothing reaches 0.9: precision undefined, recall 0, F1 0.
    assertThat(Metrics.precision(p, y, 0.9, null)).isNaN();
    assertThat(Metrics.recall(p, y, 0.9, null)).isZero();
    assertThat(Metrics.f1(p, y, 0.9, null)).isZero();
    // No positive rows: recall undefined; F1 0 while there are false positives.
    double[] none = {0, 0, 0, 0};
    assertThat(Metrics.recall(p, none, 0.5, null)).isNaN();
    assertThat(Metrics.f1(p, none, 0.5, null)).isZero();
    assertThat(Metrics.f1(p, none, 0.9, null)).isNaN();
    // The threshold is inclusive.
    assertThat(Metrics.recall(p, y, 0.8, null)).isEqualTo(0.5);
  }

  @Test
  void expected_calibration_error_weights_each_bin_by_its_share_of_rows() {
    double[] p = {0.05, 0.15, 0.15, 0.95, 1.0};
    double[] y = {0, 1, 0, 1, 1};
    // Bin 0: |0.05 - 0| * 1/5; bin 1: |0.15 - 0.5| * 2/5; bin 9 (takes p = 1): |0.975 - 1| * 2/5.
    assertThat(Metrics.expectedCalibrationError(p, y, null))
        .isCloseTo(0.05 / 5 + 0.35 * 2 / 5 + 0.025 * 2 / 5, within(TOL));
  }

  @Test
  void expected_calibration_error_is_zero_when_every_bin_is_calibrated() {
    double[] p = {0.25, 0.25, 0.25, 0.25, 0.5, 0.5};
    double[] y = {1, 0, 0, 0, 1, 0};
    assertThat(Metrics.expectedCalibrationError(p, y, null)).isCloseTo(0, within(TOL));
    // Labels drawn with probability p: the error shrinks towards 0 with many rows.
    SplitMix64 random = new SplitMix64(8);
    int n = 200_000;
    double[] q = new double[n];
    double[] outcome = new double[n];
    for (int i = 0; i < n; i++) {
      q[i] = random.nextDouble();
      outcome[i] = random.nextDouble() < q[i] ? 1 : 0;
    }
    assertThat(Metrics.expectedCalibrationError(q, outcome, null)).isLessThan(0.01);
    // A model that always says 0.9 where the rate is 0.5 is off by 0.4.
    double[] overconfident = new double[n];
    java.util.Arrays.fill(overconfident, 0.9);
    double[] half = new double[n];
    for (int i = 0; i < n; i++) {
      half[i] = i % 2;
    }
    assertThat(Metrics.expectedCalibrationError(overconfident, half, null))
        .isCloseTo(0.4, within(1e-9));
  }

  // ---- Multiclass ----

  @Test
  void multiclass_log_loss_and_accuracy_match_smile() {
    Scored s = EvalData.multiclass(2000, 4, 1.0, 31, false);
    double[][] probs = s.outputs();
    int[] truth = EvalData.toInts(s.labels());
    int[] predicted = new int[probs.length];
    double[] predictedD = new double[probs.length];
    for (int i = 0; i < probs.length; i++) {
      predicted[i] = Metrics.argmax(probs[i]);
      predictedD[i] = predicted[i];
    }
    assertThat(Metrics.multiLogLoss(probs, s.labels(), null))
        .isCloseTo(CrossEntropy.of(truth, probs), within(TOL));
    assertThat(Metrics.accuracy(predictedD, s.labels(), null))
        .isCloseTo(Accuracy.of(truth, predicted), within(TOL));
  }

  @Test
  void macro_f1_is_the_mean_of_smile_one_vs_rest_f1_scores() {
    Scored s = EvalData.multiclass(2000, 5, 0.8, 32, false);
    double[][] probs = s.outputs();
    int[] truth = EvalData.toInts(s.labels());
    double[] predicted = new double[probs.length];
    for (int i = 0; i < probs.length; i++) {
      predicted[i] = Metrics.argmax(probs[i]);
    }
    double sum = 0;
    for (int k = 0; k < 5; k++) {
      int[] t = new int[truth.length];
      int[] q = new int[truth.length];
      for (int i = 0; i < truth.length; i++) {
        t[i] = truth[i] == k ? 1 : 0;
        q[i] = predicted[i] == k ? 1 : 0;
      }
      sum += FScore.F1.score(t, q);
    }
    assertThat(Metrics.macroF1(predicted, s.labels(), null)).isCloseTo(sum / 5, within(TOL));
  }

  @Test
  void macro_f1_hand_computed_and_leaves_out_classes_that_never_occur() {
    // Class 0: TP 1, FN 1 -> 2/3; class 1: TP 1, FP 2 -> 1/2; class 2: FN 1 -> 0.
    assertThat(Metrics.macroF1(new double[] {0, 1, 1, 1}, new double[] {0, 0, 1, 2}, null))
        .isCloseTo((2.0 / 3 + 0.5 + 0) / 3, within(TOL));
    // Class 1 is neither a label nor a prediction, so only classes 0 and 2 (F1 2/3 each) count.
    assertThat(Metrics.macroF1(new double[] {0, 2, 2}, new double[] {0, 0, 2}, null))
        .isCloseTo(2.0 / 3, within(TOL));
  }

  @Test
  void macro_f1_rejects_values_that_are_not_class_indices() {
    assertThatThrownBy(() -> Metrics.macroF1(new double[] {0.5}, new double[] {0}, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("predicted[0] must be a class index");
  }

  // ---- Regression ----

  @Test
  void regression_errors_match_smile() {
    Scored s = EvalData.regression(3000, 4.0, 41, false);
    double[] y = s.labels();
    double[] v = EvalData.first(s.outputs());
    assertThat(Metrics.rmse(v, y, null)).isCloseTo(RMSE.of(y, v), within(TOL));
    assertThat(Metrics.rmse(v, y, null) * Metrics.rmse(v, y, null))
        .isCloseTo(MSE.of(y, v), within(1e-9));
    assertThat(Metrics.mae(v, y, null)).isCloseTo(MAD.of(y, v), within(TOL));
    assertThat(Metrics.r2(v, y, null)).isCloseTo(R2.of(y, v), within(TOL));
  }

  @Test
  void r2_is_nan_for_constant_labels_even_when_their_mean_rounds() {
    double[] y = {0.1, 0.1, 0.1};
    assertThat(Metrics.r2(new double[] {0.1, 0.2, 0.0}, y, null)).isNaN();
  }

  @Test
  void mape_is_a_fraction_and_undefined_when_a_label_is_zero() {
    double[] y = {100, 200, -50};
    double[] v = {110, 180, -40};
    assertThat(Metrics.mape(v, y, null)).isCloseTo((0.1 + 0.1 + 0.2) / 3, within(TOL));
    assertThat(Metrics.mape(new double[] {1, 2}, new double[] {0, 2}, null)).isNaN();
    // A zero-weight row counts as absent, so its zero label does not matter.
    assertThat(Metrics.mape(new double[] {1, 3}, new double[] {0, 2}, new double[] {0, 1}))
        .isCloseTo(0.5, within(TOL));
  }

  // ---- Shared conventions ----

  @Test
  void every_metric_of_zero_total_weight_is_nan() {
    double[] e = {};
    assertThat(Metrics.logLoss(e, e, null)).isNaN();
    assertThat(Metrics.brier(e, e, null)).isNaN();
    assertThat(Metrics.rmse(e, e, null)).isNaN();
    assertThat(Metrics.mae(e, e, null)).isNaN();
    assertThat(Metrics.r2(e, e, null)).isNaN();
    assertThat(Metrics.expectedCalibrationError(e, e, null)).isNaN();
    assertThat(Metrics.accuracy(new double[] {1}, new double[] {1}, new double[] {0})).isNaN();
  }

  @Test
  void a_row_of_weight_zero_is_dropped_even_when_its_values_are_not_numbers() {
    double[] s = {0.2, Double.NaN, 0.7, 0.4};
    double[] y = {0, 1, 1, 0};
    double[] w = {1, 0, 1, 1};
    double[] kept = {0.2, 0.7, 0.4};
    double[] keptY = {0, 1, 0};
    assertThat(Metrics.rocAuc(s, y, w)).isEqualTo(1.0);
    assertThat(Metrics.prAuc(s, y, w)).isEqualTo(1.0);
    assertThat(Metrics.logLoss(s, y, w)).isEqualTo(Metrics.logLoss(kept, keptY, null));
    assertThat(Metrics.brier(s, y, w)).isEqualTo(Metrics.brier(kept, keptY, null));
    assertThat(Metrics.expectedCalibrationError(s, y, w))
        .isEqualTo(Metrics.expectedCalibrationError(kept, keptY, null));
    assertThat(Metrics.r2(s, new double[] {1, 5, 2, 3}, w))
        .isEqualTo(Metrics.r2(kept, new double[] {1, 2, 3}, null));
    assertThat(
            Metrics.multiLogLoss(
                new double[][] {{0.5, 0.5}, {Double.NaN, 0}},
                new double[] {1, 0},
                new double[] {1, 0}))
        .isEqualTo(-Math.log(0.5));
  }

  @Test
  void rejects_arrays_of_different_lengths_and_bad_weights() {
    assertThatThrownBy(() -> Metrics.brier(new double[2], new double[3], null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("labels has 3 rows but the predictions have 2");
    assertThatThrownBy(() -> Metrics.rmse(new double[2], new double[2], new double[] {1, -1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weights[1] must be finite and >= 0, got -1.0");
    assertThatThrownBy(() -> Metrics.f1(new double[2], new double[2], Double.NaN, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold");
  }
}
