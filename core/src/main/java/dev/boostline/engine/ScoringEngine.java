package dev.boostline.engine;

/**
 * The one scoring path of a model, chosen once when it is loaded: turns feature matrices into model
 * outputs. Implementations are thread-safe for {@link #predict} and {@link #contributions}; {@link
 * #close()} is called once, after every call has returned.
 */
public interface ScoringEngine extends AutoCloseable {
  /**
   * Model outputs for row-major float32 features ({@code rows x cols}, NaN for missing): per row
   * one probability (binary), one per class (multiclass), or the value (regression).
   */
  float[][] predict(float[] features, int rows, int cols);

  /**
   * SHAP contributions per row: {@code cols + 1} values (the last is the bias), per class for
   * multiclass (class-major), in margin units.
   */
  float[][] contributions(float[] features, int rows, int cols);

  /** A short name for logs and metrics, e.g. {@code native}. */
  String name();

  /** Approximate bytes this engine holds for the model. */
  long memoryBytes();

  @Override
  void close();
}
