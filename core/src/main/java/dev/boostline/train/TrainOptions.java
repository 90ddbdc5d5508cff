package dev.boostline.train;

import dev.boostline.features.FeatureSpec;
import java.util.Objects;

/**
 * Everything a training run needs besides the data. Immutable; build with {@link
 * #builder(FeatureSpec)}.
 *
 * <p>Defaults: {@link XgbParams#defaults()}, a 20% validation split (stratified on the target for
 * classification, seeded with the parameters' seed), no early stopping.
 *
 * @param spec the features to build; must name a target
 * @param params the XGBoost parameters; their seed also seeds the split
 * @param validation how rows are held out for validation
 * @param earlyStoppingRounds stop when the validation score has not improved for this many rounds;
 *     0 for none (the model is then every round). Needs a validation set
 */
public record TrainOptions(
    FeatureSpec spec, XgbParams params, ValidationSplit validation, int earlyStoppingRounds) {
  public TrainOptions {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(validation, "validation");
    if (spec.target().isEmpty()) {
      throw new IllegalArgumentException("training needs a target column in the feature spec");
    }
    if (earlyStoppingRounds < 0) {
      throw new IllegalArgumentException(
          "earlyStoppingRounds must be >= 0, got " + earlyStoppingRounds);
    }
    if (earlyStoppingRounds > 0 && !validation.hasValidation()) {
      throw new IllegalArgumentException(
          "early stopping needs a validation set (a validation fraction or a time split)");
    }
  }

  /** A builder with the defaults and {@code spec} (which must name a target by {@code build}). */
  public static Builder builder(FeatureSpec spec) {
    return new Builder(spec);
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder(spec)
        .params(params)
        .validation(validation)
        .earlyStoppingRounds(earlyStoppingRounds);
  }

  /** Builder for {@link TrainOptions}; not thread-safe. */
  public static final class Builder {
    private FeatureSpec spec;
    private XgbParams params = XgbParams.defaults();
    private ValidationSplit validation = ValidationSplit.random(0.2);
    private int earlyStoppingRounds;

    private Builder(FeatureSpec spec) {
      this.spec = spec;
    }

    /** Replaces the feature spec. */
    public Builder spec(FeatureSpec value) {
      spec = value;
      return this;
    }

    /** The XGBoost parameters. Default: {@link XgbParams#defaults()}. */
    public Builder params(XgbParams value) {
      params = value;
      return this;
    }

    /** How rows are held out. Default: {@code ValidationSplit.random(0.2)}. */
    public Builder validation(ValidationSplit value) {
      validation = value;
      return this;
    }

    /** Rounds without improvement before stopping, >= 0. Default: 0 (no early stopping). */
    public Builder earlyStoppingRounds(int value) {
      earlyStoppingRounds = value;
      return this;
    }

    /**
     * The options.
     *
     * @throws NullPointerException when the spec, parameters or validation split is null
     * @throws IllegalArgumentException when the spec has no target, early stopping is negative, or
     *     early stopping is asked for without a validation set
     */
    public TrainOptions build() {
      return new TrainOptions(spec, params, validation, earlyStoppingRounds);
    }
  }
}
