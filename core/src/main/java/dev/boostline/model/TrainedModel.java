package dev.boostline.model;

import dev.boostline.features.FittedFeatures;
import dev.boostline.task.LabelEncoding;
import dev.boostline.task.Objective;
import dev.boostline.train.TrainResult;

/**
 * The parts of a training result a bundle is made of.
 *
 * @param objective the objective it was trained with
 * @param labels how outputs map back to the target's values
 * @param features the fitted features of the training data
 * @param bestIteration 0-based; predictions use rounds 0..bestIteration
 * @param model UBJSON bytes (not copied: treat as read-only)
 * @param importance per type (gain, cover, weight) the score of each used feature
 */
public record TrainedModel(
    Objective objective,
    LabelEncoding labels,
    FittedFeatures features,
    int bestIteration,
    byte[] model,
    java.util.Map<String, java.util.Map<String, Double>> importance) {
  /** The model of a training result. */
  public static TrainedModel of(TrainResult r) {
    return new TrainedModel(
        r.objective(), r.labels(), r.features(), r.bestIteration(), r.model(), r.importance());
  }
}
