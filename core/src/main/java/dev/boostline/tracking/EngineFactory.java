package dev.boostline.tracking;

import java.util.Map;

/**
 * Makes a training {@link TrackedTraining.Engine} from settings, for pipeline files ({@code
 * training: {engine: {name: spark, master: local[2]}}}). Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.boostline.tracking.EngineFactory}); the {@code boostline-spark}
 * module provides {@code spark}. The single-node engine needs no factory.
 */
public interface EngineFactory {
  /** The engine's name in pipeline files, e.g. {@code spark}. */
  String name();

  /**
   * Checks settings (every key of the {@code engine} mapping but {@code name}) when a pipeline file
   * is read, before anything runs.
   *
   * @throws IllegalArgumentException naming an unknown or invalid setting
   */
  void validate(Map<String, Object> settings);

  /**
   * An engine for these (validated) settings, training on the dataset versions of {@code home}. The
   * caller uses it for one run.
   */
  TrackedTraining.Engine create(Map<String, Object> settings, java.nio.file.Path home);
}
