package dev.boostline.model.internal;

import dev.boostline.engine.ScoringEngine;

/**
 * Scores with the pure-Java {@link TreeEnsemble} (no native call, no allocation but the output);
 * SHAP contributions still come from the native engine it wraps, which it closes.
 */
public final class JavaEngine implements ScoringEngine {
  private final TreeEnsemble trees;
  private final ScoringEngine nativeEngine;

  public JavaEngine(TreeEnsemble trees, ScoringEngine nativeEngine) {
    this.trees = trees;
    this.nativeEngine = nativeEngine;
  }

  @Override
  public float[][] predict(float[] features, int rows, int cols) {
    return trees.predict(features, rows, cols);
  }

  @Override
  public float[][] contributions(float[] features, int rows, int cols) {
    return nativeEngine.contributions(features, rows, cols);
  }

  @Override
  public String name() {
    return "java";
  }

  @Override
  public long memoryBytes() {
    return trees.memoryBytes() + nativeEngine.memoryBytes();
  }

  @Override
  public void close() {
    nativeEngine.close();
  }
}
