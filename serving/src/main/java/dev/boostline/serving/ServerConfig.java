package dev.boostline.serving;

import dev.boostline.model.EngineChoice;
import dev.boostline.monitoring.CaptureOptions;
import dev.boostline.registry.ModelRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link ScoringServer} runs. Immutable; build with {@link #builder(Path)}.
 *
 * <p>Defaults: host 127.0.0.1, port 8080 (0 picks a free one), no API key, at most 1,000 records
 * per request, request bodies up to 16 MiB, 64 scoring requests in progress at once (more get 503
 * with Retry-After), aliases re-checked every 2 s, drift over the last 10,000 scored rows with no
 * figure below 500 rows, Jetty's default thread pool (or {@code threads} workers).
 */
public final class ServerConfig {
  private final Path home;
  private final List<ModelRef> models;
  private final String host;
  private final int port;
  private final Optional<String> apiKey;
  private final int maxBatch;
  private final long maxBodyBytes;
  private final int maxPending;
  private final Optional<Integer> threads;
  private final Duration followInterval;
  private final int driftWindow;
  private final int driftMinRows;
  private final boolean loadInBackground;
  private final EngineChoice engine;
  private final Optional<Double> captureFraction;
  private final CaptureOptions captureOptions;
  private final int captureQueue;
  private final boolean register;
  private final Duration heartbeat;

  private ServerConfig(Builder b) {
    home = b.home;
    models = List.copyOf(b.models);
    host = b.host;
    port = b.port;
    apiKey = Optional.ofNullable(b.apiKey);
    maxBatch = b.maxBatch;
    maxBodyBytes = b.maxBodyBytes;
    maxPending = b.maxPending;
    threads = Optional.ofNullable(b.threads);
    followInterval = b.followInterval;
    driftWindow = b.driftWindow;
    driftMinRows = b.driftMinRows;
    loadInBackground = b.loadInBackground;
    engine = b.engine;
    captureFraction = Optional.ofNullable(b.captureFraction);
    captureOptions = b.captureOptions;
    captureQueue = b.captureQueue;
    register = b.register;
    heartbeat = b.heartbeat;
    if (models.isEmpty()) {
      throw new IllegalArgumentException("serve at least one model (NAME@alias or NAME@version)");
    }
    if (models.stream().map(ModelRef::name).distinct().count() != models.size()) {
      throw new IllegalArgumentException("each model name may be served once, got " + models);
    }
  }

  /** A builder for a server over the registry of {@code home}. */
  public static Builder builder(Path home) {
    return new Builder(home);
  }

  /** The Boostline home whose model registry {@link ScoringServer#create(ServerConfig)} opens. */
  public Path home() {
    return home;
  }

  /** The models served, in order; the first answers {@code /invocations} and {@code /score}. */
  public List<ModelRef> models() {
    return models;
  }

  /**
   * The address to listen on, default 127.0.0.1 (this machine only); 0.0.0.0 listens on every
   * interface.
   */
  public String host() {
    return host;
  }

  /** The TCP port to listen on, default 8080; 0 picks a free one ({@link ScoringServer#port()}). */
  public int port() {
    return port;
  }

  /** The bearer key every route but liveness and readiness requires; never logged. */
  public Optional<String> apiKey() {
    return apiKey;
  }

  /** The most records one scoring request may hold, default 1,000; more get HTTP 413. */
  public int maxBatch() {
    return maxBatch;
  }

  /** The largest request body in bytes, default 16 MiB; larger bodies get HTTP 413. */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * Scoring requests in progress at once, default 64; beyond it a request gets HTTP 503 with {@code
   * Retry-After: 1} at once rather than queueing without bound.
   */
  public int maxPending() {
    return maxPending;
  }

  /** The HTTP server's worker threads, when set; empty for Jetty's default pool. */
  public Optional<Integer> threads() {
    return threads;
  }

  /**
   * How often the aliases of served {@code NAME@alias} models are re-read to swap in a moved
   * version, default 2 s.
   */
  public Duration followInterval() {
    return followInterval;
  }

  /** Drift figures cover about this many most recently scored rows per model, default 10,000. */
  public int driftWindow() {
    return driftWindow;
  }

  /**
   * Below this many rows in the drift window a drift figure is NaN (no verdict on too little data),
   * default 500.
   */
  public int driftMinRows() {
    return driftMinRows;
  }

  /** Whether {@code start()} returns before the models are loaded (readiness tells when). */
  public boolean loadInBackground() {
    return loadInBackground;
  }

  /** How each model's scoring engine is chosen (default {@link EngineChoice#AUTO}). */
  public EngineChoice engine() {
    return engine;
  }

  /**
   * The share of scored records written to the home's capture files (absent: capture is off, the
   * default).
   */
  public Optional<Double> captureFraction() {
    return captureFraction;
  }

  /** File size, age and total limits of capture. */
  public CaptureOptions captureOptions() {
    return captureOptions;
  }

  /** Captured records that may wait for the writer thread; beyond it they are dropped. */
  public int captureQueue() {
    return captureQueue;
  }

  /**
   * Whether the server registers itself in the home ({@code <home>/servers/}, see {@link
   * LiveServers}); on by default.
   */
  public boolean register() {
    return register;
  }

  /** How often the registration is rewritten (default 1 s). */
  public Duration heartbeat() {
    return heartbeat;
  }

  @Override
  public String toString() {
    // The API key is deliberately left out: it must never reach a log.
    return "ServerConfig[models="
        + models
        + ", host="
        + host
        + ", port="
        + port
        + ", auth="
        + (apiKey.isPresent() ? "bearer" : "none")
        + ", maxBatch="
        + maxBatch
        + ", maxPending="
        + maxPending
        + ", engine="
        + engine
        + ", capture="
        + captureFraction.map(String::valueOf).orElse("off")
        + "]";
  }

  /** Builder for {@link ServerConfig}; not thread-safe. */
  public static final class Builder {
    private final Path home;
    private final List<ModelRef> models = new ArrayList<>();
    private String host = "127.0.0.1";
    private int port = 8080;
    private String apiKey;
    private int maxBatch = 1000;
    private long maxBodyBytes = 16L << 20;
    private int maxPending = 64;
    private Integer threads;
    private Duration followInterval = Duration.ofSeconds(2);
    private int driftWindow = 10_000;
    private int driftMinRows = 500;
    private boolean loadInBackground;
    private EngineChoice engine = EngineChoice.AUTO;
    private Double captureFraction;
    private CaptureOptions captureOptions = CaptureOptions.defaults();
    private int captureQueue = 10_000;
    private boolean register = true;
    private Duration heartbeat = Duration.ofSeconds(1);

    private Builder(Path home) {
      this.home = Objects.requireNonNull(home, "home");
    }

    /** Adds a model to serve: {@code NAME@alias} follows the alias, {@code NAME@V} is fixed. */
    public Builder model(ModelRef ref) {
      models.add(ref);
      return this;
    }

    /** The address to listen on (see {@link ServerConfig#host()}); not null. */
    public Builder host(String value) {
      host = Objects.requireNonNull(value);
      return this;
    }

    /** The port, 0 for any free port. */
    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("port must be in 0..65535, got " + value);
      }
      port = value;
      return this;
    }

    /**
     * Requires {@code Authorization: Bearer <value>} on every route but liveness and readiness;
     * surrounding white space is stripped. Default: no key (anyone who can reach the port scores).
     *
     * @throws IllegalArgumentException when the key is null or blank
     */
    public Builder apiKey(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("the API key must not be blank");
      }
      apiKey = value.strip();
      return this;
    }

    /** The most records per scoring request, >= 1 (see {@link ServerConfig#maxBatch()}). */
    public Builder maxBatch(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxBatch must be >= 1, got " + value);
      }
      maxBatch = value;
      return this;
    }

    /** The largest request body in bytes, >= 1024 (see {@link ServerConfig#maxBodyBytes()}). */
    public Builder maxBodyBytes(long value) {
      if (value < 1024) {
        throw new IllegalArgumentException("maxBodyBytes must be >= 1024, got " + value);
      }
      maxBodyBytes = value;
      return this;
    }

    /** Scoring requests in progress at once, >= 1; beyond it, 503 with Retry-After. */
    public Builder maxPending(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxPending must be >= 1, got " + value);
      }
      maxPending = value;
      return this;
    }

    /** Worker threads of the HTTP server, >= 2 (Jetty takes some for accepting connections). */
    public Builder threads(int value) {
      if (value < 2) {
        throw new IllegalArgumentException("threads must be >= 2, got " + value);
      }
      threads = value;
      return this;
    }

    /**
     * How often followed aliases are re-read, positive (see {@link ServerConfig#followInterval()}).
     */
    public Builder followInterval(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("followInterval must be positive, got " + value);
      }
      followInterval = value;
      return this;
    }

    /**
     * The drift window and the fewest rows for a drift figure.
     *
     * @param window scored rows the figures cover, >= 10 (kept as ten rotating parts, so memory is
     *     fixed)
     * @param minRows rows needed before a figure is given, in [1, window]
     */
    public Builder drift(int window, int minRows) {
      if (window < 10 || minRows < 1 || minRows > window) {
        throw new IllegalArgumentException(
            "drift needs window >= 10 and 1 <= minRows <= window, got " + window + ", " + minRows);
      }
      driftWindow = window;
      driftMinRows = minRows;
      return this;
    }

    /**
     * Whether {@link ScoringServer#start()} returns at once and loads the models on a background
     * thread (readiness answers 503 until they are loaded, and a load failure is only logged), or
     * loads them first and fails if one cannot be loaded. Default: false.
     */
    public Builder loadInBackground(boolean value) {
      loadInBackground = value;
      return this;
    }

    /**
     * How each model's scoring engine is chosen: {@link EngineChoice#AUTO} (the pure-Java evaluator
     * when it matches xgboost's prediction, the default) or {@link EngineChoice#NATIVE}.
     */
    public Builder engine(EngineChoice value) {
      engine = Objects.requireNonNull(value, "engine");
      return this;
    }

    /**
     * Captures a share of the scored records (in (0, 1]) to rolling Parquet files in the home, off
     * the request path.
     */
    public Builder capture(double fraction) {
      if (!(fraction > 0 && fraction <= 1)) {
        throw new IllegalArgumentException("capture fraction must be in (0, 1], got " + fraction);
      }
      captureFraction = fraction;
      return this;
    }

    /** Capture file limits (default {@link CaptureOptions#defaults()}). */
    public Builder captureOptions(CaptureOptions value) {
      captureOptions = Objects.requireNonNull(value, "captureOptions");
      return this;
    }

    /** Captured records that may wait (default 10,000); beyond it they are dropped and counted. */
    public Builder captureQueue(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("captureQueue must be >= 1, got " + value);
      }
      captureQueue = value;
      return this;
    }

    /** Whether to register in the home (default true). */
    public Builder register(boolean value) {
      register = value;
      return this;
    }

    /** How often to rewrite the registration (default 1 s). */
    public Builder heartbeat(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("heartbeat must be positive, got " + value);
      }
      heartbeat = value;
      return this;
    }

    /**
     * The configuration; the builder can go on to build more.
     *
     * @throws IllegalArgumentException when no model was added or a model name is added twice
     */
    public ServerConfig build() {
      return new ServerConfig(this);
    }
  }
}
