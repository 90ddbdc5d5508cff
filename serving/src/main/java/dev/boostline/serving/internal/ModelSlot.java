package dev.boostline.serving.internal;

import dev.boostline.model.EngineChoice;
import dev.boostline.model.Scorer;
import dev.boostline.registry.ModelRef;
import dev.boostline.registry.ModelRegistry;
import dev.boostline.registry.ModelVersion;
import io.micrometer.core.instrument.Meter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One served model: the version in use and, for an alias, the watch that swaps in the version the
 * alias moves to. A swap loads and verifies the new version (golden rows) first, installs it
 * atomically, and closes the old one only after its in-flight requests finish (requests hold a
 * lease). If the new version fails to load, the old one keeps serving; the failure is logged and
 * counted. Thread-safe.
 */
public final class ModelSlot implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelSlot.class);

  /** A loaded version. */
  public record Served(
      String name,
      int version,
      Instant loadedAt,
      Scorer scorer,
      DriftMonitor drift,
      List<Meter> meters) {}

  /** A request's hold on the served version; close it when the response is built. */
  public record Leased(Served served, Scorer.Lease lease) implements AutoCloseable {
    @Override
    public void close() {
      lease.close();
    }
  }

  private final ModelRef ref;
  private final ModelRegistry registry;
  private final ServingMetrics metrics;
  private final int driftWindow;
  private final int driftMinRows;
  private final EngineChoice engine;
  private final AtomicReference<Served> current = new AtomicReference<>();

  public ModelSlot(
      ModelRef ref,
      ModelRegistry registry,
      ServingMetrics metrics,
      int driftWindow,
      int driftMinRows,
      EngineChoice engine) {
    this.ref = ref;
    this.engine = engine;
    this.registry = registry;
    this.metrics = metrics;
    this.driftWindow = driftWindow;
    this.driftMinRows = driftMinRows;
  }

  public String name() {
    return ref.name();
  }

  public ModelRef ref() {
    return ref;
  }

  /** The version being served, if one is loaded. */
  public Optional<Served> current() {
    return Optional.ofNullable(current.get());
  }

  /** A lease on the current version, or empty when none is loaded. */
  public Optional<Leased> acquire() {
    while (true) {
      Served s = current.get();
      if (s == null) {
        return Optional.empty();
      }
      Optional<Scorer.Lease> lease = s.scorer().tryLease();
      if (lease.isPresent()) {
        return Optional.of(new Leased(s, lease.get()));
      }
      // Closed by a swap that already installed its successor: read again.
    }
  }

  /**
   * Loads the version the reference points to now, if it is not the one served.
   *
   * @return true when a new version was installed
   */
  public synchronized boolean refresh() {
    ModelVersion target;
    try {
      target = registry.resolve(ref);
    } catch (RuntimeException e) {
      if (current.get() == null) {
        throw e;
      }
      LOG.warn(
          "cannot resolve {}: {}; still serving version {}",
          ref,
          e.getMessage(),
          current.get().version());
      metrics.loadFailed(ref.name());
      return false;
    }
    Served old = current.get();
    if (old != null && old.version() == target.version()) {
      return false;
    }
    long start = System.nanoTime();
    Scorer scorer;
    try {
      scorer = registry.bundle(target.ref()).open(engine);
    } catch (RuntimeException e) {
      metrics.loadFailed(ref.name());
      if (old == null) {
        throw e;
      }
      LOG.error(
          "cannot load {}: {}; still serving version {}",
          target.ref(),
          e.getMessage(),
          old.version());
      return false;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    DriftMonitor drift = new DriftMonitor(scorer.manifest(), driftWindow, driftMinRows);
    List<Meter> meters =
        metrics.loaded(
            ref.name(),
            Integer.toString(target.version()),
            seconds,
            scorer.memoryBytes(),
            scorer.engineName(),
            drift);
    Served next = new Served(ref.name(), target.version(), Instant.now(), scorer, drift, meters);
    current.set(next);
    LOG.info(
        "serving {} (loaded in {} ms, engine {})",
        target.ref(),
        Math.round(seconds * 1000),
        scorer.engineName());
    if (old != null) {
      retire(old);
    }
    return true;
  }

  private void retire(Served old) {
    old.scorer().close(); // released when the last in-flight request returns its lease
    metrics.unloaded(old.meters());
  }

  @Override
  public synchronized void close() {
    Served s = current.getAndSet(null);
    if (s != null) {
      retire(s);
    }
  }
}
