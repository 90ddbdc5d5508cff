package dev.boostline.xgboost.internal;

import java.util.List;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * An XGBoost DMatrix with one owner: its native memory is freed by {@link #close()}, never by the
 * garbage collector. Not thread-safe. Missing values are {@link Float#NaN}.
 */
public final class NativeMatrix implements AutoCloseable {
  final DMatrix matrix;
  private final int rows;
  private boolean closed;

  private NativeMatrix(DMatrix matrix, int rows) {
    this.matrix = matrix;
    this.rows = rows;
  }

  /**
   * A dense matrix from row-major float32 data.
   *
   * @param names feature names, one per column
   * @param types XGBoost feature types ({@code q} or {@code c}), one per column
   * @param labels one per row, or null
   * @param weights one per row, or null
   */
  public static NativeMatrix dense(
      float[] data,
      int rows,
      int cols,
      List<String> names,
      List<String> types,
      float[] labels,
      float[] weights) {
    if ((long) rows * cols != data.length) {
      throw new IllegalArgumentException(
          "data has " + data.length + " values, expected " + rows + " x " + cols);
    }
    DMatrix m = null;
    try {
      m = new DMatrix(data, rows, cols, Float.NaN);
      m.setFeatureNames(names.toArray(String[]::new));
      m.setFeatureTypes(types.toArray(String[]::new));
      if (labels != null) {
        m.setLabel(labels);
      }
      if (weights != null) {
        m.setWeight(weights);
      }
      return new NativeMatrix(m, rows);
    } catch (XGBoostError e) {
      if (m != null) {
        m.dispose();
      }
      throw Xgb.translate("building the training matrix", e);
    }
  }

  public int rows() {
    return rows;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      matrix.dispose();
    }
  }
}
