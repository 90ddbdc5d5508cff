package dev.boostline.task;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How target values map to XGBoost labels. For classification, {@code classes} are the original
 * values as text, sorted; class {@code i} is label {@code i} (for binary, the second class is the
 * positive one). For regression, labels are the values and {@code classes} is empty.
 */
public record LabelEncoding(String target, Task task, List<String> classes) {
  public LabelEncoding {
    classes = List.copyOf(classes);
    if (task != Task.REGRESSION && classes.size() < 2) {
      throw new IllegalArgumentException(task + " needs at least two classes, got " + classes);
    }
    if (task == Task.BINARY && classes.size() != 2) {
      throw new IllegalArgumentException("binary needs exactly two classes, got " + classes);
    }
  }

  /** Number of classes (1 for regression). */
  public int numClass() {
    return task == Task.REGRESSION ? 1 : classes.size();
  }

  /** The label of a class value, if it is one of the classes. */
  public Optional<Integer> labelOf(String value) {
    int i = classes.indexOf(value);
    return i < 0 ? Optional.empty() : Optional.of(i);
  }

  /**
   * The predicted class (label index) of one model output: binary, the positive class (1) when
   * {@code output[0] >= threshold}, else 0; multiclass, the class of the highest probability (the
   * first one on ties). This is the one rule every scoring path uses.
   *
   * @throws IllegalStateException for a regression encoding
   */
  public int predictedClass(float[] output, double threshold) {
    return switch (task) {
      case BINARY -> output[0] >= threshold ? 1 : 0;
      case MULTICLASS -> argmax(output);
      case REGRESSION -> throw new IllegalStateException("a regression model predicts no class");
    };
  }

  /** The predicted class value (see {@link #predictedClass}). */
  public String predictedLabel(float[] output, double threshold) {
    return classes.get(predictedClass(output, threshold));
  }

  /** The index of the largest value, the first one on ties. */
  public static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  /** A lookup from class value to label. */
  public Map<String, Integer> index() {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < classes.size(); i++) {
      m.put(classes.get(i), i);
    }
    return m;
  }
}
