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
 * @param trainMetrics, validMetrics task metrics at the best iteration (see {@link TaskMetrics})
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

  /**
   * Row counts of the training run.
   *
   * @param dropped rows left out because the target was missing
   */
  public record SplitSizes(int train, int valid, int dropped) {}
}
