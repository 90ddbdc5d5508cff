package dev.boostline.cli;

import dev.boostline.model.EngineChoice;
import picocli.CommandLine.Option;

/** The {@code --engine auto|native} option of the commands that score. */
final class EngineOption {
  @Option(
      names = "--engine",
      paramLabel = "auto|native",
      defaultValue = "auto",
      description =
          "Scoring engine: auto (the pure-Java evaluator when it matches xgboost's own"
              + " prediction on the check rows, else native; the default) or native.")
  EngineChoice engine;
}
