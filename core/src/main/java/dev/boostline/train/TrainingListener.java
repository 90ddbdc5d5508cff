package dev.boostline.train;

import java.util.Map;

/**
 * Receives training progress. Called on the training thread: a slow listener slows training, and an
 * exception it throws aborts the run. Both methods do nothing by default.
 */
public interface TrainingListener {
  /** Does nothing. */
  TrainingListener NONE = new TrainingListener() {};

  /**
   * After each boosting round.
   *
   * @param iteration 0-based round just finished
   * @param rounds the maximum number of rounds
   * @param metrics this round's metrics, keyed {@code train-logloss}, {@code valid-auc}, ...
   */
  default void onIteration(int iteration, int rounds, Map<String, Double> metrics) {}

  /** A decision a person should see (the inferred objective, dropped rows, ...). */
  default void onInfo(String message) {}
}
