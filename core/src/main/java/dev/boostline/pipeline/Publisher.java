package dev.boostline.pipeline;

import dev.boostline.Boostline;
import dev.boostline.registry.ModelVersion;
import java.util.Map;

/**
 * Publishes a production model somewhere beyond the home (Azure ML, say): the port behind a
 * pipeline file's {@code push} section. Implementations come from {@link PublisherFactory}s found
 * on the class path; they must be thread-safe and idempotent (publishing the same version twice is
 * a success that changes nothing).
 */
public interface Publisher {
  /**
   * Publishes a registered version.
   *
   * @param listener progress callbacks, reported under the {@code push} step
   * @return what was published, recorded as the step's outputs (names, versions, URIs)
   * @throws dev.boostline.common.BoostlineException naming what failed and where
   */
  Map<String, String> publish(Boostline home, ModelVersion version, PipelineListener listener);

  /** Where this publisher publishes, in words (for the step's message). */
  String describe();
}
