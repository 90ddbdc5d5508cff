package dev.boostline.serving;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a running scoring server says about itself in its home, rewritten every heartbeat as {@code
 * <home>/servers/<id>.json} (see {@link LiveServers}): where it listens, what it serves, and its
 * recent traffic, latency, drift and capture. Latency and rates are over the last {@code window}
 * seconds; {@code series} holds each of the last seconds. Immutable.
 *
 * @param id the file name without {@code .json}: host, process id and port
 * @param url where the server listens, e.g. {@code http://127.0.0.1:8080}
 * @param heartbeatEvery how often the file is rewritten
 * @param inflight scoring requests in progress when the file was written
 * @param stale set by {@link LiveServers#list} (never stored): the heartbeat is overdue or the
 *     process is gone
 */
public record ServerStatus(
    int formatVersion,
    String id,
    String host,
    long pid,
    String url,
    Instant startedAt,
    Instant heartbeatAt,
    Duration heartbeatEvery,
    List<Model> models,
    Window window,
    long inflight,
    List<Second> series,
    List<Drift> drift,
    Optional<Capture> capture,
    boolean stale) {
  /** The format this library writes and reads. */
  public static final int FORMAT_VERSION = 1;

  public ServerStatus {
    models = List.copyOf(models);
    series = List.copyOf(series);
    drift = List.copyOf(drift);
  }

  /** This status with {@code stale} set. */
  public ServerStatus withStale(boolean value) {
    return new ServerStatus(
        formatVersion,
        id,
        host,
        pid,
        url,
        startedAt,
        heartbeatAt,
        heartbeatEvery,
        models,
        window,
        inflight,
        series,
        drift,
        capture,
        value);
  }

  /**
   * A served model.
   *
   * @param ref what was asked for, e.g. {@code income@production}
   * @param version the loaded version, absent while loading
   * @param engine {@code tree} (pure Java) or {@code native} (xgboost4j), absent while loading
   */
  public record Model(
      String name,
      String ref,
      Optional<Integer> version,
      Optional<String> engine,
      Optional<Instant> since) {}

  /**
   * Requests over the last {@code seconds} seconds; latencies in milliseconds (NaN without timed
   * requests, stored as null).
   *
   * @param overloaded requests refused with 503 at the pending limit
   * @param unauthorized requests refused with 401
   */
  public record Window(
      int seconds,
      double requestsPerSecond,
      long success,
      long clientErrors,
      long serverErrors,
      long overloaded,
      long unauthorized,
      Optional<Double> p50Ms,
      Optional<Double> p95Ms,
      Optional<Double> p99Ms) {}

  /** One second: epoch second, requests, errors (4xx and 5xx), refusals and latency. */
  public record Second(
      long t,
      long requests,
      long errors,
      long refused,
      Optional<Double> p50Ms,
      Optional<Double> p95Ms,
      Optional<Double> p99Ms) {}

  /**
   * Drift of a served version over its last rows against its training profile.
   *
   * @param windowRows rows in the drift window
   * @param minRows rows needed before PSI is reported
   * @param scorePsi PSI of the score, absent below {@code minRows}
   * @param features PSI per input column, absent values below {@code minRows}
   */
  public record Drift(
      String model,
      int version,
      long windowRows,
      int minRows,
      Optional<Double> scorePsi,
      Map<String, Double> features) {
    public Drift {
      features = Map.copyOf(features);
    }
  }

  /**
   * Production data capture.
   *
   * @param fraction the share of scored rows written
   * @param captured rows written so far
   * @param dropped rows dropped because the queue was full
   * @param files capture files this server completed
   * @param bytes their total size
   */
  public record Capture(double fraction, long captured, long dropped, long files, long bytes) {}
}
