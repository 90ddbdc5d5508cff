package dev.boostline.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.task.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoredTest {
  private static final List<String> YES_NO = List.of("no", "yes");

  private static Scored binary(double[] labels, double[][] outputs) {
    return new Scored(Task.BINARY, YES_NO, labels, outputs, null);
  }

  @Test
  void rejects_a_binary_label_that_is_not_zero_or_one() {
    assertThatThrownBy(() -> binary(new double[] {0, 2}, new double[][] {{0.1}, {0.2}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row 1: label must be a class index 0..1 for a BINARY task, got 2.0");
  }

  @Test
  void rejects_a_binary_output_with_more_than_one_probability() {
    assertThatThrownBy(() -> binary(new double[] {0, 1}, new double[][] {{0.1}, {0.2, 0.8}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row 1: a BINARY output has 1 (the probability of \"yes\") values, got 2");
  }

  @Test
  void rejects_a_probability_outside_zero_to_one_or_nan() {
    assertThatThrownBy(() -> binary(new double[] {0}, new double[][] {{1.5}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row 0: a probability must be in [0, 1], got [1.5]");
    assertThatThrownBy(() -> binary(new double[] {0}, new double[][] {{Double.NaN}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 0: a probability must be in [0, 1]");
  }

  @Test
  void rejects_a_multiclass_output_of_the_wrong_width_and_a_label_out_of_range() {
    List<String> abc = List.of("a", "b", "c");
    assertThatThrownBy(
            () ->
                new Scored(
                    Task.MULTICLASS, abc, new double[] {0}, new double[][] {{0.5, 0.5}}, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "row 0: a MULTICLASS output has 3 (one probability per class [a, b, c]) values,"
                + " got 2");
    assertThatThrownBy(
            () ->
                new Scored(
                    Task.MULTICLASS, abc, new double[] {3}, new double[][] {{0.2, 0.3, 0.5}}, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 0: label must be a class index 0..2");
  }

  @Test
  void rejects_non_finite_regression_values() {
    assertThatThrownBy(
            () ->
                new Scored(
                    Task.REGRESSION,
                    List.of(),
                    new double[] {1},
                    new double[][] {{Double.POSITIVE_INFINITY}},
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 0: the predicted value must be finite");
    assertThatThrownBy(
            () ->
                new Scored(
                    Task.REGRESSION,
                    List.of(),
                    new double[] {Double.NaN},
                    new double[][] {{1}},
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row 0: label must be finite, got NaN");
  }

  @Test
  void rejects_class_lists_that_do_not_fit_the_task() {
    double[][] one = {{0.5}};
    assertThatThrownBy(
            () -> new Scored(Task.BINARY, List.of("a", "b", "c"), new double[] {0}, one, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly two classes");
    assertThatThrownBy(() -> new Scored(Task.REGRESSION, YES_NO, new double[] {0}, one, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a REGRESSION task has no classes");
    assertThatThrownBy(
            () -> new Scored(Task.BINARY, List.of("a", "a"), new double[] {0}, one, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("distinct");
  }

  @Test
  void rejects_row_counts_that_disagree_and_bad_weights() {
    assertThatThrownBy(() -> binary(new double[] {0, 1}, new double[][] {{0.5}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("outputs has 1 rows but labels has 2");
    assertThatThrownBy(
            () ->
                new Scored(
                    Task.BINARY, YES_NO, new double[] {0}, new double[][] {{0.5}}, new double[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weights has 2 rows but labels has 1");
    assertThatThrownBy(
            () ->
                new Scored(
                    Task.BINARY,
                    YES_NO,
                    new double[] {0},
                    new double[][] {{0.5}},
                    new double[] {Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row 0: weight must be finite and >= 0, got NaN");
  }

  @Test
  void copies_arrays_in_and_out() {
    double[] labels = {0, 1};
    double[][] outputs = {{0.2}, {0.9}};
    Scored s = binary(labels, outputs);
    labels[0] = 1;
    outputs[1][0] = 0.1;
    s.labels()[1] = 0;
    s.outputs()[0][0] = 0.7;
    assertThat(s.labels()).containsExactly(0, 1);
    assertThat(s.outputs()).isDeepEqualTo(new double[][] {{0.2}, {0.9}});
    assertThat(s).isEqualTo(binary(new double[] {0, 1}, new double[][] {{0.2}, {0.9}}));
    assertThat(s.hashCode())
        .isEqualTo(binary(new double[] {0, 1}, new double[][] {{0.2}, {0.9}}).hashCode());
    assertThat(s.toString()).isEqualTo("Scored[BINARY, classes=[no, yes], rows=2]");
  }

  @Test
  void subset_takes_rows_in_order_with_repeats_and_keeps_weights() {
    Scored s =
        new Scored(
            Task.BINARY,
            YES_NO,
            new double[] {0, 1, 1},
            new double[][] {{0.1}, {0.6}, {0.9}},
            new double[] {1, 2, 3});
    Scored sub = s.subset(new int[] {2, 0, 2});
    assertThat(sub.size()).isEqualTo(3);
    assertThat(sub.labels()).containsExactly(1, 0, 1);
    assertThat(sub.outputs()).isDeepEqualTo(new double[][] {{0.9}, {0.1}, {0.9}});
    assertThat(sub.weights()).containsExactly(3, 1, 3);
    assertThat(s.subset(new int[0]).size()).isZero();
    assertThatThrownBy(() -> s.subset(new int[] {3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rows[0] = 3 is outside [0, 3)");
  }
}
