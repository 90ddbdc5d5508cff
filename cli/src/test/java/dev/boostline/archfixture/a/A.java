package dev.boostline.archfixture.a;

import dev.boostline.archfixture.b.B;

/** Fixture: half of a package cycle (a uses b, b uses a). */
public final class A {
  private A() {}

  /** Uses b. */
  public static int size() {
    return B.limit();
  }
}
