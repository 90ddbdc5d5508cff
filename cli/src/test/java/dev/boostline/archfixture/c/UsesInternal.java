package dev.boostline.archfixture.c;

import dev.boostline.archfixture.d.internal.Hidden;

/** Fixture: reaches into another package's internal package. */
public final class UsesInternal {
  private UsesInternal() {}

  /** The violation. */
  public static int peek() {
    return Hidden.value();
  }
}
