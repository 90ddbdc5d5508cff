package dev.boostline.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The prediction for one record.
 *
 * @param label binary and multiclass: the predicted class (original value); regression: absent
 * @param probability binary: probability of the positive class (the second class); else absent
 * @param probabilities classification: probability per class, in class order; else empty
 * @param value regression: the predicted value; else absent
 */
public record Prediction(
    Optional<String> label,
    Optional<Double> probability,
    Map<String, Double> probabilities,
    Optional<Double> value) {
  public Prediction {
    probabilities = Map.copyOf(probabilities);
  }

  /** Builds the prediction of one model output row (see {@link Scorer#outputs}). */
  static Prediction of(dev.boostline.task.LabelEncoding labels, float[] output, double threshold) {
    switch (labels.task()) {
      case BINARY -> {
        double p = output[0];
        List<String> c = labels.classes();
        return new Prediction(
            Optional.of(labels.predictedLabel(output, threshold)),
            Optional.of(p),
            Map.of(c.get(0), 1 - p, c.get(1), p),
            Optional.empty());
      }
      case MULTICLASS -> {
        java.util.LinkedHashMap<String, Double> m = new java.util.LinkedHashMap<>();
        for (int k = 0; k < output.length; k++) {
          m.put(labels.classes().get(k), (double) output[k]);
        }
        return new Prediction(
            Optional.of(labels.predictedLabel(output, threshold)),
            Optional.empty(),
            m,
            Optional.empty());
      }
      default -> {
        return new Prediction(
            Optional.empty(), Optional.empty(), Map.of(), Optional.of((double) output[0]));
      }
    }
  }
}
