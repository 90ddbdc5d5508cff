package dev.boostline.train;

import dev.boostline.data.Dataset;
import dev.boostline.task.Task;
import dev.boostline.xgboost.internal.NativeBooster;

/** Test helper: scores a dataset with a training result (features + model at best iteration). */
final class Predict {
  private Predict() {}

  static float[][] outputs(TrainResult r, Dataset data) {
    float[] x = r.features().transform(data);
    try (NativeBooster b = NativeBooster.load(r.model())) {
      return b.predict(x, data.rowCount(), r.features().size(), r.bestIteration() + 1, false);
    }
  }

  /** Labels of a dataset under a training result's label encoding. */
  static float[] labels(TrainResult r, Dataset data) {
    String target = r.labels().target();
    var col = data.table().column(target);
    float[] y = new float[data.rowCount()];
    for (int i = 0; i < y.length; i++) {
      Object v = col.get(i);
      y[i] =
          r.labels().task() == Task.REGRESSION
              ? ((Number) v).floatValue()
              : r.labels().labelOf(String.valueOf(v)).orElseThrow();
    }
    return y;
  }
}
