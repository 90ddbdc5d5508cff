package dev.boostline.registry;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A registered, immutable model version.
 *
 * @param modelSha256 SHA-256 of the model file: the identity used to detect re-registration
 * @param runId the training run it came from (absent for a model trained in memory)
 * @param datasetVersion the registered dataset version it was trained on (absent: in memory)
 * @param metrics training-time metrics ({@code train}, {@code valid})
 */
public record ModelVersion(
    String name,
    int version,
    Instant createdAt,
    String createdBy,
    Optional<String> description,
    Optional<String> runId,
    String datasetName,
    Optional<Integer> datasetVersion,
    String objective,
    String target,
    String modelSha256,
    Map<String, Map<String, Double>> metrics) {
  public ModelVersion {
    metrics = Map.copyOf(metrics);
  }

  /** The training data in words: {@code name@version}, or {@code name (in memory)}. */
  public String dataset() {
    return datasetVersion.map(v -> datasetName + "@" + v).orElse(datasetName + " (in memory)");
  }

  /** {@code name@version}. */
  public ModelRef ref() {
    return ModelRef.of(name, version);
  }
}
