package dev.boostline.serving.internal;

import dev.boostline.model.BundleManifest;
import dev.boostline.monitoring.CaptureOptions;
import dev.boostline.monitoring.CaptureWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Production data capture off the request path: a request thread samples its scored records and
 * offers them to a bounded queue (never blocking: a full queue drops the row and counts it); one
 * daemon thread drains the queue into a {@link CaptureWriter} per model, closing files by size and
 * age. {@link #close()} drains what is queued and closes the files. Thread-safe.
 */
public final class CaptureSink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CaptureSink.class);
  private static final Object STOP = new Object();

  private final Path home;
  private final double fraction;
  private final CaptureOptions options;
  private final String writerId;
  private final BlockingQueue<Object> queue;
  private final Thread thread;
  private final Map<String, CaptureWriter> writers = new HashMap<>();
  private final AtomicLong offered = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong files = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final ThreadLocal<SplittableRandom> random =
      ThreadLocal.withInitial(() -> new SplittableRandom(System.nanoTime()));
  private final Runnable onDrop;

  /** One captured record with its model. */
  private record Item(String model, CaptureWriter.Row row) {}

  /**
   * Starts the writer thread.
   *
   * @param fraction share of scored records to capture, in (0, 1]
   * @param queueCapacity rows that may wait; beyond it rows are dropped
   * @param onDrop called for each dropped row (the metrics counter), on the request thread
   */
  public CaptureSink(
      Path home,
      double fraction,
      CaptureOptions options,
      String writerId,
      int queueCapacity,
      Runnable onDrop) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("capture fraction must be in (0, 1], got " + fraction);
    }
    this.home = home;
    this.fraction = fraction;
    this.options = options;
    this.writerId = writerId;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.onDrop = onDrop;
    this.thread = new Thread(this::run, "boostline-capture");
    thread.setDaemon(true);
    thread.start();
  }

  /** The share of records captured. */
  public double fraction() {
    return fraction;
  }

  /**
   * Samples and queues the records of one scored request; returns at once. Row {@code i} of the
   * request is captured with probability {@link #fraction()}.
   */
  public void offer(
      String model,
      BundleManifest manifest,
      int version,
      String requestId,
      Instant at,
      List<? extends Map<String, ?>> records,
      float[][] outputs) {
    SplittableRandom r = random.get();
    for (int i = 0; i < records.size(); i++) {
      if (fraction < 1 && r.nextDouble() >= fraction) {
        continue;
      }
      offered.incrementAndGet();
      Item item =
          new Item(
              model,
              new CaptureWriter.Row(
                  manifest, version, requestId, i, at, records.get(i), outputs[i]));
      if (!queue.offer(item)) {
        dropped.incrementAndGet();
        onDrop.run();
      }
    }
  }

  /** Rows written to files so far. */
  public long captured() {
    return written.get();
  }

  /** Rows dropped because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  /** Rows that could not be written (I/O errors; logged). */
  public long failed() {
    return failed.get();
  }

  /** Capture files completed. */
  public long files() {
    return files.get();
  }

  /** Bytes of the completed capture files. */
  public long bytes() {
    return bytes.get();
  }

  private void run() {
    boolean stopping = false;
    while (true) {
      Object next;
      try {
        next = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        next = STOP;
      }
      if (next == STOP) {
        stopping = true;
        next = queue.poll();
      }
      if (next instanceof Item item) {
        try {
          writers
              .computeIfAbsent(item.model(), m -> new CaptureWriter(home, m, writerId, options))
              .append(item.row());
          written.incrementAndGet();
        } catch (RuntimeException e) {
          failed.incrementAndGet();
          LOG.warn("capture of {} failed: {}", item.model(), e.toString());
        }
        continue;
      }
      if (stopping) {
        break;
      }
      tick();
    }
    for (CaptureWriter w : writers.values()) {
      try {
        w.close();
      } catch (RuntimeException e) {
        LOG.warn("closing a capture file failed: {}", e.toString());
      }
    }
    updateTotals();
  }

  private void tick() {
    for (CaptureWriter w : writers.values()) {
      try {
        w.tick();
      } catch (RuntimeException e) {
        LOG.warn("rolling a capture file failed: {}", e.toString());
      }
    }
    updateTotals();
  }

  private void updateTotals() {
    long f = 0;
    long b = 0;
    for (CaptureWriter w : writers.values()) {
      f += w.filesClosed();
      b += w.bytesClosed();
    }
    files.set(f);
    bytes.set(b);
  }

  /** Writes what is queued, closes the files (their rows become readable) and stops the thread. */
  @Override
  public void close() {
    try {
      queue.put(STOP);
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
