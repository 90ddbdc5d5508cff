package dev.boostline.xgboost.internal;

import dev.boostline.engine.ScoringEngine;
import java.util.List;

/**
 * Scores with XGBoost's native in-place prediction (no DMatrix per call) up to a fixed number of
 * rounds. SHAP contributions build a DMatrix per call, released before returning.
 */
public final class NativeEngine implements ScoringEngine {
  private final NativeBooster booster;
  private final int iterations;
  private final long bytes;
  private final List<String> names;
  private final List<String> types;

  private NativeEngine(
      NativeBooster booster, int iterations, long bytes, List<String> names, List<String> types) {
    this.booster = booster;
    this.iterations = iterations;
    this.bytes = bytes;
    this.names = names;
    this.types = types;
  }

  /**
   * Loads a UBJSON model.
   *
   * @param iterations rounds used for prediction (best iteration + 1)
   */
  public static NativeEngine load(
      byte[] model, int iterations, List<String> featureNames, List<String> featureTypes) {
    return new NativeEngine(
        NativeBooster.load(model),
        iterations,
        model.length,
        List.copyOf(featureNames),
        List.copyOf(featureTypes));
  }

  @Override
  public float[][] predict(float[] features, int rows, int cols) {
    return booster.predict(features, rows, cols, iterations, false);
  }

  @Override
  public float[][] contributions(float[] features, int rows, int cols) {
    try (NativeMatrix m = NativeMatrix.dense(features, rows, cols, names, types, null, null)) {
      return booster.contributions(m, iterations);
    }
  }

  @Override
  public String name() {
    return "native";
  }

  @Override
  public long memoryBytes() {
    // The native model is about as large as its serialized form.
    return bytes;
  }

  @Override
  public void close() {
    booster.close();
  }
}
