package dev.boostline.serving.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Request counts and latencies per second over the last {@value #SECONDS} seconds, for the live
 * view of a server (requests/s, error rates, latency percentiles over a recent window). The
 * Prometheus histogram cannot serve this: it is cumulative since start and its buckets start at 1
 * ms, while a scored record takes tens of microseconds.
 *
 * <p>Each second has a slot: outcome counters and a log-linear latency histogram (8 buckets per
 * power of two from 1 µs to 68 s, so a percentile is within about 9% of the true value). Recording
 * is a few atomic increments with no lock and no allocation; a slot is reset by the first thread
 * that writes to it in a new second. Thread-safe.
 */
public final class LiveStats {
  /** Seconds kept. */
  public static final int SECONDS = 180;

  private static final int SUB_BITS = 3;
  private static final int SUBS = 1 << SUB_BITS;
  private static final int MIN_EXP = 10; // 2^10 ns = 1.024 µs
  private static final int MAX_EXP = 36; // 2^36 ns = 68.7 s
  static final int BUCKETS = (MAX_EXP - MIN_EXP + 1) * SUBS;

  /** How a request ended. */
  public enum Outcome {
    SUCCESS,
    CLIENT_ERROR,
    SERVER_ERROR,
    /** Refused with 503 because the server was at its limit of pending requests. */
    OVERLOADED,
    /** Refused with 401. */
    UNAUTHORIZED
  }

  private static final class Slot {
    final AtomicLong second = new AtomicLong(Long.MIN_VALUE);
    final AtomicLongArray outcomes = new AtomicLongArray(Outcome.values().length);
    final AtomicLongArray latency = new AtomicLongArray(BUCKETS);
  }

  private final Slot[] slots = new Slot[SECONDS];
  private final LongSupplier clockMillis;

  /** Stats on the system clock. */
  public LiveStats() {
    this(System::currentTimeMillis);
  }

  /** Stats on a given clock (epoch milliseconds), for tests. */
  public LiveStats(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
    for (int i = 0; i < SECONDS; i++) {
      slots[i] = new Slot();
    }
  }

  /**
   * Records one finished request; {@code nanos} is its latency (ignored for refused requests, which
   * were never timed: pass 0).
   */
  public void record(Outcome outcome, long nanos) {
    Slot s = slot(Math.floorDiv(clockMillis.getAsLong(), 1000));
    s.outcomes.incrementAndGet(outcome.ordinal());
    if (outcome != Outcome.OVERLOADED && outcome != Outcome.UNAUTHORIZED) {
      s.latency.incrementAndGet(bucket(nanos));
    }
  }

  private Slot slot(long second) {
    Slot s = slots[(int) Math.floorMod(second, (long) SECONDS)];
    if (s.second.get() != second) {
      synchronized (s) {
        if (s.second.get() != second) {
          for (int i = 0; i < s.outcomes.length(); i++) {
            s.outcomes.set(i, 0);
          }
          for (int i = 0; i < BUCKETS; i++) {
            s.latency.set(i, 0);
          }
          // Published last: a writer that sees the new second sees the cleared counters.
          s.second.set(second);
        }
      }
    }
    return s;
  }

  static int bucket(long nanos) {
    if (nanos < (1L << MIN_EXP)) {
      return 0;
    }
    int exp = 63 - Long.numberOfLeadingZeros(nanos);
    if (exp > MAX_EXP) {
      return BUCKETS - 1;
    }
    int sub = (int) ((nanos >>> (exp - SUB_BITS)) & (SUBS - 1));
    return (exp - MIN_EXP) * SUBS + sub;
  }

  /** The middle of a bucket, in nanoseconds. */
  static double bucketMiddle(int b) {
    int exp = b / SUBS + MIN_EXP;
    int sub = b % SUBS;
    double lo = Math.scalb(1.0 + (double) sub / SUBS, exp);
    double width = Math.scalb(1.0 / SUBS, exp);
    return lo + width / 2;
  }

  /**
   * One second, or a window of seconds, summed.
   *
   * @param second epoch second (the last one, for a window)
   * @param seconds how many seconds were summed
   * @param p50Ms, p95Ms, p99Ms, maxMs latency percentiles of the timed requests, milliseconds; NaN
   *     with no timed request
   */
  public record Summary(
      long second,
      int seconds,
      long success,
      long clientErrors,
      long serverErrors,
      long overloaded,
      long unauthorized,
      double p50Ms,
      double p95Ms,
      double p99Ms,
      double maxMs) {
    /** Every request counted, refused ones included. */
    public long requests() {
      return success + clientErrors + serverErrors + overloaded + unauthorized;
    }

    /** Requests per second over the summed seconds. */
    public double perSecond() {
      return seconds == 0 ? 0 : (double) requests() / seconds;
    }
  }

  /** The last {@code seconds} complete seconds (the current one excluded), summed. */
  public Summary window(int seconds) {
    if (seconds < 1 || seconds > SECONDS - 1) {
      throw new IllegalArgumentException(
          "window must be 1.." + (SECONDS - 1) + " s, got " + seconds);
    }
    long now = Math.floorDiv(clockMillis.getAsLong(), 1000);
    long[] outcomes = new long[Outcome.values().length];
    long[] hist = new long[BUCKETS];
    for (long t = now - seconds; t < now; t++) {
      add(t, outcomes, hist);
    }
    return summary(now - 1, seconds, outcomes, hist);
  }

  /** Each of the last {@code seconds} complete seconds, oldest first. */
  public List<Summary> seconds(int seconds) {
    if (seconds < 1 || seconds > SECONDS - 1) {
      throw new IllegalArgumentException(
          "seconds must be 1.." + (SECONDS - 1) + ", got " + seconds);
    }
    long now = Math.floorDiv(clockMillis.getAsLong(), 1000);
    List<Summary> out = new ArrayList<>(seconds);
    for (long t = now - seconds; t < now; t++) {
      long[] outcomes = new long[Outcome.values().length];
      long[] hist = new long[BUCKETS];
      add(t, outcomes, hist);
      out.add(summary(t, 1, outcomes, hist));
    }
    return out;
  }

  private void add(long second, long[] outcomes, long[] hist) {
    Slot s = slots[(int) Math.floorMod(second, (long) SECONDS)];
    if (s.second.get() != second) {
      return;
    }
    for (int i = 0; i < outcomes.length; i++) {
      outcomes[i] += s.outcomes.get(i);
    }
    for (int i = 0; i < BUCKETS; i++) {
      hist[i] += s.latency.get(i);
    }
  }

  private static Summary summary(long second, int seconds, long[] o, long[] hist) {
    long total = 0;
    int last = -1;
    for (int i = 0; i < hist.length; i++) {
      total += hist[i];
      if (hist[i] > 0) {
        last = i;
      }
    }
    return new Summary(
        second,
        seconds,
        o[Outcome.SUCCESS.ordinal()],
        o[Outcome.CLIENT_ERROR.ordinal()],
        o[Outcome.SERVER_ERROR.ordinal()],
        o[Outcome.OVERLOADED.ordinal()],
        o[Outcome.UNAUTHORIZED.ordinal()],
        percentile(hist, total, 0.50),
        percentile(hist, total, 0.95),
        percentile(hist, total, 0.99),
        last < 0 ? Double.NaN : bucketMiddle(last) / 1e6);
  }

  private static double percentile(long[] hist, long total, double q) {
    if (total == 0) {
      return Double.NaN;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < hist.length; i++) {
      seen += hist[i];
      if (seen >= rank) {
        return bucketMiddle(i) / 1e6;
      }
    }
    return bucketMiddle(hist.length - 1) / 1e6;
  }
}
