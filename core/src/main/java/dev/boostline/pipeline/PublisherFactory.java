package dev.boostline.pipeline;

import java.util.Map;

/**
 * Makes {@link Publisher}s from the settings of a pipeline file's {@code push} section. Found with
 * {@link java.util.ServiceLoader} ({@code
 * META-INF/services/dev.boostline.pipeline.PublisherFactory}); the {@code boostline-azure} module
 * provides {@code to: azure}.
 */
public interface PublisherFactory {
  /** The value of {@code push.to} this factory serves, e.g. {@code azure}. */
  String name();

  /**
   * A publisher for these settings (every key of the {@code push} section but {@code to} and {@code
   * when}; values are strings, numbers, booleans, lists or maps).
   *
   * @param model the pipeline's model name (a default for names the settings leave out)
   * @throws IllegalArgumentException naming an unknown, missing or invalid setting
   */
  Publisher create(Map<String, Object> settings, String model);
}
