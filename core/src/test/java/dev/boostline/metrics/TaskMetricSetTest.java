package dev.boostline.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.boostline.task.Task;
import dev.boostline.util.internal.SplitMix64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskMetricSetTest {
  private static final double TOL = 1e-12;

  @Test
  void binary_reports_its_metrics_in_order_each_equal_to_the_metrics_method() {
    double[] y = EvalData.binaryLabels(2000, 0.4, 1);
    double[] p = EvalData.probabilities(y, 1.0, 3, 2);
    double[] w = EvalData.weights(2000, 3);
    Map<String, Double> m = TaskMetricSet.compute(EvalData.binary(y, p, w), 0.4);
    assertThat(m.keySet())
        .containsExactly(
            "auc", "pr_auc", "logloss", "brier", "accuracy", "precision", "recall", "f1", "ece");
    double[] predicted = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      predicted[i] = p[i] >= 0.4 ? 1 : 0;
    }
    assertThat(m.get("auc")).isCloseTo(Metrics.rocAuc(p, y, w), within(TOL));
    assertThat(m.get("pr_auc")).isCloseTo(Metrics.prAuc(p, y, w), within(TOL));
    assertThat(m.get("logloss")).isCloseTo(Metrics.logLoss(p, y, w), within(TOL));
    assertThat(m.get("brier")).isCloseTo(Metrics.brier(p, y, w), within(TOL));
    assertThat(m.get("accuracy")).isCloseTo(Metrics.accuracy(predicted, y, w), within(TOL));
    assertThat(m.get("precision")).isCloseTo(Metrics.precision(p, y, 0.4, w), within(TOL));
    assertThat(m.get("recall")).isCloseTo(Metrics.recall(p, y, 0.4, w), within(TOL));
    assertThat(m.get("f1")).isCloseTo(Metrics.f1(p, y, 0.4, w), within(TOL));
    assertThat(m.get("ece")).isCloseTo(Metrics.expectedCalibrationError(p, y, w), within(TOL));
  }

  @Test
  void multiclass_reports_accuracy_macro_f1_and_mlogloss() {
    Scored s = EvalData.multiclass(1500, 3, 1.0, 4, true);
    Map<String, Double> m = TaskMetricSet.compute(s, 0.5);
    assertThat(m.keySet()).containsExactly("accuracy", "macro_f1", "mlogloss");
    double[] predicted = new double[s.size()];
    double[][] probs = s.outputs();
    for (int i = 0; i < probs.length; i++) {
      predicted[i] = Metrics.argmax(probs[i]);
    }
    assertThat(m.get("accuracy"))
        .isCloseTo(Metrics.accuracy(predicted, s.labels(), s.weights()), within(TOL));
    assertThat(m.get("macro_f1"))
        .isCloseTo(Metrics.macroF1(predicted, s.labels(), s.weights()), within(TOL));
    assertThat(m.get("mlogloss"))
        .isCloseTo(Metrics.multiLogLoss(probs, s.labels(), s.weights()), within(TOL));
  }

  @Test
  void regression_reports_mape_only_when_no_label_is_zero() {
    Scored s = EvalData.regression(1000, 3.0, 5, true);
    double[] y = s.labels();
    double[] v = EvalData.first(s.outputs());
    Map<String, Double> m = TaskMetricSet.compute(s, 0.5);
    assertThat(m.keySet()).containsExactly("rmse", "mae", "r2", "mape");
    assertThat(m.get("rmse")).isCloseTo(Metrics.rmse(v, y, s.weights()), within(TOL));
    assertThat(m.get("mae")).isCloseTo(Metrics.mae(v, y, s.weights()), within(TOL));
    assertThat(m.get("r2")).isCloseTo(Metrics.r2(v, y, s.weights()), within(TOL));
    assertThat(m.get("mape")).isCloseTo(Metrics.mape(v, y, s.weights()), within(TOL));

    y[7] = 0;
    Scored withZero = new Scored(Task.REGRESSION, List.of(), y, s.outputs(), null);
    assertThat(TaskMetricSet.compute(withZero, 0.5).keySet()).containsExactly("rmse", "mae", "r2");
  }

  @Test
  void undefined_metrics_are_reported_as_nan() {
    Scored oneClass = EvalData.binary(new double[] {1, 1, 1}, new double[] {0.2, 0.4, 0.9}, null);
    Map<String, Double> m = TaskMetricSet.compute(oneClass, 0.95);
    assertThat(m.get("auc")).isNaN();
    assertThat(m.get("precision")).isNaN(); // nothing reaches 0.95
    assertThat(m.get("recall")).isZero();
    assertThat(m.get("pr_auc")).isEqualTo(1.0);
  }

  @Test
  void bootstrap_weighting_equals_metrics_of_the_materialized_resample() {
    // The fast path evaluates a resample as counts-as-weights over the original rows; it must
    // agree with computing the metrics on the resampled rows themselves.
    double[] y = EvalData.binaryLabels(800, 0.3, 6);
    List<Scored> cases =
        List.of(
            EvalData.binary(y, EvalData.probabilities(y, 1.0, 2, 7), null),
            EvalData.binary(y, EvalData.probabilities(y, 1.0, 2, 7), EvalData.weights(800, 8)),
            EvalData.multiclass(800, 4, 1.0, 9, true),
            EvalData.regression(800, 2.0, 10, true));
    SplitMix64 random = new SplitMix64(99);
    for (Scored s : cases) {
      MetricEvaluator evaluator = MetricEvaluator.of(s, 0.5);
      double[] base = s.weights();
      for (int trial = 0; trial < 5; trial++) {
        int n = s.size();
        int[] rows = new int[n];
        double[] counts = new double[n];
        for (int i = 0; i < n; i++) {
          rows[i] = random.nextInt(n);
          counts[rows[i]]++;
        }
        for (int i = 0; i < n; i++) {
          counts[i] *= base == null ? 1 : base[i];
        }
        double[] fast = evaluator.evaluate(counts);
        Map<String, Double> slow = TaskMetricSet.compute(s.subset(rows), 0.5);
        for (int k = 0; k < fast.length; k++) {
          assertThat(fast[k])
              .as("%s %s", s.task(), evaluator.metrics().get(k))
              .isCloseTo(slow.get(evaluator.metrics().get(k).id()), within(1e-10));
        }
      }
    }
  }

  @Test
  void higher_is_better_for_scores_and_lower_for_losses() {
    for (String m : List.of("auc", "pr_auc", "accuracy", "precision", "recall", "f1", "macro_f1")) {
      assertThat(Metric.parse(m).higherIsBetter()).as(m).isTrue();
    }
    assertThat(Metric.parse("r2").higherIsBetter()).isTrue();
    for (String m : List.of("logloss", "brier", "ece", "mlogloss", "rmse", "mae", "mape")) {
      assertThat(Metric.parse(m).higherIsBetter()).as(m).isFalse();
    }
    assertThat(Metric.parse("AUC")).isEqualTo(Metric.AUC);
    assertThatThrownBy(() -> Metric.parse("gini"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown metric \"gini\"; known: auc,");
    assertThatThrownBy(() -> Metric.parse("rmse", Task.BINARY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "metric \"rmse\" is not computed for binary models; available: auc, pr_auc, logloss,"
                + " brier, accuracy, precision, recall, f1, ece");
  }

  @Test
  void every_reported_metric_has_a_direction() {
    for (Task task : Task.values()) {
      Scored s =
          switch (task) {
            case BINARY -> EvalData.binary(new double[] {0, 1}, new double[] {0.3, 0.6}, null);
            case MULTICLASS -> EvalData.multiclass(10, 3, 1.0, 1, false);
            case REGRESSION -> EvalData.regression(10, 1.0, 1, false);
          };
      assertThat(TaskMetricSet.compute(s, 0.5).keySet())
          .as("%s", task)
          .containsExactlyElementsOf(Metric.of(task).stream().map(Metric::id).toList());
    }
    assertThat(TaskMetricSet.compute(EvalData.regression(10, 1.0, 1, false), 0.5)).hasSize(4);
  }

  @Test
  void rejects_a_threshold_outside_zero_to_one() {
    Scored s = EvalData.binary(new double[] {0, 1}, new double[] {0.3, 0.6}, null);
    assertThatThrownBy(() -> TaskMetricSet.compute(s, 50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threshold must be in [0, 1], got 50.0");
  }
}
