package dev.boostline.pipeline;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When drift in production starts a run: a scoring server's {@code /metrics} is polled, and a run
 * starts when the population stability index of {@code feature} (or of the model's score, when no
 * feature is named) exceeds {@code threshold} over at least {@code minRows} scored rows. One drift
 * episode starts one run: after firing, the trigger waits until the PSI falls back below the
 * threshold (a new model served resets the window) and at least {@code cooldown} has passed.
 *
 * @param metrics the server's Prometheus endpoint, e.g. {@code http://127.0.0.1:8080/metrics}
 * @param model the served model's name
 * @param feature an input column, or empty for the score
 * @param threshold PSI above which the data has drifted (0.2 is a common choice)
 * @param minRows rows the drift window must hold before its PSI counts
 * @param cooldown the least time between two drift runs
 * @param every how often the endpoint is polled
 */
public record DriftTrigger(
    URI metrics,
    String model,
    Optional<String> feature,
    double threshold,
    long minRows,
    Duration cooldown,
    Duration every) {
  public DriftTrigger {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(feature, "feature");
    Objects.requireNonNull(cooldown, "cooldown");
    Objects.requireNonNull(every, "every");
    if (!(threshold > 0)) {
      throw new IllegalArgumentException("the PSI threshold must be > 0, got " + threshold);
    }
    if (minRows < 1) {
      throw new IllegalArgumentException("minRows must be >= 1, got " + minRows);
    }
    if (cooldown.isNegative() || every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("cooldown must be >= 0 and the poll interval > 0");
    }
  }

  /** What is watched, in words: {@code PSI of age for income} or {@code PSI of the score}. */
  public String describe() {
    return "PSI of "
        + feature.map(f -> f).orElse("the score")
        + " for "
        + model
        + " > "
        + threshold;
  }
}
