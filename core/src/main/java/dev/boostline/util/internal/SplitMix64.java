package dev.boostline.util.internal;

/**
 * SplitMix64 (Steele, Lea and Flood, 2014): a tiny seeded generator whose sequence is fixed by its
 * definition, so seeded splits and samples stay the same across JDK versions. Not thread-safe;
 * create one per use.
 */
public final class SplitMix64 {
  private long state;

  public SplitMix64(long seed) {
    this.state = seed;
  }

  /** The next 64 random bits. */
  public long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    return mix(z);
  }

  /** A uniform int in [0, bound). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be > 0, got " + bound);
    }
    // Lemire's multiply-shift on the top 32 bits; the bias is below 2^-32 for any int bound.
    long r = nextLong() >>> 32;
    return (int) ((r * bound) >>> 32);
  }

  /** A uniform double in [0, 1). */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Shuffles an array in place (Fisher-Yates). */
  public void shuffle(int[] values) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }

  /** The SplitMix64 finalizer: a good 64-bit mixing function on its own. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
