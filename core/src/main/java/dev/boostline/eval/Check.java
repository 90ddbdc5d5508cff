package dev.boostline.eval;

import java.util.Objects;
import java.util.Optional;

/**
 * One check a promotion policy made, as a value: which rule, on which metric, what was measured
 * against what bound, whether it passed, and the sentence a person reads. Immutable.
 *
 * @param rule which rule of the policy this is
 * @param outcome {@link Outcome#PASS} or {@link Outcome#FAIL} for a judged rule, {@link
 *     Outcome#INFO} for context (which bounds applied)
 * @param metric the metric id the rule judged ({@code auc}, ...), absent for context
 * @param measured the value the rule judged: the candidate's estimate, the difference from
 *     production, the bootstrap probability, the worsening, or the slice's value
 * @param threshold the bound it was held to, in the same units
 * @param reason the check in words, e.g. {@code PASS auc 0.9470 > 0.5000}
 */
public record Check(
    Rule rule,
    Outcome outcome,
    Optional<String> metric,
    Optional<Double> measured,
    Optional<Double> threshold,
    String reason) {
  public Check {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(measured, "measured");
    Objects.requireNonNull(threshold, "threshold");
    Objects.requireNonNull(reason, "reason");
  }

  /** Whether a judged rule failed. */
  public boolean failed() {
    return outcome == Outcome.FAIL;
  }

  /** Whether a judged rule passed. */
  public boolean passed() {
    return outcome == Outcome.PASS;
  }

  /** The outcome of one check. */
  public enum Outcome {
    /** A judged rule held. */
    PASS,
    /** A judged rule did not hold; any failure makes the verdict {@link Verdict#REJECT}. */
    FAIL,
    /**
     * Context that does not count towards the verdict: which bounds applied, or a worsening within
     * the bootstrap's noise.
     */
    INFO
  }

  /** The rules of a {@link PromotionPolicy}. */
  public enum Rule {
    /** Which absolute bounds apply when there is no production model (context only). */
    BOUNDS,
    /** An absolute bound on a metric (a policy threshold, or a sanity bound). */
    THRESHOLD,
    /** The primary metric improves on production by more than the minimum. */
    IMPROVEMENT,
    /** The bootstrap probability that the primary metric is better reaches the confidence. */
    CONFIDENCE,
    /** Another metric worsens by no more than its allowed share. */
    REGRESSION,
    /** The primary metric worsens by no more than its allowed share in a judged slice. */
    SLICE,
    /** Summary: nothing else regressed beyond the policy. */
    NO_REGRESSION
  }
}
