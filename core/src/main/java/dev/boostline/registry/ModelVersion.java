package dev.boostline.registry;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A registered, immutable model version.
 *
 * @param modelSha256 SHA-256 of the model file: the identity used to detect re-registration
 * @param runId the training run it came from
 * @param metrics training-time metrics ({@code train}, {@code valid})
 */
public record ModelVersion(
    String name,
    int version,
    Instant createdAt,
    String createdBy,
    Optional<String> description,
    String runId,
    String datasetName,
    int datasetVersion,
    String objective,
    String target,
    String modelSha256,
    Map<String, Map<String, Double>> metrics) {
  public ModelVersion {
    metrics = Map.copyOf(metrics);
  }

  /** {@code name@version}. */
  public ModelRef ref() {
    return ModelRef.of(name, version);
  }
}
