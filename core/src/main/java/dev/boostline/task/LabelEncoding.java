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

  /** A lookup from class value to label. */
  public Map<String, Integer> index() {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < classes.size(); i++) {
      m.put(classes.get(i), i);
    }
    return m;
  }
}
