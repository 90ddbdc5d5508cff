package dev.boostline;

import dev.boostline.eval.Comparison;
import dev.boostline.eval.Decision;
import dev.boostline.eval.Verdict;
import dev.boostline.registry.ModelVersion;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link Boostline#evaluate}: the full comparison (metrics with intervals, per-row
 * outputs, slices, explanations), the decision stored with the candidate, and where the report
 * went. Immutable.
 *
 * @param candidate the version judged
 * @param baseline the version it was compared with, if any
 * @param comparison everything measured, and the policy's checks
 * @param decision what {@link Boostline#promote} will check, as stored in the home
 * @param report the HTML report file, when one was asked for
 */
public record Evaluation(
    ModelVersion candidate,
    Optional<ModelVersion> baseline,
    Comparison comparison,
    Decision decision,
    Optional<Path> report) {
  public Evaluation {
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(comparison, "comparison");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(report, "report");
  }

  /** The policy's verdict. */
  public Verdict verdict() {
    return decision.verdict();
  }

  /** Whether the policy would let the candidate replace the baseline. */
  public boolean promotes() {
    return decision.verdict() == Verdict.PROMOTE;
  }
}
