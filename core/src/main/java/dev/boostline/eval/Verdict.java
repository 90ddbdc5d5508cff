package dev.boostline.eval;

/** The outcome of a promotion policy. */
public enum Verdict {
  /** Every judged check passed: the candidate may replace the baseline. */
  PROMOTE,
  /** At least one judged check failed; the failed checks say why. */
  REJECT
}
