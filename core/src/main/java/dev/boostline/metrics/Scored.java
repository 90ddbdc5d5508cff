package dev.boostline.metrics;

import dev.boostline.task.Task;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Rows scored by one model: per row the true label and the model's output, ready for {@link
 * TaskMetricSet}, {@link Bootstrap} and {@link DeLong}.
 *
 * <ul>
 *   <li>{@link Task#BINARY}: {@code classes} has exactly two names, the second the positive class;
 *       a label is 0 or 1; an output is {@code {p}}, the probability of the positive class, in [0,
 *       1].
 *   <li>{@link Task#MULTICLASS}: {@code classes} has K &gt;= 2 names; a label is a class index
 *       0..K-1; an output holds K probabilities in [0, 1], one per class in {@code classes} order
 *       (they are not required to sum to exactly 1).
 *   <li>{@link Task#REGRESSION}: {@code classes} is empty; a label is the true value and an output
 *       is {@code {value}}, both finite.
 * </ul>
 *
 * <p>{@code weights} is null for equal weights, else one finite weight {@code >= 0} per row. Every
 * rule is checked on construction and a violation throws {@link IllegalArgumentException} naming
 * the row and the value (null arguments throw {@link NullPointerException}). Zero rows are allowed;
 * every metric of an empty set is NaN.
 *
 * <p>Immutable and thread-safe: the constructor copies the arrays and the array accessors return
 * copies, so equality and hashing are by content.
 *
 * @param task what the model predicts
 * @param classes class names in label order (label i is {@code classes.get(i)}); empty for
 *     regression
 * @param labels per row the true label: a class index, or the value for regression
 * @param outputs per row the model output, as described above
 * @param weights per row the weight, or null for equal weights
 */
public record Scored(
    Task task, List<String> classes, double[] labels, double[][] outputs, double[] weights) {

  /** Copies and validates every argument; see the type's documentation for the rules. */
  public Scored {
    Objects.requireNonNull(task, "task");
    classes = List.copyOf(Objects.requireNonNull(classes, "classes"));
    labels = Objects.requireNonNull(labels, "labels").clone();
    Objects.requireNonNull(outputs, "outputs");
    if (outputs.length != labels.length) {
      throw new IllegalArgumentException(
          "outputs has " + outputs.length + " rows but labels has " + labels.length);
    }
    double[][] copy = new double[outputs.length][];
    for (int i = 0; i < outputs.length; i++) {
      if (outputs[i] == null) {
        throw new NullPointerException("outputs[" + i + "] is null");
      }
      copy[i] = outputs[i].clone();
    }
    outputs = copy;
    if (weights != null) {
      if (weights.length != labels.length) {
        throw new IllegalArgumentException(
            "weights has " + weights.length + " rows but labels has " + labels.length);
      }
      weights = weights.clone();
      for (int i = 0; i < weights.length; i++) {
        if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
          throw new IllegalArgumentException(
              "row " + i + ": weight must be finite and >= 0, got " + weights[i]);
        }
      }
    }
    checkClasses(task, classes);
    int width = task == Task.MULTICLASS ? classes.size() : 1;
    for (int i = 0; i < labels.length; i++) {
      checkLabel(task, classes.size(), i, labels[i]);
      checkOutput(task, classes, width, i, outputs[i]);
    }
  }

  /** Number of rows. */
  public int size() {
    return labels.length;
  }

  /** Per row the label (class index, or the value for regression); a copy. */
  @Override
  public double[] labels() {
    return labels.clone();
  }

  /** Per row the model output (see the type's documentation); a deep copy. */
  @Override
  public double[][] outputs() {
    double[][] copy = new double[outputs.length][];
    for (int i = 0; i < outputs.length; i++) {
      copy[i] = outputs[i].clone();
    }
    return copy;
  }

  /** Per row the weight, or null when the rows are equally weighted; a copy. */
  @Override
  public double[] weights() {
    return weights == null ? null : weights.clone();
  }

  /**
   * The given rows, in the given order, as a new {@code Scored} with the same task and classes.
   * Rows may repeat (as in a bootstrap resample) and may be empty.
   *
   * @param rows indices in [0, {@link #size()})
   * @throws IllegalArgumentException if an index is out of range
   */
  public Scored subset(int[] rows) {
    double[] l = new double[rows.length];
    double[][] o = new double[rows.length][];
    double[] w = weights == null ? null : new double[rows.length];
    for (int k = 0; k < rows.length; k++) {
      int r = rows[k];
      if (r < 0 || r >= labels.length) {
        throw new IllegalArgumentException(
            "rows[" + k + "] = " + r + " is outside [0, " + labels.length + ")");
      }
      l[k] = labels[r];
      o[k] = outputs[r];
      if (w != null) {
        w[k] = weights[r];
      }
    }
    return new Scored(task, classes, l, o, w);
  }

  /** Equal when task, classes, labels, outputs and weights are equal by content. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Scored s
        && task == s.task
        && classes.equals(s.classes)
        && Arrays.equals(labels, s.labels)
        && Arrays.deepEquals(outputs, s.outputs)
        && Arrays.equals(weights, s.weights);
  }

  /** A hash of the same content that {@link #equals} compares. */
  @Override
  public int hashCode() {
    return Objects.hash(
        task,
        classes,
        Arrays.hashCode(labels),
        Arrays.deepHashCode(outputs),
        Arrays.hashCode(weights));
  }

  /** A short summary: task, classes, row count and whether rows are weighted (not the rows). */
  @Override
  public String toString() {
    return "Scored["
        + task
        + ", classes="
        + classes
        + ", rows="
        + labels.length
        + (weights == null ? "" : ", weighted")
        + "]";
  }

  private static void checkClasses(Task task, List<String> classes) {
    switch (task) {
      case BINARY -> {
        if (classes.size() != 2) {
          throw new IllegalArgumentException(
              "a BINARY task needs exactly two classes (negative, positive), got " + classes);
        }
      }
      case MULTICLASS -> {
        if (classes.size() < 2) {
          throw new IllegalArgumentException(
              "a MULTICLASS task needs at least two classes, got " + classes);
        }
      }
      case REGRESSION -> {
        if (!classes.isEmpty()) {
          throw new IllegalArgumentException(
              "a REGRESSION task has no classes, got " + classes + "; pass List.of()");
        }
      }
    }
    if (new HashSet<>(classes).size() != classes.size()) {
      throw new IllegalArgumentException("class names must be distinct, got " + classes);
    }
  }

  private static void checkLabel(Task task, int classCount, int row, double label) {
    if (task == Task.REGRESSION) {
      if (!Double.isFinite(label)) {
        throw new IllegalArgumentException("row " + row + ": label must be finite, got " + label);
      }
    } else if (!(label >= 0 && label < classCount && label == Math.rint(label))) {
      throw new IllegalArgumentException(
          "row "
              + row
              + ": label must be a class index 0.."
              + (classCount - 1)
              + " for a "
              + task
              + " task, got "
              + label);
    }
  }

  private static void checkOutput(
      Task task, List<String> classes, int width, int row, double[] output) {
    if (output.length != width) {
      String expected =
          switch (task) {
            case BINARY -> "1 (the probability of \"" + classes.get(1) + "\")";
            case MULTICLASS -> width + " (one probability per class " + classes + ")";
            case REGRESSION -> "1 (the predicted value)";
          };
      throw new IllegalArgumentException(
          "row "
              + row
              + ": a "
              + task
              + " output has "
              + expected
              + " values, got "
              + output.length);
    }
    for (double v : output) {
      if (task == Task.REGRESSION ? !Double.isFinite(v) : !(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException(
            "row "
                + row
                + ": "
                + (task == Task.REGRESSION
                    ? "the predicted value must be finite"
                    : "a probability must be in [0, 1]")
                + ", got "
                + Arrays.toString(output));
      }
    }
  }
}
