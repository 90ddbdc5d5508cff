package dev.boostline;

import dev.boostline.eval.Decision;
import dev.boostline.registry.ModelVersion;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link Boostline#promote}.
 *
 * @param version the version the alias points to now
 * @param alias the alias
 * @param from the version it pointed to before, if any
 * @param decision the decision that approved the move (absent when forced or unchanged)
 * @param forced whether the move skipped the decision gate
 * @param changed false when the alias already pointed to the version (nothing was written)
 */
public record Promotion(
    ModelVersion version,
    String alias,
    Optional<Integer> from,
    Optional<Decision> decision,
    boolean forced,
    boolean changed) {
  public Promotion {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(decision, "decision");
  }
}
