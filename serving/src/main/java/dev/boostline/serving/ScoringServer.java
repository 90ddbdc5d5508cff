package dev.boostline.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boostline.common.JsonForm;
import dev.boostline.data.ColumnSchema;
import dev.boostline.features.FeatureException;
import dev.boostline.features.FittedFeatures;
import dev.boostline.model.Scorer;
import dev.boostline.registry.ModelRef;
import dev.boostline.registry.ModelRegistry;
import dev.boostline.registry.local.LocalModelRegistry;
import dev.boostline.serving.internal.ApiException;
import dev.boostline.serving.internal.CaptureSink;
import dev.boostline.serving.internal.DriftMonitor;
import dev.boostline.serving.internal.Heartbeat;
import dev.boostline.serving.internal.LiveStats;
import dev.boostline.serving.internal.ModelSlot;
import dev.boostline.serving.internal.Requests;
import dev.boostline.serving.internal.ServingMetrics;
import dev.boostline.task.Task;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real-time scoring server: a Javalin app over the local model registry.
 *
 * <p>Endpoints (every route but liveness and readiness needs {@code Authorization: Bearer <key>}
 * when a key is configured):
 *
 * <ul>
 *   <li>{@code POST /v1/models/{name}/score} {@code {"records": [...]}}, {@code ?explain=true} adds
 *       SHAP contributions; {@code GET /v1/models}.
 *   <li>Open Inference Protocol v2: {@code GET /v2/health/live}, {@code /v2/health/ready}, {@code
 *       GET /v2/models/{name}}, {@code /v2/models/{name}/ready}, {@code POST
 *       /v2/models/{name}/infer}.
 *   <li>MLflow / Azure ML: {@code POST /invocations}, {@code POST /score} (the first model, or
 *       {@code ?model=NAME}).
 *   <li>{@code GET /metrics}: Prometheus text format (when the registry is a Prometheus one).
 * </ul>
 *
 * <p>Every endpoint scores through the same {@link Scorer}, so the same record gets the same number
 * everywhere. Thread-safe; {@link #close()} stops accepting, lets requests in flight finish, then
 * releases the models.
 */
public final class ScoringServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScoringServer.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String JSON = "application/json";
  private static final String REQUEST_ID = "X-Request-Id";
  private static final java.util.regex.Pattern REQUEST_ID_FORMAT =
      java.util.regex.Pattern.compile("[A-Za-z0-9._:/#-]{1,128}");
  private static final int SERIES_SECONDS = 120;
  private static final int WINDOW_SECONDS = 10;

  /** How each protocol renders errors. */
  private enum Protocol {
    NATIVE,
    OPEN_INFERENCE,
    MLFLOW
  }

  private final ServerConfig config;
  private final MeterRegistry registry;
  private final ServingMetrics metrics;
  private final Map<String, ModelSlot> slots = new LinkedHashMap<>();
  private final Semaphore pending;
  private final AtomicBoolean ready = new AtomicBoolean();
  private final byte[] key;
  private final LiveStats live = new LiveStats();
  private Javalin app;
  private ScheduledExecutorService watcher;
  private Heartbeat heartbeat;
  private CaptureSink capture;
  private Instant startedAt;

  private ScoringServer(ServerConfig config, ModelRegistry models, MeterRegistry registry) {
    this.config = config;
    this.registry = registry;
    this.metrics = new ServingMetrics(registry);
    this.pending = new Semaphore(config.maxPending());
    this.key = config.apiKey().map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null);
    for (ModelRef ref : config.models()) {
      slots.put(
          ref.name(),
          new ModelSlot(
              ref, models, metrics, config.driftWindow(), config.driftMinRows(), config.engine()));
    }
  }

  /**
   * A server over the local model registry of {@link ServerConfig#home()}, publishing its metrics
   * in a new Prometheus registry.
   */
  public static ScoringServer create(ServerConfig config) {
    return create(config, LocalModelRegistry.open(config.home()));
  }

  /**
   * A server over any model registry (the local one, one backed by Azure ML, ...), publishing its
   * metrics in a new Prometheus registry. The registry must be safe to call from several threads;
   * the server polls it to follow aliases and does not close it.
   */
  public static ScoringServer create(ServerConfig config, ModelRegistry models) {
    return create(config, models, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /**
   * A server over the local model registry of {@link ServerConfig#home()}, publishing its metrics
   * in the given meter registry (the caller owns it).
   */
  public static ScoringServer create(ServerConfig config, MeterRegistry registry) {
    return create(config, LocalModelRegistry.open(config.home()), registry);
  }

  /**
   * A server over any model registry, publishing its metrics in the given meter registry. The
   * caller owns both registries.
   */
  public static ScoringServer create(
      ServerConfig config, ModelRegistry models, MeterRegistry registry) {
    return new ScoringServer(config, models, registry);
  }

  /**
   * Starts listening, then loads the models (readiness is false until every model is loaded; with
   * {@code loadInBackground} this method returns before that), then watches aliases.
   *
   * @throws RuntimeException when a model cannot be loaded (foreground loading)
   */
  public synchronized ScoringServer start() {
    app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.jetty.host = config.host();
              cfg.jetty.port = config.port();
              cfg.http.maxRequestSize = config.maxBodyBytes();
              config
                  .threads()
                  .ifPresent(t -> cfg.jetty.threadPool = new QueuedThreadPool(t, Math.min(t, 8)));
              cfg.jetty.modifyServer(s -> s.setStopTimeout(15_000));
              cfg.routes.before(this::authorize);
              cfg.routes.get(
                  "/v2/health/live", ctx -> json(ctx, 200, NODES.objectNode().put("live", true)));
              cfg.routes.get(
                  "/v2/health/ready",
                  ctx ->
                      json(
                          ctx,
                          ready.get() ? 200 : 503,
                          NODES.objectNode().put("ready", ready.get())));
              cfg.routes.get(
                  "/v2/models/{name}",
                  ctx -> handle(ctx, Protocol.OPEN_INFERENCE, "/v2/models/{name}", this::metadata));
              cfg.routes.get(
                  "/v2/models/{name}/ready",
                  ctx ->
                      handle(
                          ctx,
                          Protocol.OPEN_INFERENCE,
                          "/v2/models/{name}/ready",
                          this::modelReady));
              cfg.routes.post(
                  "/v2/models/{name}/infer",
                  ctx ->
                      score(
                          ctx,
                          Protocol.OPEN_INFERENCE,
                          "/v2/models/{name}/infer",
                          ctx.pathParam("name")));
              cfg.routes.post(
                  "/v1/models/{name}/score",
                  ctx ->
                      score(
                          ctx, Protocol.NATIVE, "/v1/models/{name}/score", ctx.pathParam("name")));
              cfg.routes.get(
                  "/v1/models", ctx -> handle(ctx, Protocol.NATIVE, "/v1/models", c -> list()));
              cfg.routes.post(
                  "/invocations",
                  ctx -> score(ctx, Protocol.MLFLOW, "/invocations", defaultModel(ctx)));
              cfg.routes.post(
                  "/score", ctx -> score(ctx, Protocol.MLFLOW, "/score", defaultModel(ctx)));
              cfg.routes.get("/metrics", this::metrics);
            });
    app.start();
    startedAt = Instant.now();
    LOG.info("listening on http://{}:{} ({})", config.host(), app.port(), config);
    String id = Heartbeat.serverId(app.port());
    if (config.captureFraction().isPresent()) {
      capture =
          new CaptureSink(
              config.home(),
              config.captureFraction().get(),
              config.captureOptions(),
              id,
              config.captureQueue(),
              () -> {});
      metrics.capture(capture);
      LOG.info(
          "capturing {} of scored records to {}",
          config.captureFraction().get(),
          config.home().resolve("captures"));
    }
    if (config.register()) {
      try {
        LiveServers.prune(config.home());
      } catch (RuntimeException e) {
        LOG.warn("cannot prune stale server registrations: {}", e.toString());
      }
      heartbeat =
          Heartbeat.start(
              LiveServers.directory(config.home()).resolve(id + ".json"),
              () -> status(id),
              config.heartbeat());
    }
    if (config.loadInBackground()) {
      Thread loader = new Thread(this::loadAll, "boostline-model-loader");
      loader.setDaemon(true);
      loader.start();
    } else {
      loadAll();
    }
    return this;
  }

  private void loadAll() {
    try {
      for (ModelSlot slot : slots.values()) {
        slot.refresh();
      }
      ready.set(true);
      watcher =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "boostline-alias-watch");
                t.setDaemon(true);
                return t;
              });
      long every = config.followInterval().toMillis();
      watcher.scheduleWithFixedDelay(this::refreshAll, every, every, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      LOG.error("cannot load the models: {}", e.getMessage());
      if (!config.loadInBackground()) {
        close();
        throw e;
      }
    }
  }

  /** Checks every followed alias now and swaps in moved versions (the watcher does it too). */
  public void refreshAll() {
    for (ModelSlot slot : slots.values()) {
      if (slot.ref().alias().isPresent()) {
        try {
          slot.refresh();
        } catch (RuntimeException e) {
          LOG.error("refreshing {} failed: {}", slot.ref(), e.getMessage());
        }
      }
    }
  }

  /** The port listened on (useful with port 0). */
  public int port() {
    return app.port();
  }

  /** Whether every model is loaded. */
  public boolean ready() {
    return ready.get();
  }

  /** The metrics registry. */
  public MeterRegistry meterRegistry() {
    return registry;
  }

  /** Stops accepting, lets requests in flight finish (up to 15 s), releases the models. */
  @Override
  public synchronized void close() {
    ready.set(false);
    if (heartbeat != null) {
      heartbeat.close();
      heartbeat = null;
    }
    if (watcher != null) {
      watcher.shutdownNow();
    }
    if (app != null) {
      app.stop();
      app = null;
    }
    if (capture != null) {
      capture.close();
      capture = null;
    }
    slots.values().forEach(ModelSlot::close);
    metrics.close();
  }

  /** What the registration file says now. */
  private ServerStatus status(String id) {
    List<ServerStatus.Model> models = new ArrayList<>();
    List<ServerStatus.Drift> drift = new ArrayList<>();
    for (ModelSlot s : slots.values()) {
      Optional<ModelSlot.Served> c = s.current();
      models.add(
          new ServerStatus.Model(
              s.name(),
              s.ref().toString(),
              c.map(ModelSlot.Served::version),
              c.map(x -> x.scorer().engineName()),
              c.map(ModelSlot.Served::loadedAt)));
      if (c.isPresent()) {
        DriftMonitor d = c.get().drift();
        Map<String, Double> features = new LinkedHashMap<>();
        List<String> columns = d.columns();
        for (int i = 0; i < columns.size(); i++) {
          double psi = d.psi(i);
          if (Double.isFinite(psi)) {
            features.put(columns.get(i), psi);
          }
        }
        double score = d.scorePsi();
        drift.add(
            new ServerStatus.Drift(
                s.name(),
                c.get().version(),
                d.windowRows(),
                config.driftMinRows(),
                finite(score),
                features));
      }
    }
    LiveStats.Summary w = live.window(WINDOW_SECONDS);
    List<ServerStatus.Second> series = new ArrayList<>();
    long started = startedAt.getEpochSecond();
    for (LiveStats.Summary s : live.seconds(SERIES_SECONDS)) {
      if (s.second() < started) {
        continue;
      }
      series.add(
          new ServerStatus.Second(
              s.second(),
              s.requests(),
              s.clientErrors() + s.serverErrors(),
              s.overloaded() + s.unauthorized(),
              finite(s.p50Ms()),
              finite(s.p95Ms()),
              finite(s.p99Ms())));
    }
    return new ServerStatus(
        ServerStatus.FORMAT_VERSION,
        id,
        Heartbeat.hostName(),
        ProcessHandle.current().pid(),
        "http://" + config.host() + ":" + port(),
        startedAt,
        Instant.now(),
        config.heartbeat(),
        models,
        new ServerStatus.Window(
            WINDOW_SECONDS,
            w.perSecond(),
            w.success(),
            w.clientErrors(),
            w.serverErrors(),
            w.overloaded(),
            w.unauthorized(),
            finite(w.p50Ms()),
            finite(w.p95Ms()),
            finite(w.p99Ms())),
        metrics.inflight(),
        series,
        drift,
        Optional.ofNullable(capture)
            .map(
                c ->
                    new ServerStatus.Capture(
                        c.fraction(), c.captured(), c.dropped(), c.files(), c.bytes())),
        false);
  }

  private static Optional<Double> finite(double v) {
    return Double.isFinite(v) ? Optional.of(v) : Optional.empty();
  }

  // ------------------------------------------------------------------ handlers

  private void authorize(Context ctx) {
    if (key == null) {
      return;
    }
    String path = ctx.path();
    if (path.equals("/v2/health/live") || path.equals("/v2/health/ready")) {
      return;
    }
    String header = ctx.header("Authorization");
    byte[] given =
        header != null && header.startsWith("Bearer ")
            ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    if (!MessageDigest.isEqual(given, key)) {
      metrics.rejected("auth");
      live.record(LiveStats.Outcome.UNAUTHORIZED, 0);
      ctx.header("WWW-Authenticate", "Bearer");
      Protocol p =
          path.startsWith("/v2")
              ? Protocol.OPEN_INFERENCE
              : path.startsWith("/v1") ? Protocol.NATIVE : Protocol.MLFLOW;
      error(
          ctx,
          p,
          new ApiException(
              401,
              "UNAUTHORIZED",
              "missing or wrong API key (Authorization: Bearer <key>)",
              "Authorization"));
      ctx.skipRemainingHandlers();
    }
  }

  private String defaultModel(Context ctx) {
    String m = ctx.queryParam("model");
    return m != null ? m : slots.keySet().iterator().next();
  }

  private interface Body {
    JsonNode apply(Context ctx);
  }

  private void handle(Context ctx, Protocol protocol, String endpoint, Body body) {
    try {
      json(ctx, 200, body.apply(ctx));
    } catch (ApiException e) {
      error(ctx, protocol, e);
    }
  }

  private ModelSlot slot(String name) {
    ModelSlot s = slots.get(name);
    if (s == null) {
      throw new ApiException(
          404,
          "MODEL_NOT_FOUND",
          "no model \"" + name + "\" is served here (served: " + slots.keySet() + ")",
          "name");
    }
    return s;
  }

  private JsonNode list() {
    ArrayNode out = NODES.arrayNode();
    for (ModelSlot s : slots.values()) {
      ObjectNode m = out.addObject();
      m.put("name", s.name());
      m.put("ref", s.ref().toString());
      s.current()
          .ifPresentOrElse(
              c -> {
                m.put("version", c.version());
                m.put("since", c.loadedAt().toString());
                m.put("objective", c.scorer().manifest().objective().xgboostName());
                m.put("engine", c.scorer().engineName());
                m.put("ready", true);
              },
              () -> m.put("ready", false));
    }
    return NODES.objectNode().set("models", out);
  }

  private JsonNode modelReady(Context ctx) {
    ModelSlot s = slot(ctx.pathParam("name"));
    boolean loaded = s.current().isPresent();
    if (!loaded) {
      ctx.status(503);
    }
    return NODES.objectNode().put("name", s.name()).put("ready", loaded);
  }

  private JsonNode metadata(Context ctx) {
    ModelSlot s = slot(ctx.pathParam("name"));
    ModelSlot.Served c =
        s.current()
            .orElseThrow(
                () ->
                    new ApiException(
                        503, "NOT_READY", "model \"" + s.name() + "\" is not loaded yet", "name"));
    ObjectNode m = NODES.objectNode();
    m.put("name", s.name());
    m.putArray("versions").add(Integer.toString(c.version()));
    m.put("platform", "xgboost");
    ArrayNode inputs = m.putArray("inputs");
    FittedFeatures f = c.scorer().features();
    for (String col : f.requiredColumns()) {
      ColumnSchema cs = c.scorer().manifest().schema().find(col).orElseThrow();
      inputs.addObject().put("name", col).put("datatype", datatype(cs)).putArray("shape").add(-1);
    }
    ArrayNode outputs = m.putArray("outputs");
    ObjectNode predict = outputs.addObject().put("name", "predict").put("datatype", "FP32");
    ArrayNode shape = predict.putArray("shape").add(-1);
    if (c.scorer().task() == Task.MULTICLASS) {
      shape.add(c.scorer().labels().numClass());
    }
    if (c.scorer().task() != Task.REGRESSION) {
      outputs.addObject().put("name", "label").put("datatype", "BYTES").putArray("shape").add(-1);
    }
    return m;
  }

  private static String datatype(ColumnSchema cs) {
    return switch (cs.type()) {
      case INTEGER -> "INT64";
      case DOUBLE -> "FP64";
      case BOOLEAN -> "BOOL";
      default -> "BYTES";
    };
  }

  private void score(Context ctx, Protocol protocol, String endpoint, String model) {
    if (!pending.tryAcquire()) {
      metrics.rejected("overload");
      live.record(LiveStats.Outcome.OVERLOADED, 0);
      ctx.header("Retry-After", "1");
      error(
          ctx,
          protocol,
          new ApiException(
              503,
              "OVERLOADED",
              "the server is at its limit of "
                  + config.maxPending()
                  + " pending requests; retry shortly",
              null));
      return;
    }
    long start = System.nanoTime();
    metrics.started();
    String requestId = requestId(ctx);
    ctx.header(REQUEST_ID, requestId);
    String version = "none";
    String outcome = "client_error";
    try {
      ModelSlot slot = slot(model);
      try (ModelSlot.Leased leased =
          slot.acquire()
              .orElseThrow(
                  () ->
                      new ApiException(
                          503, "NOT_READY", "model \"" + model + "\" is not loaded yet", "name"))) {
        version = Integer.toString(leased.served().version());
        json(ctx, 200, scoreWith(ctx, protocol, leased.served(), requestId));
        outcome = "success";
      }
    } catch (ApiException e) {
      outcome = e.status() >= 500 ? "server_error" : "client_error";
      error(ctx, protocol, e);
    } catch (RuntimeException e) {
      outcome = "server_error";
      LOG.error("scoring failed", e);
      error(
          ctx,
          protocol,
          new ApiException(
              500, "INTERNAL", "internal error: " + e.getClass().getSimpleName(), null));
    } catch (Exception e) {
      // Jetty throws (undeclared) I/O errors when the client goes away mid-body: nothing was
      // scored and there is no one to answer.
      outcome = "client_error";
      LOG.debug("client went away: {}", e.toString());
    } finally {
      pending.release();
      long nanos = System.nanoTime() - start;
      live.record(
          switch (outcome) {
            case "success" -> LiveStats.Outcome.SUCCESS;
            case "server_error" -> LiveStats.Outcome.SERVER_ERROR;
            default -> LiveStats.Outcome.CLIENT_ERROR;
          },
          nanos);
      metrics.done(
          model.length() > 64 ? "unknown" : slots.containsKey(model) ? model : "unknown",
          version,
          endpoint,
          outcome,
          nanos);
    }
  }

  /** The client's {@code X-Request-Id} when it is a sane token, else a new random id. */
  private static String requestId(Context ctx) {
    String given = ctx.header(REQUEST_ID);
    if (given != null && REQUEST_ID_FORMAT.matcher(given).matches()) {
      return given;
    }
    return java.util.UUID.randomUUID().toString();
  }

  private JsonNode scoreWith(
      Context ctx, Protocol protocol, ModelSlot.Served served, String requestId) {
    Scorer scorer = served.scorer();
    FittedFeatures features = scorer.features();
    byte[] bytes;
    try {
      bytes = ctx.bodyAsBytes();
    } catch (HttpResponseException e) {
      throw new ApiException(
          e.getStatus(),
          "BODY_TOO_LARGE",
          "the request body is larger than " + config.maxBodyBytes() + " bytes",
          "$");
    }
    JsonNode body = Requests.parse(bytes);
    List<Map<String, Object>> records =
        switch (protocol) {
          case NATIVE -> Requests.nativeRecords(body);
          case OPEN_INFERENCE -> Requests.openInference(body, features, inputColumns(scorer));
          case MLFLOW -> Requests.mlflow(body, features);
        };
    if (records.isEmpty()) {
      throw ApiException.badRequest("the batch is empty; send at least one record", "$");
    }
    if (records.size() > config.maxBatch()) {
      throw new ApiException(
          413,
          "BATCH_TOO_LARGE",
          "the batch has " + records.size() + " records, the limit is " + config.maxBatch(),
          "$");
    }
    for (int i = 0; i < records.size(); i++) {
      List<String> unknown = features.unknownColumns(records.get(i).keySet());
      if (!unknown.isEmpty()) {
        throw ApiException.badRequest(
            "record "
                + i
                + ": unknown column \""
                + unknown.get(0)
                + "\" (the model reads "
                + features.requiredColumns()
                + ")",
            unknown.get(0));
      }
    }
    float[][] out;
    try {
      out = scorer.outputs(records);
    } catch (FeatureException e) {
      throw ApiException.badRequest(e.getMessage(), e.column());
    }
    served.drift().record(records, out);
    if (capture != null) {
      capture.offer(
          served.name(),
          scorer.manifest(),
          served.version(),
          requestId,
          Instant.now(),
          records,
          out);
    }
    metrics.scored(served.name(), Integer.toString(served.version()), records.size());
    return switch (protocol) {
      case NATIVE -> nativeResponse(ctx, served, records, out);
      case OPEN_INFERENCE -> inferResponse(body, served, out);
      case MLFLOW -> mlflowResponse(scorer, out);
    };
  }

  private static List<ColumnSchema> inputColumns(Scorer scorer) {
    List<ColumnSchema> out = new ArrayList<>();
    for (String c : scorer.features().requiredColumns()) {
      out.add(scorer.manifest().schema().find(c).orElseThrow());
    }
    return out;
  }

  private JsonNode nativeResponse(
      Context ctx, ModelSlot.Served served, List<Map<String, Object>> records, float[][] out) {
    Scorer scorer = served.scorer();
    ObjectNode r = NODES.objectNode();
    r.put("model", served.name());
    r.put("version", served.version());
    ArrayNode preds = r.putArray("predictions");
    List<String> classes = scorer.labels().classes();
    for (float[] row : out) {
      ObjectNode p = preds.addObject();
      switch (scorer.task()) {
        case BINARY -> {
          p.put("label", scorer.labels().predictedLabel(row, Scorer.DEFAULT_THRESHOLD));
          p.put("probability", row[0]);
        }
        case MULTICLASS -> {
          ObjectNode probs = NODES.objectNode();
          for (int k = 0; k < row.length; k++) {
            probs.put(classes.get(k), row[k]);
          }
          p.put("label", scorer.labels().predictedLabel(row, Scorer.DEFAULT_THRESHOLD));
          p.set("probabilities", probs);
        }
        case REGRESSION -> p.put("value", row[0]);
      }
    }
    if ("true".equalsIgnoreCase(ctx.queryParam("explain"))) {
      float[][] shap = scorer.contributions(records);
      List<String> names = scorer.features().featureNames();
      int width = names.size() + 1;
      ArrayNode ex = r.putArray("explanations");
      for (float[] row : shap) {
        ObjectNode e = ex.addObject();
        int blocks = row.length / width;
        for (int b = 0; b < blocks; b++) {
          ObjectNode target = blocks == 1 ? e : e.putObject(scorer.labels().classes().get(b));
          ObjectNode contrib = target.putObject("contributions");
          for (int k = 0; k < names.size(); k++) {
            contrib.put(names.get(k), row[b * width + k]);
          }
          target.put("bias", row[b * width + names.size()]);
        }
      }
    }
    return r;
  }

  private static JsonNode inferResponse(JsonNode request, ModelSlot.Served served, float[][] out) {
    Scorer scorer = served.scorer();
    ObjectNode r = NODES.objectNode();
    r.put("model_name", served.name());
    r.put("model_version", Integer.toString(served.version()));
    if (request.path("id").isTextual()) {
      r.put("id", request.get("id").textValue());
    }
    ArrayNode outputs = r.putArray("outputs");
    ObjectNode predict = outputs.addObject().put("name", "predict").put("datatype", "FP32");
    ArrayNode shape = predict.putArray("shape").add(out.length);
    int width = out.length == 0 ? 1 : out[0].length;
    if (scorer.task() == Task.MULTICLASS) {
      shape.add(width);
    }
    ArrayNode data = predict.putArray("data");
    for (float[] row : out) {
      for (float v : row) {
        data.add(v);
      }
    }
    if (scorer.task() != Task.REGRESSION) {
      ObjectNode label = outputs.addObject().put("name", "label").put("datatype", "BYTES");
      label.putArray("shape").add(out.length);
      ArrayNode labels = label.putArray("data");
      for (float[] row : out) {
        labels.add(scorer.labels().predictedLabel(row, Scorer.DEFAULT_THRESHOLD));
      }
    }
    return r;
  }

  private static JsonNode mlflowResponse(Scorer scorer, float[][] out) {
    ObjectNode r = NODES.objectNode();
    ArrayNode preds = r.putArray("predictions");
    for (float[] row : out) {
      if (scorer.task() == Task.MULTICLASS) {
        ArrayNode a = preds.addArray();
        for (float v : row) {
          a.add(v);
        }
      } else {
        preds.add(row[0]);
      }
    }
    return r;
  }

  private void metrics(Context ctx) {
    if (!(registry instanceof PrometheusMeterRegistry prometheus)) {
      error(
          ctx,
          Protocol.NATIVE,
          new ApiException(
              404, "NOT_FOUND", "metrics are published to the application's own registry", null));
      return;
    }
    ctx.status(200);
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
    ctx.result(prometheus.scrape());
  }

  private static void json(Context ctx, int status, JsonNode body) {
    ctx.status(status);
    ctx.contentType(JSON);
    ctx.result(JsonForm.line(body).getBytes(StandardCharsets.UTF_8));
  }

  private static void error(Context ctx, Protocol protocol, ApiException e) {
    ObjectNode body = NODES.objectNode();
    switch (protocol) {
      case OPEN_INFERENCE -> body.put("error", e.getMessage());
      case MLFLOW ->
          body.put(
                  "error_code",
                  e.status() == 404
                      ? "RESOURCE_DOES_NOT_EXIST"
                      : e.status() >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST")
              .put("message", e.getMessage());
      default -> {
        ObjectNode err = body.putObject("error");
        err.put("code", e.code());
        err.put("message", e.getMessage());
        if (e.field() != null) {
          err.put("field", e.field());
        }
      }
    }
    json(ctx, e.status(), body);
  }
}
