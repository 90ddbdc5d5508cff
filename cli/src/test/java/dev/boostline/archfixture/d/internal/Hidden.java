package dev.boostline.archfixture.d.internal;

/** Fixture: internal to dev.boostline.archfixture.d. */
public final class Hidden {
  private Hidden() {}

  /** Something to call. */
  public static int value() {
    return 1;
  }
}
