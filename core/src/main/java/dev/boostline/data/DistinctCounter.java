package dev.boostline.data;

import dev.boostline.util.internal.SplitMix64;
import java.util.Arrays;

/**
 * Counts distinct 64-bit keys: exactly (an open-addressing set) up to {@value #EXACT_LIMIT} keys,
 * then by HyperLogLog with 2^14 registers (standard error about 0.8%). Mergeable. Memory: at most
 * 256 KiB, then 16 KiB. Not thread-safe.
 */
final class DistinctCounter {
  static final int EXACT_LIMIT = 16_384;
  private static final int P = 14;
  private static final int M = 1 << P;
  private static final long EMPTY = 0x5bd1e9955bd1e995L;

  private long[] table = new long[64];
  private int size;
  private boolean hasEmptyKey;
  private byte[] registers;

  /** Whether the count is still exact. */
  boolean exact() {
    return registers == null;
  }

  void add(long key) {
    long h = SplitMix64.mix(key ^ 0x632BE59BD9B4E019L);
    if (registers != null) {
      addHashed(h);
      return;
    }
    if (key == EMPTY) {
      if (!hasEmptyKey) {
        hasEmptyKey = true;
        size++;
        overflowIfNeeded();
      }
      return;
    }
    int mask = table.length - 1;
    int i = (int) h & mask;
    long k;
    while ((k = table[i]) != EMPTY) {
      if (k == key) {
        return;
      }
      i = (i + 1) & mask;
    }
    table[i] = key;
    size++;
    if (size * 2 > table.length) {
      grow();
    }
    overflowIfNeeded();
  }

  private void insert(long key, long h) {
    int mask = table.length - 1;
    int i = (int) h & mask;
    while (table[i] != EMPTY) {
      i = (i + 1) & mask;
    }
    table[i] = key;
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    Arrays.fill(table, EMPTY);
    for (long k : old) {
      if (k != EMPTY) {
        insert(k, SplitMix64.mix(k ^ 0x632BE59BD9B4E019L));
      }
    }
  }

  {
    Arrays.fill(table, EMPTY);
  }

  private void overflowIfNeeded() {
    if (size <= EXACT_LIMIT) {
      return;
    }
    registers = new byte[M];
    for (long k : table) {
      if (k != EMPTY) {
        addHashed(SplitMix64.mix(k ^ 0x632BE59BD9B4E019L));
      }
    }
    if (hasEmptyKey) {
      addHashed(SplitMix64.mix(EMPTY ^ 0x632BE59BD9B4E019L));
    }
    table = null;
  }

  private void addHashed(long h) {
    int idx = (int) (h >>> (64 - P));
    int rank = Long.numberOfLeadingZeros((h << P) | (1L << (P - 1))) + 1;
    if (rank > registers[idx]) {
      registers[idx] = (byte) rank;
    }
  }

  /** Adds the keys counted by {@code other}. */
  void merge(DistinctCounter other) {
    if (other.registers == null) {
      for (long k : other.table) {
        if (k != EMPTY) {
          add(k);
        }
      }
      if (other.hasEmptyKey) {
        add(EMPTY);
      }
      return;
    }
    if (registers == null) {
      size = EXACT_LIMIT + 1;
      overflowIfNeeded();
    }
    for (int i = 0; i < M; i++) {
      registers[i] = (byte) Math.max(registers[i], other.registers[i]);
    }
  }

  /** The number of distinct keys: exact while {@link #exact()}, else the HyperLogLog estimate. */
  long count() {
    if (registers == null) {
      return size;
    }
    double sum = 0;
    int zeros = 0;
    for (byte r : registers) {
      sum += 1.0 / (1L << r);
      if (r == 0) {
        zeros++;
      }
    }
    double alpha = 0.7213 / (1 + 1.079 / M);
    double e = alpha * M * M / sum;
    if (e <= 2.5 * M && zeros > 0) {
      e = M * Math.log((double) M / zeros);
    }
    return Math.round(e);
  }
}
