package dev.boostline;

import dev.boostline.data.CsvOptions;
import dev.boostline.model.EngineChoice;
import dev.boostline.registry.ModelRef;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link Boostline#score} scores: a CSV file, with a model version, into a CSV file of
 * predictions. Immutable; build with {@link #builder(ModelRef, Path, Path)}.
 *
 * @param model the model version (a version, alias or latest)
 * @param input the CSV file to score (plain or gzip); columns are typed by the model's training
 *     schema and columns the model does not read are ignored
 * @param output where the predictions go (replaced atomically)
 * @param csv how to read the input (separator sniffed by default)
 * @param explain whether to add SHAP contributions per feature
 * @param engine which scoring engine to use
 */
public record ScoreRequest(
    ModelRef model, Path input, Path output, CsvOptions csv, boolean explain, EngineChoice engine) {
  public ScoreRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(csv, "csv");
    Objects.requireNonNull(engine, "engine");
  }

  /** A request with default CSV options, no explanations, the automatic engine. */
  public static Builder builder(ModelRef model, Path input, Path output) {
    return new Builder(model, input, output);
  }

  /** Builder for {@link ScoreRequest}; not thread-safe. */
  public static final class Builder {
    private final ModelRef model;
    private final Path input;
    private final Path output;
    private CsvOptions csv = CsvOptions.defaults();
    private boolean explain;
    private EngineChoice engine = EngineChoice.AUTO;

    private Builder(ModelRef model, Path input, Path output) {
      this.model = model;
      this.input = input;
      this.output = output;
    }

    /** How to read the input. */
    public Builder csv(CsvOptions value) {
      csv = value;
      return this;
    }

    /** Adds SHAP contributions per feature (margin units). */
    public Builder explain(boolean value) {
      explain = value;
      return this;
    }

    /** The scoring engine (default {@link EngineChoice#AUTO}). */
    public Builder engine(EngineChoice value) {
      engine = value;
      return this;
    }

    public ScoreRequest build() {
      return new ScoreRequest(model, input, output, csv, explain, engine);
    }
  }
}
