package dev.boostline.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Measures one operation: wall time, CPU time of the whole process (every thread, GC and JIT
 * included: less sensitive than wall time to other processes competing for the cores), and heap use
 * from the JVM's own GC notifications, at no cost to the operation itself. The heap peak is the
 * largest heap occupancy seen just before a collection (or at the end) while the operation ran,
 * garbage included; the retained size is what a full collection after the operation keeps, minus
 * what it kept before (the operation's live result).
 *
 * <p>Both are for the JVM's current collector and heap size: a larger heap lets more garbage pile
 * up before a collection, so compare peaks only inside one run. Not thread-safe: one measurement at
 * a time.
 */
final class Meter implements NotificationListener, AutoCloseable {
  private static final long WAIT_NANOS = 5_000_000_000L;

  private final Set<String> heapPools = new HashSet<>();
  private final Set<NotificationEmitter> emitters = new HashSet<>();
  private final Object lock = new Object();
  private long peakBeforeGc;
  private long lastAfterGc;
  private long explicitGcs;
  private long collections;

  /** The heap figures of one operation, in bytes. */
  record Usage(long peakBytes, long retainedBytes, long collections) {}

  Meter() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter e) {
        e.addNotificationListener(this, null, null);
        emitters.add(e);
      }
    }
  }

  /** Whether GC notifications are available (they are on HotSpot). */
  boolean available() {
    return !emitters.isEmpty() && !heapPools.isEmpty();
  }

  /** Heap in use now, garbage included. */
  static long usedNow() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /**
   * Runs a full collection and waits until its notification arrived.
   *
   * @return heap in use after it
   */
  long fullGc() {
    long seen;
    synchronized (lock) {
      seen = explicitGcs;
    }
    System.gc();
    long deadline = System.nanoTime() + WAIT_NANOS;
    synchronized (lock) {
      while (explicitGcs == seen && System.nanoTime() < deadline) {
        try {
          lock.wait(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return explicitGcs == seen ? usedNow() : lastAfterGc;
    }
  }

  /**
   * Measures {@code op}: a full collection before, then the operation, then a full collection with
   * the result still reachable.
   */
  <T> Measured<T> measure(ThrowingSupplier<T> op) throws Exception {
    long base = fullGc();
    synchronized (lock) {
      peakBeforeGc = 0;
      collections = 0;
    }
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    T result = op.get();
    long nanos = System.nanoTime() - t0;
    long cpu = processCpuNanos() - cpu0;
    long atEnd = usedNow();
    long during;
    long gcs;
    synchronized (lock) {
      during = peakBeforeGc;
      gcs = collections;
    }
    long after = fullGc();
    return new Measured<>(
        result,
        nanos,
        cpu0 < 0 ? -1 : cpu,
        new Usage(Math.max(during, atEnd), Math.max(0, after - base), gcs));
  }

  /**
   * An operation's result and figures.
   *
   * @param nanos wall time
   * @param cpuNanos CPU time of the whole process meanwhile, -1 when unknown
   */
  record Measured<T>(T result, long nanos, long cpuNanos, Usage heap) {
    /** The figures without the result (which keeping would keep alive). */
    Sample sample() {
      return new Sample(nanos, cpuNanos, heap);
    }
  }

  /** Wall time, process CPU time (-1 when unknown) and heap use of one operation. */
  record Sample(long nanos, long cpuNanos, Usage heap) {}

  /** CPU time used by this process so far, or -1 when the platform does not say. */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** A supplier that may throw. */
  @FunctionalInterface
  interface ThrowingSupplier<T> {
    T get() throws Exception;
  }

  @Override
  public void handleNotification(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long before = heapSum(info.getGcInfo().getMemoryUsageBeforeGc());
    long after = heapSum(info.getGcInfo().getMemoryUsageAfterGc());
    synchronized (lock) {
      peakBeforeGc = Math.max(peakBeforeGc, before);
      lastAfterGc = after;
      collections++;
      if ("System.gc()".equals(info.getGcCause())) {
        explicitGcs++;
      }
      lock.notifyAll();
    }
  }

  private long heapSum(Map<String, MemoryUsage> usage) {
    long sum = 0;
    for (Map.Entry<String, MemoryUsage> e : usage.entrySet()) {
      if (heapPools.contains(e.getKey())) {
        sum += e.getValue().getUsed();
      }
    }
    return sum;
  }

  @Override
  public void close() {
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(this);
      } catch (javax.management.ListenerNotFoundException ignored) {
        // Already gone.
      }
    }
    emitters.clear();
  }
}
