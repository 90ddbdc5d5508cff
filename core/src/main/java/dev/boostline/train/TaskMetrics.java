package dev.boostline.train;

import dev.boostline.metrics.Metrics;
import dev.boostline.task.Task;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics reported for a task, from model outputs: binary {@code auc, logloss, accuracy}
 * (threshold 0.5); multiclass {@code mlogloss, accuracy}; regression {@code rmse, mae, r2}.
 */
public final class TaskMetrics {
  private TaskMetrics() {}

  /**
   * @param outputs per row the model output: one probability (binary), one per class (multiclass),
   *     or the value (regression)
   * @param labels per row the label (class index or value)
   * @param weights per row, or null
   */
  public static Map<String, Double> of(
      Task task, float[][] outputs, float[] labels, float[] weights) {
    int n = labels.length;
    double[] y = new double[n];
    double[] w = weights == null ? null : new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = labels[i];
      if (w != null) {
        w[i] = weights[i];
      }
    }
    Map<String, Double> m = new LinkedHashMap<>();
    switch (task) {
      case BINARY -> {
        double[] p = new double[n];
        double[] cls = new double[n];
        for (int i = 0; i < n; i++) {
          p[i] = outputs[i][0];
          cls[i] = p[i] >= 0.5 ? 1 : 0;
        }
        m.put("auc", Metrics.rocAuc(p, y, w));
        m.put("logloss", Metrics.logLoss(p, y, w));
        m.put("accuracy", Metrics.accuracy(cls, y, w));
      }
      case MULTICLASS -> {
        double[][] p = new double[n][];
        double[] cls = new double[n];
        for (int i = 0; i < n; i++) {
          p[i] = new double[outputs[i].length];
          for (int k = 0; k < p[i].length; k++) {
            p[i][k] = outputs[i][k];
          }
          cls[i] = Metrics.argmax(p[i]);
        }
        m.put("mlogloss", Metrics.multiLogLoss(p, y, w));
        m.put("accuracy", Metrics.accuracy(cls, y, w));
      }
      case REGRESSION -> {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
          v[i] = outputs[i][0];
        }
        m.put("rmse", Metrics.rmse(v, y, w));
        m.put("mae", Metrics.mae(v, y, w));
        m.put("r2", Metrics.r2(v, y, w));
      }
    }
    return m;
  }
}
