package dev.boostline;

import dev.boostline.registry.ModelRef;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Boostline#promote} does: point an alias at a version, gated by the version's latest
 * evaluation decision unless forced. Immutable; build with {@link #builder(ModelRef)}.
 *
 * @param model the version to promote (a version, or an alias or latest, resolved first)
 * @param alias the alias to move, {@code production} by default
 * @param reason why, kept in the audit log; required when forcing
 * @param force promote without a PROMOTE decision against the alias's current version (audited as
 *     forced)
 */
public record PromotionRequest(
    ModelRef model, String alias, Optional<String> reason, boolean force) {
  /** The alias promotions move unless told otherwise. */
  public static final String PRODUCTION = "production";

  public PromotionRequest {
    Objects.requireNonNull(model, "model");
    ModelRef.requireValidAlias(alias);
    reason = reason.map(String::strip).filter(r -> !r.isEmpty());
    if (force && reason.isEmpty()) {
      throw new IllegalArgumentException(
          "a forced promotion needs a reason (it is kept in the audit log)");
    }
  }

  /** A decision-gated promotion of {@code model} to {@code production}. */
  public static Builder builder(ModelRef model) {
    return new Builder(model);
  }

  /** Builder for {@link PromotionRequest}; not thread-safe. */
  public static final class Builder {
    private final ModelRef model;
    private String alias = PRODUCTION;
    private Optional<String> reason = Optional.empty();
    private boolean force;

    private Builder(ModelRef model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    /** The alias to move (default {@code production}). */
    public Builder alias(String value) {
      alias = value;
      return this;
    }

    /** Why, for the audit log. */
    public Builder reason(String value) {
      reason = Optional.of(value);
      return this;
    }

    /** Promotes without a PROMOTE decision, for {@code reason} (audited as forced). */
    public Builder force(String why) {
      force = true;
      reason = Optional.of(why);
      return this;
    }

    public PromotionRequest build() {
      return new PromotionRequest(model, alias, reason, force);
    }
  }
}
