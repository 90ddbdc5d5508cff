package dev.boostline.azure.testing;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.sas.SasProtocol;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Azure Resource Manager for Azure ML, on a free loopback port: the handful of calls the
 * adapter makes (default datastore and its secrets, model containers and versions in workspaces and
 * registries, startPendingUpload with Azurite SAS URLs, online endpoints and deployments as
 * long-running operations with {@code Azure-AsyncOperation}, endpoint keys), answered with bodies
 * shaped as Microsoft's spec says (Prism checks them). It also proxies blob traffic to Azurite, so
 * uploads can be cut off midway, and scores deployed endpoints through the bundle's Python loader
 * (Debian's python3, see {@code endpoint_score.py}).
 *
 * <p>Faults on request: the next ARM requests answer a given status (503, 429 with Retry-After, 400
 * with an Azure error), and block uploads fail after a given count.
 */
public final class FakeArm implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROVIDER =
      "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices";
  private static final String WS = PROVIDER + "/workspaces/{ws}";
  private static final String REG = PROVIDER + "/registries/{reg}";
  private static final Set<String> HOP =
      Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");

  /** Container of the workspace's default datastore in Azurite. */
  public static final String DATASTORE_CONTAINER = "azureml-blobstore";

  /** The endpoint key listKeys returns and the fake scoring route requires. */
  public static final String ENDPOINT_KEY = "fake-endpoint-key";

  private final Azurite azurite;
  private final Javalin app;
  private final HttpClient proxy = HttpClient.newHttpClient();
  private final Map<String, ObjectNode> resources = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> operations = new ConcurrentHashMap<>();
  private final Map<String, Path> deployed = new ConcurrentHashMap<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger blockPuts = new AtomicInteger();
  private final AtomicInteger failBlocksAfter = new AtomicInteger(-1);
  private final Path work;

  /** A fault: the next ARM request whose path contains {@code pathPart} answers this. */
  private record Fault(String pathPart, int status, String retryAfter, String code, String text) {}

  private FakeArm(Azurite azurite) {
    this.azurite = azurite;
    try {
      this.work = Files.createTempDirectory("boostline-fake-arm-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    azurite.client().createBlobContainerIfNotExists(DATASTORE_CONTAINER);
    app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.jetty.host = "127.0.0.1";
              cfg.jetty.port = 0;
              cfg.http.maxRequestSize = 256L << 20;
              cfg.routes.before(this::before);
              cfg.routes.get(WS + "/datastores", this::datastores);
              cfg.routes.get(WS + "/datastores/{name}", this::datastore);
              cfg.routes.post(WS + "/datastores/{name}/listSecrets", this::secrets);
              for (String scope : new String[] {WS, REG}) {
                cfg.routes.get(scope + "/models", this::list);
                cfg.routes.get(scope + "/models/{name}", this::getResource);
                cfg.routes.put(scope + "/models/{name}", this::putContainer);
                cfg.routes.get(scope + "/models/{name}/versions", this::list);
                cfg.routes.get(scope + "/models/{name}/versions/{version}", this::getResource);
                cfg.routes.put(scope + "/models/{name}/versions/{version}", this::putVersion);
              }
              cfg.routes.post(
                  REG + "/models/{name}/versions/{version}/startPendingUpload", this::pending);
              cfg.routes.get(WS + "/onlineEndpoints/{endpoint}", this::getResource);
              cfg.routes.put(WS + "/onlineEndpoints/{endpoint}", this::putEndpoint);
              cfg.routes.post(WS + "/onlineEndpoints/{endpoint}/listKeys", this::keys);
              cfg.routes.get(
                  WS + "/onlineEndpoints/{endpoint}/deployments/{deployment}", this::getResource);
              cfg.routes.put(
                  WS + "/onlineEndpoints/{endpoint}/deployments/{deployment}", this::putDeployment);
              cfg.routes.get("/operations/{id}", this::operation);
              cfg.routes.post("/score/{endpoint}", this::score);
              for (HandlerType t :
                  new HandlerType[] {
                    HandlerType.GET, HandlerType.PUT, HandlerType.HEAD, HandlerType.DELETE
                  }) {
                cfg.routes.addHttpHandler(t, "/" + Azurite.ACCOUNT + "/<path>", this::blob);
              }
            });
    app.start();
  }

  /** Starts the fake over a running Azurite. */
  public static FakeArm start(Azurite azurite) {
    return new FakeArm(azurite);
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + app.port();
  }

  /** The blob endpoint of an account as the adapter should reach it: through this fake. */
  public String blobEndpoint(String account) {
    return url() + "/" + account;
  }

  // ----------------------------------------------------------------------- faults and logs

  /**
   * The next {@code times} ARM requests whose path contains {@code pathPart} answer {@code status}.
   */
  public synchronized void fail(String pathPart, int times, int status, String retryAfter) {
    for (int i = 0; i < times; i++) {
      faults.add(new Fault(pathPart, status, retryAfter, null, null));
    }
  }

  /** The next ARM request whose path contains {@code pathPart} answers an Azure error. */
  public synchronized void failWithError(String pathPart, int status, String code, String text) {
    faults.add(new Fault(pathPart, status, null, code, text));
  }

  /** Block uploads fail (HTTP 500) once {@code blocks} more have been accepted; -1 to stop. */
  public void failBlocksAfter(int blocks) {
    blockPuts.set(0);
    failBlocksAfter.set(blocks);
  }

  /** Blocks accepted since the last {@link #failBlocksAfter} or {@link #clearLog}. */
  public int blockPuts() {
    return blockPuts.get();
  }

  /** Every request received ({@code METHOD path}), ARM and blob alike. */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public void clearLog() {
    requests.clear();
    blockPuts.set(0);
  }

  /** A stored resource (model version, endpoint, ...) by ARM path, as last written. */
  public JsonNode resource(String armPath) {
    return resources.get(key(armPath));
  }

  private void before(Context ctx) {
    requests.add(ctx.method() + " " + ctx.path());
    if (!ctx.path().startsWith("/subscriptions/")) {
      return;
    }
    Fault f;
    synchronized (this) {
      f = faults.stream().filter(x -> ctx.path().contains(x.pathPart())).findFirst().orElse(null);
      if (f != null) {
        faults.remove(f);
      }
    }
    if (f != null) {
      if (f.retryAfter() != null) {
        ctx.header("Retry-After", f.retryAfter());
      }
      ObjectNode e = JSON.createObjectNode();
      e.putObject("error")
          .put("code", f.code() == null ? "ServiceUnavailable" : f.code())
          .put("message", f.text() == null ? "injected fault " + f.status() : f.text());
      json(ctx, f.status(), e);
      ctx.skipRemainingHandlers();
    }
  }

  // ----------------------------------------------------------------------------- datastores

  private ObjectNode datastoreBody(Context ctx) {
    ObjectNode d = JSON.createObjectNode();
    String id = ctx.path().replaceAll("/datastores.*$", "") + "/datastores/workspaceblobstore";
    d.put("id", id);
    d.put("name", "workspaceblobstore");
    d.put("type", "Microsoft.MachineLearningServices/workspaces/datastores");
    ObjectNode p = d.putObject("properties");
    p.put("datastoreType", "AzureBlob");
    p.put("accountName", Azurite.ACCOUNT);
    p.put("containerName", DATASTORE_CONTAINER);
    p.put("endpoint", "core.windows.net");
    p.put("protocol", "http");
    p.put("isDefault", true);
    p.putObject("credentials")
        .put("credentialsType", "AccountKey")
        .putObject("secrets")
        .put("secretsType", "AccountKey");
    return d;
  }

  private void datastores(Context ctx) {
    ObjectNode list = JSON.createObjectNode();
    list.putArray("value").add(datastoreBody(ctx));
    json(ctx, 200, list);
  }

  private void datastore(Context ctx) {
    if (!ctx.pathParam("name").equals("workspaceblobstore")) {
      notFound(ctx, "datastore " + ctx.pathParam("name"));
      return;
    }
    json(ctx, 200, datastoreBody(ctx));
  }

  private void secrets(Context ctx) {
    json(
        ctx, 200, JSON.createObjectNode().put("secretsType", "AccountKey").put("key", Azurite.KEY));
  }

  // --------------------------------------------------------------------------------- models

  private static String key(String path) {
    return path.toLowerCase(java.util.Locale.ROOT);
  }

  private void getResource(Context ctx) {
    ObjectNode r = resources.get(key(ctx.path()));
    if (r == null) {
      notFound(ctx, ctx.path());
      return;
    }
    json(ctx, 200, r);
  }

  private void list(Context ctx) {
    String prefix = key(ctx.path()) + "/";
    ObjectNode out = JSON.createObjectNode();
    ArrayNode value = out.putArray("value");
    resources.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .filter(e -> !e.getKey().substring(prefix.length()).contains("/"))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> value.add(e.getValue()));
    json(ctx, 200, out);
  }

  private ObjectNode envelope(Context ctx, String type, JsonNode body) {
    ObjectNode r = JSON.createObjectNode();
    r.put("id", ctx.path());
    r.put("name", ctx.path().substring(ctx.path().lastIndexOf('/') + 1));
    r.put("type", type);
    ObjectNode sys = r.putObject("systemData");
    sys.put("createdAt", OffsetDateTime.now().toString());
    sys.put("createdBy", "fake-arm");
    sys.put("createdByType", "User");
    if (body.has("location")) {
      r.set("location", body.get("location"));
    }
    for (String f : new String[] {"identity", "sku", "kind", "tags"}) {
      if (body.has(f)) {
        r.set(f, body.get(f).deepCopy());
      }
    }
    r.set("properties", body.path("properties").deepCopy());
    return r;
  }

  private void putContainer(Context ctx) throws IOException {
    JsonNode body = JSON.readTree(ctx.bodyAsBytes());
    boolean registry = ctx.path().contains("/registries/");
    ObjectNode r =
        envelope(
            ctx,
            "Microsoft.MachineLearningServices/"
                + (registry ? "registries" : "workspaces")
                + "/models",
            body);
    boolean created = resources.put(key(ctx.path()), r) == null;
    json(ctx, created ? 201 : 200, r);
  }

  private void putVersion(Context ctx) throws IOException {
    JsonNode body = JSON.readTree(ctx.bodyAsBytes());
    boolean registry = ctx.path().contains("/registries/");
    ObjectNode existing = resources.get(key(ctx.path()));
    if (existing != null
        && !existing
            .path("properties")
            .path("modelUri")
            .asText()
            .equals(body.path("properties").path("modelUri").asText())) {
      ObjectNode e = JSON.createObjectNode();
      e.putObject("error")
          .put("code", "UserError")
          .put("message", "Asset paths cannot be updated.");
      json(ctx, 409, e);
      return;
    }
    ObjectNode r =
        envelope(
            ctx,
            "Microsoft.MachineLearningServices/"
                + (registry ? "registries" : "workspaces")
                + "/models/versions",
            body);
    ((ObjectNode) r.get("properties")).put("provisioningState", "Succeeded");
    String container = ctx.path().substring(0, ctx.path().indexOf("/versions/"));
    resources.computeIfAbsent(
        key(container),
        k -> {
          ObjectNode c = JSON.createObjectNode();
          c.put("id", container);
          c.put("name", ctx.pathParam("name"));
          c.put("type", "Microsoft.MachineLearningServices/workspaces/models");
          c.putObject("properties");
          return c;
        });
    resources.put(key(ctx.path()), r);
    if (registry) {
      accepted(ctx, r);
    } else {
      json(ctx, existing == null ? 201 : 200, r);
    }
  }

  private void pending(Context ctx) {
    String container = "registry-" + ctx.pathParam("reg").toLowerCase(java.util.Locale.ROOT);
    BlobContainerClient c = azurite.client().getBlobContainerClient(container);
    c.createIfNotExists();
    String sas =
        c.generateSas(
            new BlobServiceSasSignatureValues(
                    OffsetDateTime.now().plusHours(1),
                    new BlobContainerSasPermission()
                        .setReadPermission(true)
                        .setWritePermission(true)
                        .setListPermission(true)
                        .setAddPermission(true)
                        .setCreatePermission(true))
                .setProtocol(SasProtocol.HTTPS_HTTP));
    String containerUrl = blobEndpoint(Azurite.ACCOUNT) + "/" + container;
    String upload = UUID.randomUUID().toString();
    ObjectNode out = JSON.createObjectNode();
    ObjectNode ref = out.putObject("blobReferenceForConsumption");
    ref.put("blobUri", containerUrl + "/" + upload);
    ref.putObject("credential")
        .put("credentialType", "SAS")
        .put("sasUri", containerUrl + "?" + sas);
    out.put("pendingUploadId", upload);
    out.put("pendingUploadType", "TemporaryBlobReference");
    json(ctx, 200, out);
  }

  // ----------------------------------------------------------------- endpoints, deployments

  private void putEndpoint(Context ctx) throws IOException {
    JsonNode body = JSON.readTree(ctx.bodyAsBytes());
    ObjectNode r =
        envelope(ctx, "Microsoft.MachineLearningServices/workspaces/onlineEndpoints", body);
    ObjectNode p = (ObjectNode) r.get("properties");
    p.put("provisioningState", "Succeeded");
    p.put("scoringUri", url() + "/score/" + ctx.pathParam("endpoint"));
    if (!p.has("traffic")) {
      p.putObject("traffic");
    }
    resources.put(key(ctx.path()), r);
    accepted(ctx, r);
  }

  private void putDeployment(Context ctx) throws IOException {
    JsonNode body = JSON.readTree(ctx.bodyAsBytes());
    String endpointPath = ctx.path().substring(0, ctx.path().indexOf("/deployments/"));
    if (!resources.containsKey(key(endpointPath))) {
      notFound(ctx, "endpoint " + ctx.pathParam("endpoint"));
      return;
    }
    String model = body.path("properties").path("model").asText();
    ObjectNode version = resources.get(key(model));
    if (version == null) {
      ObjectNode e = JSON.createObjectNode();
      e.putObject("error").put("code", "UserError").put("message", "model " + model + " not found");
      json(ctx, 400, e);
      return;
    }
    deployed.put(ctx.pathParam("endpoint"), download(version));
    ObjectNode r =
        envelope(
            ctx, "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments", body);
    ((ObjectNode) r.get("properties")).put("provisioningState", "Succeeded");
    resources.put(key(ctx.path()), r);
    accepted(ctx, r);
  }

  /** Copies a version's folder out of Azurite, as Azure ML mounts it into the deployment. */
  private Path download(JsonNode version) {
    String uri = version.path("properties").path("modelUri").asText();
    String prefix = uri.replaceAll("^.*/paths/", "");
    BlobContainerClient c = azurite.client().getBlobContainerClient(DATASTORE_CONTAINER);
    Path dir = work.resolve(UUID.randomUUID().toString());
    for (BlobItem item : c.listBlobs(new ListBlobsOptions().setPrefix(prefix + "/"), null)) {
      Path target = dir.resolve(item.getName().substring(prefix.length() + 1));
      try {
        Files.createDirectories(target.getParent());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      c.getBlobClient(item.getName()).downloadToFile(target.toString(), true);
    }
    return dir;
  }

  private void keys(Context ctx) {
    if (!resources.containsKey(key(ctx.path().replace("/listKeys", "")))) {
      notFound(ctx, "endpoint " + ctx.pathParam("endpoint"));
      return;
    }
    json(
        ctx,
        200,
        JSON.createObjectNode().put("primaryKey", ENDPOINT_KEY).put("secondaryKey", "unused"));
  }

  /** 201 with Azure-AsyncOperation: the operation succeeds on its second poll. */
  private void accepted(Context ctx, JsonNode body) {
    String id = UUID.randomUUID().toString();
    operations.put(id, new AtomicInteger());
    ctx.header("Azure-AsyncOperation", url() + "/operations/" + id + "?api-version=2025-09-01");
    ctx.header("Retry-After", "0");
    json(ctx, 201, body);
  }

  private void operation(Context ctx) {
    AtomicInteger polls = operations.get(ctx.pathParam("id"));
    if (polls == null) {
      notFound(ctx, "operation");
      return;
    }
    String status = polls.incrementAndGet() < 2 ? "InProgress" : "Succeeded";
    ctx.header("Retry-After", "0");
    json(ctx, 200, JSON.createObjectNode().put("status", status));
  }

  /** Scores a payload on a deployed endpoint through the bundle's loader (Debian's python3). */
  private void score(Context ctx) throws Exception {
    if (!("Bearer " + ENDPOINT_KEY).equals(ctx.header("Authorization"))) {
      ctx.status(401).result("missing or wrong endpoint key");
      return;
    }
    Path model = deployed.get(ctx.pathParam("endpoint"));
    if (model == null) {
      ctx.status(404).result("no deployment");
      return;
    }
    Path payload = Files.createTempFile(work, "payload-", ".json");
    Path out = Files.createTempFile(work, "out-", ".json");
    Files.write(payload, ctx.bodyAsBytes());
    Path script = work.resolve("endpoint_score.py");
    try (InputStream in = FakeArm.class.getResourceAsStream("/python/endpoint_score.py")) {
      Files.write(script, in.readAllBytes());
    }
    Process p =
        new ProcessBuilder(
                "/usr/bin/python3",
                script.toString(),
                model.toString(),
                payload.toString(),
                out.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      ctx.status(500).result("scoring failed:\n" + log);
      return;
    }
    JsonNode answer = JSON.readTree(out.toFile());
    json(ctx, answer.isObject() ? 400 : 200, answer);
  }

  // ---------------------------------------------------------------------------------- blobs

  private void blob(Context ctx) throws Exception {
    boolean block = ctx.method() == HandlerType.PUT && "block".equals(ctx.queryParam("comp"));
    if (block) {
      int limit = failBlocksAfter.get();
      if (limit >= 0 && blockPuts.get() >= limit) {
        ctx.status(500).result("injected: upload cut off");
        return;
      }
    }
    String target =
        "http://127.0.0.1:"
            + azurite.port()
            + ctx.path()
            + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
    byte[] body = ctx.bodyAsBytes();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(target))
            .method(
                ctx.method().name(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, String> h : ctx.headerMap().entrySet()) {
      if (!HOP.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
        b.header(h.getKey(), h.getValue());
      }
    }
    HttpResponse<byte[]> r = proxy.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (block && r.statusCode() < 300) {
      blockPuts.incrementAndGet();
    }
    ctx.status(r.statusCode());
    r.headers()
        .map()
        .forEach(
            (k, v) -> {
              if (!HOP.contains(k.toLowerCase(java.util.Locale.ROOT)) && !v.isEmpty()) {
                ctx.header(k, v.get(0));
              }
            });
    if (ctx.method() == HandlerType.HEAD) {
      r.headers().firstValue("content-length").ifPresent(len -> ctx.header("Content-Length", len));
      return;
    }
    ctx.result(r.body());
  }

  // ---------------------------------------------------------------------------------- plumbing

  private static void notFound(Context ctx, String what) {
    ObjectNode e = JSON.createObjectNode();
    e.putObject("error").put("code", "NotFound").put("message", what + " was not found");
    json(ctx, 404, e);
  }

  private static void json(Context ctx, int status, JsonNode body) {
    try {
      ctx.status(status);
      ctx.contentType("application/json");
      ctx.result(JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    app.stop();
    try (var walk = Files.walk(work)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Temporary files only.
    }
  }
}
