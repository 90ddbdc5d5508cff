package dev.boostline.train;

import dev.boostline.features.FittedFeatures;
import dev.boostline.task.LabelEncoding;
import dev.boostline.task.Objective;
import java.util.List;
import java.util.Map;

/**
 * A trained model and what is known about its training. Immutable (the model bytes are copied on
 * access).
 *
 * @param objective the objective trained (given or inferred)
 * @param labels how target values map to labels
 * @param features the fitted feature engineering, which travels with the model
 * @param bestIteration 0-based round with the best validation score (the last round without early
 *     stopping); predictions use rounds 0..bestIteration
 * @param roundsTrained rounds actually boosted (more than bestIteration + 1 after early stopping)
 * @param stoppingMetric the metric early stopping watched, e.g. {@code valid-logloss}
 * @param history per-round metrics, keyed {@code train-<metric>} and {@code valid-<metric>}
 * @param trainMetrics, validMetrics the task's metrics at the best iteration, the same set
 *     evaluation reports ({@link dev.boostline.metrics.TaskMetricSet}, threshold 0.5)
 * @param importance per type (gain, cover, weight) the score of each feature that is used
 * @param nativeParams the parameter map given to XGBoost
 */
public record TrainResult(
    Objective objective,
    LabelEncoding labels,
    FittedFeatures features,
    byte[] model,
    int bestIteration,
    int roundsTrained,
    String stoppingMetric,
    double bestScore,
    List<Map<String, Double>> history,
    Map<String, Double> trainMetrics,
    Map<String, Double> validMetrics,
    Map<String, Map<String, Double>> importance,
    SplitSizes split,
    Map<String, Object> nativeParams,
    List<String> notes) {
  public TrainResult {
    model = model.clone();
    history = List.copyOf(history);
    trainMetrics = Map.copyOf(trainMetrics);
    validMetrics = Map.copyOf(validMetrics);
    importance = Map.copyOf(importance);
    notes = List.copyOf(notes);
  }

  @Override
  public byte[] model() {
    return model.clone();
  }

  /** A builder, for engines other than {@link Trainer} (every component must be set). */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link TrainResult}; not thread-safe. Collections default to empty. */
  public static final class Builder {
    private Objective objective;
    private LabelEncoding labels;
    private FittedFeatures features;
    private byte[] model;
    private int bestIteration = -1;
    private int roundsTrained;
    private String stoppingMetric;
    private double bestScore = Double.NaN;
    private List<Map<String, Double>> history = List.of();
    private Map<String, Double> trainMetrics = Map.of();
    private Map<String, Double> validMetrics = Map.of();
    private Map<String, Map<String, Double>> importance = Map.of();
    private SplitSizes split;
    private Map<String, Object> nativeParams = Map.of();
    private List<String> notes = List.of();

    private Builder() {}

    public Builder objective(Objective v) {
      objective = v;
      return this;
    }

    public Builder labels(LabelEncoding v) {
      labels = v;
      return this;
    }

    public Builder features(FittedFeatures v) {
      features = v;
      return this;
    }

    /** The model in UBJSON, as XGBoost saves it (copied). */
    public Builder model(byte[] v) {
      model = v.clone();
      return this;
    }

    /** The 0-based best round and the rounds trained. */
    public Builder rounds(int bestIteration, int roundsTrained) {
      this.bestIteration = bestIteration;
      this.roundsTrained = roundsTrained;
      return this;
    }

    /** The metric early stopping watched and its value at the best round. */
    public Builder stopping(String metric, double bestScore) {
      this.stoppingMetric = metric;
      this.bestScore = bestScore;
      return this;
    }

    public Builder history(List<Map<String, Double>> v) {
      history = v;
      return this;
    }

    /** Task metrics at the best round on the training and the validation rows. */
    public Builder metrics(Map<String, Double> train, Map<String, Double> valid) {
      trainMetrics = train;
      validMetrics = valid;
      return this;
    }

    public Builder importance(Map<String, Map<String, Double>> v) {
      importance = v;
      return this;
    }

    public Builder split(SplitSizes v) {
      split = v;
      return this;
    }

    public Builder nativeParams(Map<String, Object> v) {
      nativeParams = v;
      return this;
    }

    public Builder notes(List<String> v) {
      notes = v;
      return this;
    }

    /**
     * @throws NullPointerException naming a component that was not set
     */
    public TrainResult build() {
      java.util.Objects.requireNonNull(objective, "objective");
      java.util.Objects.requireNonNull(labels, "labels");
      java.util.Objects.requireNonNull(features, "features");
      java.util.Objects.requireNonNull(model, "model");
      java.util.Objects.requireNonNull(stoppingMetric, "stoppingMetric");
      java.util.Objects.requireNonNull(split, "split");
      return new TrainResult(
          objective,
          labels,
          features,
          model,
          bestIteration,
          roundsTrained,
          stoppingMetric,
          bestScore,
          history,
          trainMetrics,
          validMetrics,
          importance,
          split,
          nativeParams,
          notes);
    }
  }

  /**
   * Row counts of the training run.
   *
   * @param dropped rows left out because the target was missing
   */
  public record SplitSizes(int train, int valid, int dropped) {}
}
