package dev.boostline.serving.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one owner of every meter name the server publishes. Tags are bounded: model, version,
 * endpoint (the route template), outcome. Latencies are timed in nanoseconds. Meters are registered
 * once and held.
 *
 * <pre>
 * boostline.requests{model,version,endpoint,outcome}     counter
 * boostline.request.latency{model,version,endpoint}      timer (histogram buckets)
 * boostline.rows.scored{model,version}                   counter
 * boostline.batch.size{model,version}                    summary
 * boostline.requests.inflight                            gauge
 * boostline.requests.rejected{reason}                    counter (overload, auth)
 * boostline.model.load.seconds{model,version}            gauge
 * boostline.model.load.failures{model}                   counter
 * boostline.model.memory.bytes{model,version,engine}     gauge
 * boostline.drift.psi{model,version,feature}             gauge (NaN below the minimum rows)
 * boostline.drift.score.psi{model,version}               gauge
 * boostline.drift.window.rows{model,version}             gauge
 * boostline.capture.rows, .dropped, .failed              counters (with --capture)
 * boostline.process.resident.memory.bytes                gauge (Linux)
 * plus jvm.*, process.cpu.*, system.cpu.* from Micrometer's binders
 * </pre>
 */
public final class ServingMetrics implements AutoCloseable {
  private final MeterRegistry registry;
  private final Map<List<String>, Counter> requests = new ConcurrentHashMap<>();
  private final Map<List<String>, Timer> latency = new ConcurrentHashMap<>();
  private final Map<List<String>, Counter> rows = new ConcurrentHashMap<>();
  private final Map<List<String>, DistributionSummary> batch = new ConcurrentHashMap<>();
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
  private final AtomicInteger inflight = new AtomicInteger();
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public ServingMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("boostline.requests.inflight", inflight, AtomicInteger::get)
        .description("Scoring requests being handled")
        .register(registry);
    Gauge.builder("boostline.process.resident.memory.bytes", ServingMetrics::residentBytes)
        .description("Resident set size of the process (VmRSS), including native memory")
        .baseUnit("bytes")
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Scoring requests in progress now. */
  public int inflight() {
    return inflight.get();
  }

  /**
   * Publishes the capture counters of a sink: {@code boostline.capture.rows} (written) and {@code
   * boostline.capture.dropped} (the queue was full).
   */
  public void capture(CaptureSink sink) {
    FunctionCounter.builder("boostline.capture.rows", sink, CaptureSink::captured)
        .description("Scored records written to capture files")
        .register(registry);
    FunctionCounter.builder("boostline.capture.dropped", sink, CaptureSink::dropped)
        .description("Scored records not captured because the capture queue was full")
        .register(registry);
    FunctionCounter.builder("boostline.capture.failed", sink, CaptureSink::failed)
        .description("Scored records that could not be written (I/O errors)")
        .register(registry);
  }

  /** Counts a request in flight; call {@link #done} when it ends. */
  public void started() {
    inflight.incrementAndGet();
  }

  /** Records a finished request. */
  public void done(String model, String version, String endpoint, String outcome, long nanos) {
    inflight.decrementAndGet();
    requests
        .computeIfAbsent(
            List.of(model, version, endpoint, outcome),
            k ->
                Counter.builder("boostline.requests")
                    .tags(
                        "model",
                        model,
                        "version",
                        version,
                        "endpoint",
                        endpoint,
                        "outcome",
                        outcome)
                    .description("Scoring requests by outcome")
                    .register(registry))
        .increment();
    latency
        .computeIfAbsent(
            List.of(model, version, endpoint),
            k ->
                Timer.builder("boostline.request.latency")
                    .tags("model", model, "version", version, "endpoint", endpoint)
                    .description("Scoring request latency, from body read to response written")
                    .publishPercentileHistogram()
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Records the rows of a scored batch. */
  public void scored(String model, String version, int n) {
    List<String> key = List.of(model, version);
    rows.computeIfAbsent(
            key,
            k ->
                Counter.builder("boostline.rows.scored")
                    .tags("model", model, "version", version)
                    .register(registry))
        .increment(n);
    batch
        .computeIfAbsent(
            key,
            k ->
                DistributionSummary.builder("boostline.batch.size")
                    .tags("model", model, "version", version)
                    .description("Records per scoring request")
                    .register(registry))
        .record(n);
  }

  /** Counts a refused request (overload, auth). */
  public void rejected(String reason) {
    rejected
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("boostline.requests.rejected").tags("reason", r).register(registry))
        .increment();
  }

  /** Counts a model that failed to load (the previous version keeps serving). */
  public void loadFailed(String model) {
    Counter.builder("boostline.model.load.failures")
        .tags("model", model)
        .register(registry)
        .increment();
  }

  /**
   * Registers the gauges of a loaded model version; returns them so they can be removed when the
   * version is unloaded.
   */
  public List<Meter> loaded(
      String model,
      String version,
      double loadSeconds,
      long memoryBytes,
      String engine,
      DriftMonitor drift) {
    List<Meter> meters = new ArrayList<>();
    Tags tags = Tags.of("model", model, "version", version);
    meters.add(
        Gauge.builder("boostline.model.load.seconds", () -> loadSeconds)
            .tags(tags)
            .description("Time to load and verify the model version")
            .register(registry));
    meters.add(
        Gauge.builder("boostline.model.memory.bytes", () -> memoryBytes)
            .tags(tags.and("engine", engine))
            .baseUnit("bytes")
            .register(registry));
    List<String> columns = drift.columns();
    for (int i = 0; i < columns.size(); i++) {
      int f = i;
      meters.add(
          Gauge.builder("boostline.drift.psi", drift, d -> d.psi(f))
              .tags(tags.and("feature", columns.get(i)))
              .description("PSI of the input column over the window against the training profile")
              .register(registry));
    }
    meters.add(
        Gauge.builder("boostline.drift.score.psi", drift, DriftMonitor::scorePsi)
            .tags(tags)
            .description("PSI of the model score over the window against training")
            .register(registry));
    meters.add(
        Gauge.builder("boostline.drift.window.rows", drift, d -> d.windowRows())
            .tags(tags)
            .description("Rows in the drift window")
            .register(registry));
    return meters;
  }

  /** Removes meters of an unloaded version. */
  public void unloaded(List<Meter> meters) {
    meters.forEach(registry::remove);
  }

  static double residentBytes() {
    Path status = Path.of("/proc/self/status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.trim().split("\\s+");
          return Long.parseLong(parts[1]) * 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  @Override
  public void close() {
    gc.close();
  }
}
