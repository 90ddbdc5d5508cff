package dev.boostline.data;

import java.util.Arrays;

/**
 * Row indices of a train / validation / test split, each sorted ascending; together they are every
 * row exactly once. Immutable: accessors return copies.
 */
public final class DatasetSplit {
  private final int[] train;
  private final int[] valid;
  private final int[] test;

  DatasetSplit(int[] train, int[] valid, int[] test) {
    this.train = sorted(train);
    this.valid = sorted(valid);
    this.test = sorted(test);
  }

  private static int[] sorted(int[] a) {
    int[] c = a.clone();
    Arrays.sort(c);
    return c;
  }

  /** Zero-based indices of the training rows, ascending; a fresh copy the caller owns. */
  public int[] train() {
    return train.clone();
  }

  /**
   * Zero-based indices of the validation rows, ascending (empty when the split holds none out); a
   * fresh copy the caller owns.
   */
  public int[] valid() {
    return valid.clone();
  }

  /**
   * Zero-based indices of the test rows, ascending (empty when the split holds none out); a fresh
   * copy the caller owns.
   */
  public int[] test() {
    return test.clone();
  }

  /** Number of training rows, without copying the indices. */
  public int trainSize() {
    return train.length;
  }

  /** Number of validation rows, without copying the indices. */
  public int validSize() {
    return valid.length;
  }

  /** Number of test rows, without copying the indices. */
  public int testSize() {
    return test.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DatasetSplit s
        && Arrays.equals(train, s.train)
        && Arrays.equals(valid, s.valid)
        && Arrays.equals(test, s.test);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(train) + Arrays.hashCode(valid)) + Arrays.hashCode(test);
  }

  @Override
  public String toString() {
    return "DatasetSplit[train="
        + train.length
        + ", valid="
        + valid.length
        + ", test="
        + test.length
        + "]";
  }
}
