package dev.boostline.archfixture.b;

import dev.boostline.archfixture.a.A;

/** Fixture: the other half of a package cycle; also calls xgboost4j outside its package. */
public final class B {
  private B() {}

  /** What a reads (a method: a constant would be inlined and leave no dependency). */
  public static int limit() {
    return 3;
  }

  /** Uses a. */
  public static int twice() {
    return 2 * A.size();
  }

  /** Touches xgboost4j from the wrong package. */
  public static Class<?> booster() {
    return ml.dmlc.xgboost4j.java.Booster.class;
  }
}
