package dev.boostline.archfixture.d;

/** Fixture: a public package with classes of its own, so d.internal is private to it. */
public final class Owner {
  private Owner() {}
}
