package dev.boostline.eval;

/** The outcome of a promotion policy. */
public enum Verdict {
  PROMOTE,
  REJECT
}
