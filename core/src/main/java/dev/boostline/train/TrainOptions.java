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
 * @param earlyStoppingRounds stop when the validation score has not improved for this many rounds;
 *     0 for none
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

    public Builder spec(FeatureSpec value) {
      spec = value;
      return this;
    }

    public Builder params(XgbParams value) {
      params = value;
      return this;
    }

    public Builder validation(ValidationSplit value) {
      validation = value;
      return this;
    }

    public Builder earlyStoppingRounds(int value) {
      earlyStoppingRounds = value;
      return this;
    }

    public TrainOptions build() {
      return new TrainOptions(spec, params, validation, earlyStoppingRounds);
    }
  }
}
