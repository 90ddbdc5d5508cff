package dev.boostline.model;

/** How {@link ModelBundle#open(EngineChoice)} picks the engine that scores a model. */
public enum EngineChoice {
  /**
   * The pure-Java tree evaluator when it supports the model and matches xgboost's own prediction on
   * the bundle's golden rows and rows sampled from the training profile; xgboost4j otherwise (the
   * reason is logged). The default.
   */
  AUTO,

  /** Always xgboost4j's native prediction. */
  NATIVE
}
