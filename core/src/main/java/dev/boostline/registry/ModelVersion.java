package dev.boostline.registry;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A registered, immutable model version: what {@code version.json} in the version's directory
 * holds.
 *
 * @param name the model name
 * @param version the version number, from 1, assigned at registration and never reused
 * @param createdAt when it was registered (millisecond precision)
 * @param createdBy the operating-system user who registered it
 * @param description free text given at registration, absent when none or blank
 * @param datasetName the name of the dataset it was trained on (a registered dataset, or the name
 *     given to an in-memory table)
 * @param objective XGBoost's objective name, e.g. {@code binary:logistic}
 * @param target the target column it predicts
 * @param modelSha256 SHA-256 of the model file: the identity used to detect re-registration
 * @param runId the training run it came from (absent for a model trained in memory)
 * @param datasetVersion the registered dataset version it was trained on (absent: in memory)
 * @param metrics training-time metrics by split ({@code train}, {@code valid}), then by metric id
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
