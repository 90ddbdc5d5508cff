package dev.boostline.azure;

import com.azure.core.credential.AzureSasCredential;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.BlobUrlParts;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boostline.azure.internal.ArmClient;
import dev.boostline.azure.internal.BlobTransfer;
import dev.boostline.azure.internal.Jsons;
import dev.boostline.azure.internal.Redact;
import dev.boostline.azure.internal.StagedBundle;
import dev.boostline.common.ConflictException;
import dev.boostline.common.LibraryVersion;
import dev.boostline.common.NotFoundException;
import dev.boostline.model.BundleManifest;
import dev.boostline.model.ModelBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Azure ML adapter: pushes model bundles to a workspace or a registry as {@code mlflow_model}
 * versions, pulls them back, deploys them to managed online endpoints (no scoring code: the
 * bundle's python_function flavor scores raw records) and invokes those endpoints.
 *
 * <p>Pushing is idempotent: the bundle's SHA-256 (see {@link PushResult#bundleSha256()}) is
 * recorded in the version's properties; a version that already holds it is success without upload,
 * one that holds another is a {@link ConflictException} naming both. The version is registered only
 * after every file is uploaded and verified. Uploads go in blocks, several at once, each retried;
 * an interrupted push resumes on the next run. Every ARM request is retried on 408, 429 and 5xx
 * with exponential backoff honouring Retry-After; Azure's error code and message reach the caller
 * in {@link AzureMlException}. No secret is logged or printed.
 *
 * <p>Thread-safe; holds no resource that needs closing.
 */
public final class AzureMl {
  /** Version property: the SHA-256 of the pushed files. */
  public static final String SHA_PROPERTY = "boostline.sha256";

  /** Version property: the SHA-256 of model.ubj (the local registry's identity of a model). */
  public static final String MODEL_SHA_PROPERTY = "boostline.model_sha256";

  /** The folder name of every pushed bundle (Azure refuses an mlflow_model folder with a dot). */
  static final String FOLDER = "model";

  private final AzureMlOptions options;
  private final ArmClient arm;
  private final HttpClient http;
  private final java.util.function.Supplier<TokenCredential> credential;

  private AzureMl(AzureMlOptions options) {
    this.options = options;
    this.http = options.httpClient().orElseGet(HttpClient::createDefault);
    AzureMlOptions withClient = options.toBuilder().httpClient(http).build();
    TokenCredential[] made = new TokenCredential[1];
    this.credential =
        () -> {
          synchronized (made) {
            if (made[0] == null) {
              made[0] =
                  options.credential().orElseGet(() -> new DefaultAzureCredentialBuilder().build());
            }
            return made[0];
          }
        };
    this.arm = ArmClient.create(withClient, credential);
  }

  /** An adapter with these options. */
  public static AzureMl create(AzureMlOptions options) {
    return new AzureMl(options);
  }

  /** The options in use. */
  public AzureMlOptions options() {
    return options;
  }

  // ------------------------------------------------------------------------------------ push

  /**
   * Pushes a bundle: uploads its files (written as {@link ModelBundle#write} writes them, the model
   * cut to the trees it scores with) and registers an {@code mlflow_model} version with lineage
   * tags and Boostline's properties.
   *
   * <p>Workspace: to the default datastore under {@code LocalUpload/<sha256>/model}, then a
   * synchronous PUT. Registry: startPendingUpload, upload to the returned SAS, then a PUT polled as
   * a long-running operation.
   *
   * @throws ConflictException when the version exists with other content
   * @throws AzureMlException when Azure refuses a request or an upload cannot complete
   */
  public PushResult push(PushRequest request) {
    AzureMlTarget target = request.target();
    String path = target.versionPath(request.azureName(), request.azureVersion());
    try (StagedBundle staged = StagedBundle.stage(request.bundle())) {
      Optional<JsonNode> existing = arm.find(path);
      if (existing.isPresent()) {
        requireSame(existing.get(), staged.sha256(), request);
        JsonNode props = existing.get().path("properties");
        return new PushResult(
            target,
            request.azureName(),
            request.azureVersion(),
            props.path("modelUri").asText(),
            assetId(target, request.azureName(), request.azureVersion()),
            staged.sha256(),
            PushResult.Outcome.ALREADY_PUSHED,
            0,
            0);
      }
      Upload upload =
          target.kind() == AzureMlTarget.Kind.WORKSPACE
              ? uploadToWorkspace(target, staged)
              : uploadToRegistry(target, request, staged);
      ObjectNode body = versionBody(request, staged, upload.modelUri());
      try {
        arm.put(path, body);
      } catch (AzureMlException e) {
        if (e.status() == 409 || e.status() == 400) {
          // Another push may have registered the version meanwhile: same bundle is success.
          Optional<JsonNode> now = arm.find(path);
          if (now.isPresent()) {
            requireSame(now.get(), staged.sha256(), request);
          } else {
            throw e;
          }
        } else {
          throw e;
        }
      }
      return new PushResult(
          target,
          request.azureName(),
          request.azureVersion(),
          upload.modelUri(),
          assetId(target, request.azureName(), request.azureVersion()),
          staged.sha256(),
          arm.dryRun() ? PushResult.Outcome.DRY_RUN : PushResult.Outcome.CREATED,
          upload.files(),
          upload.blocksResumed());
    }
  }

  private static void requireSame(JsonNode version, String sha, PushRequest request) {
    String theirs = version.path("properties").path("properties").path(SHA_PROPERTY).asText("");
    if (theirs.equals(sha)) {
      return;
    }
    throw new ConflictException(
        request.azureName()
            + " version "
            + request.azureVersion()
            + " already exists in "
            + request.target()
            + (theirs.isEmpty()
                ? " and was not pushed by Boostline (it has no " + SHA_PROPERTY + " property)"
                : " with bundle SHA-256 " + theirs)
            + "; this bundle's SHA-256 is "
            + sha
            + ". Azure ML versions are immutable: push under another version (--azure-version)");
  }

  private record Upload(String modelUri, int files, int blocksResumed) {}

  private Upload uploadToWorkspace(AzureMlTarget ws, StagedBundle staged) {
    Datastore ds = defaultDatastore(ws);
    String prefix = "LocalUpload/" + staged.sha256() + "/" + FOLDER;
    String modelUri =
        "azureml://subscriptions/"
            + ws.subscription()
            + "/resourcegroups/"
            + ws.resourceGroup()
            + "/workspaces/"
            + ws.name()
            + "/datastores/"
            + ds.name()
            + "/paths/"
            + prefix;
    BlobTransfer transfer = new BlobTransfer(options.blockSize(), options.parallelism());
    if (arm.dryRun()) {
      if (ds.type().equals("AccountKey") || ds.type().equals("Sas")) {
        arm.post(ws.armPath() + "/datastores/" + ds.name() + "/listSecrets", null, Jsons.object());
      }
      transfer.describe(
          blobEndpoint(ds) + "/" + ds.container() + "/" + prefix, staged, arm::describe);
      return new Upload(modelUri, 0, 0);
    }
    BlobTransfer.Report report = transfer.upload(container(ws, ds), prefix, staged);
    return new Upload(modelUri, report.files() - report.filesSkipped(), report.blocksSkipped());
  }

  private Upload uploadToRegistry(AzureMlTarget reg, PushRequest request, StagedBundle staged) {
    String path = reg.versionPath(request.azureName(), request.azureVersion());
    ObjectNode body = Jsons.object();
    body.putNull("pendingUploadId");
    body.put("pendingUploadType", "TemporaryBlobReference");
    ObjectNode standIn = Jsons.object();
    ObjectNode ref = standIn.putObject("blobReferenceForConsumption");
    ref.put("blobUri", "https://<registry-storage>.blob.core.windows.net/<pending-upload>");
    ref.putObject("credential").put("credentialType", "SAS").put("sasUri", "<sas>");
    JsonNode pending = arm.post(path + "/startPendingUpload", body, standIn);
    String blobUri = pending.path("blobReferenceForConsumption").path("blobUri").asText("");
    String sasUri =
        pending.path("blobReferenceForConsumption").path("credential").path("sasUri").asText("");
    if (blobUri.isEmpty() || sasUri.isEmpty()) {
      throw new AzureMlException(
          "startPendingUpload for "
              + request.azureName()
              + " version "
              + request.azureVersion()
              + " returned no blob URI or SAS");
    }
    String folder = blobUri.replaceAll("/+$", "") + "/" + FOLDER;
    BlobTransfer transfer = new BlobTransfer(options.blockSize(), options.parallelism());
    if (arm.dryRun()) {
      transfer.describe(folder, staged, arm::describe);
      return new Upload(folder, 0, 0);
    }
    BlobUrlParts parts = BlobUrlParts.parse(blobUri);
    String base = parts.getBlobName() == null ? "" : parts.getBlobName().replaceAll("/+$", "");
    String prefix = base.isEmpty() ? FOLDER : base + "/" + FOLDER;
    BlobContainerClient container =
        new BlobContainerClientBuilder()
            .endpoint(sasUri)
            .httpClient(http)
            .retryOptions(storageRetries())
            .buildClient();
    BlobTransfer.Report report = transfer.upload(container, prefix, staged);
    return new Upload(folder, report.files() - report.filesSkipped(), report.blocksSkipped());
  }

  private ObjectNode versionBody(PushRequest request, StagedBundle staged, String modelUri) {
    BundleManifest m = request.bundle().manifest();
    ObjectNode body = Jsons.object();
    ObjectNode p = body.putObject("properties");
    p.put("modelType", "mlflow_model");
    p.put("modelUri", modelUri);
    p.put(
        "description",
        request
            .description()
            .orElse(
                m.labels().task().name().toLowerCase(Locale.ROOT)
                    + " model of "
                    + m.labels().target()
                    + ", trained by Boostline on "
                    + m.lineage().dataset()));
    ObjectNode tags = p.putObject("tags");
    tags.put("boostline.version", LibraryVersion.current());
    tags.put("dataset", m.lineage().dataset());
    m.lineage().runId().ifPresent(run -> tags.put("run", run));
    tags.put("target", m.labels().target());
    tags.put("task", m.labels().task().name().toLowerCase(Locale.ROOT));
    request.source().ifPresent(s -> tags.put("boostline.source", s.toString()));
    for (Map.Entry<String, Map<String, Double>> split : m.metrics().entrySet()) {
      for (Map.Entry<String, Double> metric : split.getValue().entrySet()) {
        if (metric.getValue() != null && Double.isFinite(metric.getValue())) {
          tags.put(split.getKey() + "." + metric.getKey(), format(metric.getValue()));
        }
      }
    }
    request.tags().forEach(tags::put);
    ObjectNode props = p.putObject("properties");
    props.put(SHA_PROPERTY, staged.sha256());
    props.put(
        MODEL_SHA_PROPERTY,
        staged.files().stream()
            .filter(f -> f.path().equals(ModelBundle.MODEL))
            .map(StagedBundle.StagedFile::sha256)
            .findFirst()
            .orElse(""));
    m.lineage().runId().ifPresent(run -> props.put("boostline.run_id", run));
    props.put("boostline.dataset", m.lineage().datasetName());
    m.lineage()
        .datasetVersion()
        .ifPresent(v -> props.put("boostline.dataset_version", Integer.toString(v)));
    props.put("boostline.target", m.labels().target());
    props.put(
        "boostline.created_at",
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
    props.put("boostline.created_by", System.getProperty("user.name", "unknown"));
    props.put("boostline.metrics", metricsJson(m.metrics()));
    props.put("boostline.dataset_sha256", m.lineage().datasetSha256());
    props.put("boostline.objective", m.objective().xgboostName());
    props.put("boostline.best_iteration", Integer.toString(m.bestIteration()));
    props.put("boostline.xgboost_version", m.lineage().xgboostVersion());
    ObjectNode flavors = p.putObject("flavors");
    flavors
        .putObject("python_function")
        .putObject("data")
        .put("loader_module", ModelBundle.LOADER_MODULE);
    flavors
        .putObject("xgboost")
        .putObject("data")
        .put("model_format", "ubj")
        .put("xgb_version", m.lineage().xgboostVersion());
    p.put("stage", "Development");
    p.put("isAnonymous", false);
    p.put("isArchived", false);
    return body;
  }

  private static String metricsJson(Map<String, Map<String, Double>> metrics) {
    ObjectNode all = Jsons.object();
    new java.util.TreeMap<>(metrics)
        .forEach(
            (split, values) -> {
              ObjectNode o = all.putObject(split);
              new java.util.TreeMap<>(values)
                  .forEach(
                      (k, v) -> {
                        if (v != null && Double.isFinite(v)) {
                          o.put(k, v);
                        }
                      });
            });
    return new String(Jsons.bytes(all), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%.6g", v);
  }

  static String assetId(AzureMlTarget target, String name, String version) {
    if (target.kind() == AzureMlTarget.Kind.REGISTRY) {
      return "azureml://registries/" + target.name() + "/models/" + name + "/versions/" + version;
    }
    return target.versionPath(name, version);
  }

  // ------------------------------------------------------------------------------- storage

  /** A workspace datastore: where its blobs are and how to reach them. */
  record Datastore(
      String name,
      String account,
      String container,
      String endpoint,
      String protocol,
      String type) {}

  Datastore defaultDatastore(AzureMlTarget ws) {
    ObjectNode standIn = Jsons.object();
    ObjectNode ds = standIn.putArray("value").addObject();
    ds.put("name", "workspaceblobstore");
    ds.putObject("properties")
        .put("datastoreType", "AzureBlob")
        .put("accountName", "<storage-account>")
        .put("containerName", "<container>")
        .put("endpoint", "core.windows.net")
        .put("protocol", "https")
        .putObject("credentials")
        .put("credentialsType", "AccountKey");
    JsonNode list = arm.get(ws.armPath() + "/datastores", standIn, "isDefault=true");
    JsonNode first = list.path("value").path(0);
    if (first.isMissingNode()) {
      throw new AzureMlException(ws + " has no default datastore to upload to");
    }
    return datastore(first);
  }

  private Datastore datastore(AzureMlTarget ws, String name) {
    JsonNode d = arm.get(ws.armPath() + "/datastores/" + name, Jsons.object());
    return datastore(d);
  }

  private static Datastore datastore(JsonNode d) {
    JsonNode p = d.path("properties");
    if (!p.path("datastoreType").asText().equals("AzureBlob")) {
      throw new AzureMlException(
          "datastore "
              + d.path("name").asText()
              + " is "
              + p.path("datastoreType").asText()
              + "; models are uploaded to Azure Blob datastores only");
    }
    return new Datastore(
        d.path("name").asText(),
        p.path("accountName").asText(),
        p.path("containerName").asText(),
        p.path("endpoint").asText("core.windows.net"),
        p.path("protocol").asText("https"),
        p.path("credentials").path("credentialsType").asText("None"));
  }

  private String blobEndpoint(Datastore ds) {
    return options
        .storageEndpoint()
        .map(f -> f.apply(ds.account()))
        .orElse(ds.protocol() + "://" + ds.account() + ".blob." + ds.endpoint())
        .replaceAll("/+$", "");
  }

  BlobContainerClient container(AzureMlTarget ws, Datastore ds) {
    BlobContainerClientBuilder b =
        new BlobContainerClientBuilder()
            .endpoint(blobEndpoint(ds) + "/" + ds.container())
            .httpClient(http)
            .retryOptions(storageRetries());
    switch (ds.type()) {
      case "AccountKey", "Sas" -> {
        JsonNode secrets =
            arm.post(ws.armPath() + "/datastores/" + ds.name() + "/listSecrets", null, null);
        if (secrets.path("secretsType").asText().equals("Sas")) {
          b.credential(new AzureSasCredential(secrets.path("sasToken").asText()));
        } else {
          b.credential(new StorageSharedKeyCredential(ds.account(), secrets.path("key").asText()));
        }
      }
      default -> b.credential(credential.get());
    }
    return b.buildClient();
  }

  private RequestRetryOptions storageRetries() {
    return new RequestRetryOptions(
        RetryPolicyType.EXPONENTIAL,
        options.maxRetries() + 1,
        Duration.ofMinutes(5),
        options.retryDelay(),
        options.maxRetryDelay(),
        null);
  }

  // ------------------------------------------------------------------------------------ pull

  /**
   * A pushed version, downloaded and checked: its files must hash to the SHA-256 recorded when it
   * was pushed, and the bundle must re-score its golden rows exactly ({@link ModelBundle#open()}).
   *
   * @throws NotFoundException when the version does not exist
   * @throws AzureMlException when it was not pushed by Boostline, or does not verify
   */
  public ModelBundle pull(AzureMlTarget target, String name, String version) {
    if (arm.dryRun()) {
      throw new IllegalArgumentException("a dry run cannot pull: pulling sends nothing anyway");
    }
    JsonNode v =
        arm.find(target.versionPath(name, version))
            .orElseThrow(
                () ->
                    new NotFoundException(
                        name + " version " + version + " does not exist in " + target));
    String sha = v.path("properties").path("properties").path(SHA_PROPERTY).asText("");
    if (sha.isEmpty()) {
      throw new AzureMlException(
          name
              + " version "
              + version
              + " in "
              + target
              + " was not pushed by Boostline (no "
              + SHA_PROPERTY
              + " property): only Boostline bundles can be pulled");
    }
    String modelUri = v.path("properties").path("modelUri").asText();
    Path dir;
    try {
      dir = Files.createTempDirectory("boostline-pull-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
    try {
      download(target, modelUri, dir);
      String got = StagedBundle.of(dir).sha256();
      if (!got.equals(sha)) {
        throw new AzureMlException(
            name
                + " version "
                + version
                + ": the downloaded files hash to "
                + got
                + " but were pushed as "
                + sha
                + "; the version's files were changed or are incomplete");
      }
      ModelBundle bundle = ModelBundle.read(dir);
      bundle.open().close();
      return bundle;
    } finally {
      delete(dir);
    }
  }

  private void download(AzureMlTarget target, String modelUri, Path dir) {
    BlobTransfer transfer = new BlobTransfer(options.blockSize(), options.parallelism());
    int files;
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "azureml://.*/workspaces/[^/]+/datastores/([^/]+)/paths/(.+)")
            .matcher(modelUri);
    if (m.matches()) {
      if (target.kind() != AzureMlTarget.Kind.WORKSPACE) {
        throw new AzureMlException(
            "a registry version points at a workspace datastore: " + modelUri);
      }
      Datastore ds = datastore(target, m.group(1));
      files = transfer.download(container(target, ds), m.group(2).replaceAll("/+$", ""), dir);
    } else if (modelUri.startsWith("https://") || modelUri.startsWith("http://")) {
      // A registry's storage: read with the identity's own token (Storage Blob Data Reader).
      BlobUrlParts parts = BlobUrlParts.parse(modelUri);
      String account = modelUri.substring(0, modelUri.indexOf(parts.getBlobContainerName()) - 1);
      BlobContainerClient container =
          new BlobContainerClientBuilder()
              .endpoint(account + "/" + parts.getBlobContainerName())
              .credential(credential.get())
              .httpClient(http)
              .retryOptions(storageRetries())
              .buildClient();
      files = transfer.download(container, parts.getBlobName().replaceAll("/+$", ""), dir);
    } else {
      throw new AzureMlException("cannot download from model URI " + Redact.url(modelUri));
    }
    if (files == 0) {
      throw new AzureMlException("no files under " + Redact.url(modelUri));
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A temporary directory left behind is harmless.
    }
  }

  // ---------------------------------------------------------------------------------- deploy

  /**
   * Creates the endpoint (key auth) if needed, creates or updates the deployment of the model,
   * polls both operations, sets the deployment's share of traffic, and returns the scoring URI.
   *
   * @throws AzureMlException when Azure refuses a request, an operation fails, or a new endpoint
   *     has no location
   */
  public DeployResult deploy(DeployRequest request) {
    AzureMlTarget ws = request.workspace();
    String endpointPath = ws.armPath() + "/onlineEndpoints/" + request.endpoint();
    Optional<JsonNode> existing = arm.find(endpointPath);
    String location;
    if (existing.isPresent()) {
      location = existing.get().path("location").asText();
    } else {
      location =
          request
              .location()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "endpoint "
                              + request.endpoint()
                              + " does not exist yet: give its region (--location, the"
                              + " workspace's region)"));
      ObjectNode body = Jsons.object();
      body.put("location", location);
      body.putObject("identity").put("type", "SystemAssigned");
      body.putObject("properties")
          .put("authMode", "Key")
          .put("description", "Boostline model endpoint");
      arm.put(endpointPath, body);
    }
    ObjectNode deployment = Jsons.object();
    deployment.put("location", location);
    deployment.putObject("sku").put("name", "Default").put("capacity", request.instances());
    ObjectNode dp = deployment.putObject("properties");
    dp.put("endpointComputeType", "Managed");
    dp.put("model", request.modelAssetId());
    dp.put("instanceType", request.instanceType());
    dp.putObject("scaleSettings").put("scaleType", "Default");
    dp.put("description", "Boostline bundle, scored by its python_function flavor");
    arm.put(endpointPath + "/deployments/" + request.deployment(), deployment);

    JsonNode endpoint =
        existing.isPresent() || !arm.dryRun()
            ? arm.get(endpointPath, Jsons.object())
            : Jsons.object();
    Map<String, Integer> traffic = new LinkedHashMap<>();
    endpoint
        .path("properties")
        .path("traffic")
        .properties()
        .forEach(e -> traffic.put(e.getKey(), e.getValue().asInt()));
    int others = 100 - request.traffic();
    int sumOthers =
        traffic.entrySet().stream()
            .filter(e -> !e.getKey().equals(request.deployment()))
            .mapToInt(Map.Entry::getValue)
            .sum();
    Map<String, Integer> split = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : traffic.entrySet()) {
      if (!e.getKey().equals(request.deployment()) && sumOthers > 0) {
        split.put(e.getKey(), (int) Math.round((double) e.getValue() * others / sumOthers));
      }
    }
    split.put(request.deployment(), request.traffic());
    fixRounding(split, request.deployment());
    ObjectNode update = Jsons.object();
    update.put("location", location);
    update.putObject("identity").put("type", "SystemAssigned");
    ObjectNode props = update.putObject("properties");
    props.put("authMode", endpoint.path("properties").path("authMode").asText("Key"));
    ObjectNode t = props.putObject("traffic");
    split.forEach(t::put);
    JsonNode done = arm.put(endpointPath, update);
    String scoringUri = done.path("properties").path("scoringUri").asText("");
    if (arm.dryRun()) {
      scoringUri =
          "https://" + request.endpoint() + ".<region>.inference.ml.azure.com/score (dry run)";
    }
    return new DeployResult(request.endpoint(), request.deployment(), scoringUri, split);
  }

  /** Makes a split add up to 100 (or 0) by adjusting one of the other deployments. */
  private static void fixRounding(Map<String, Integer> split, String mine) {
    int sum = split.values().stream().mapToInt(Integer::intValue).sum();
    if (sum == 100 || split.size() < 2) {
      return;
    }
    for (Map.Entry<String, Integer> e : split.entrySet()) {
      if (!e.getKey().equals(mine)) {
        e.setValue(Math.max(0, e.getValue() + 100 - sum));
        return;
      }
    }
  }

  // ---------------------------------------------------------------------------------- invoke

  /**
   * Scores records on a deployed endpoint: reads its scoring URI and key, then posts Azure ML's
   * {@code input_data} payload ({@code columns}, {@code index}, {@code data}).
   *
   * @param columns the column names, in the order of each row's values
   * @param rows the records, one list of values per record (numbers, strings, booleans, null)
   * @return one array of outputs per record (one value, or one per class)
   * @throws AzureMlException when the endpoint refuses the records or answers something else
   */
  public List<double[]> invoke(
      AzureMlTarget workspace, String endpoint, List<String> columns, List<List<Object>> rows) {
    String path = workspace.armPath() + "/onlineEndpoints/" + endpoint;
    JsonNode e = arm.get(path, Jsons.object());
    String uri = e.path("properties").path("scoringUri").asText("");
    JsonNode keys = arm.post(path + "/listKeys", null, Jsons.object().put("primaryKey", "<key>"));
    ObjectNode body = Jsons.object();
    ObjectNode input = body.putObject("input_data");
    ArrayNode cols = input.putArray("columns");
    columns.forEach(cols::add);
    ArrayNode index = input.putArray("index");
    ArrayNode data = input.putArray("data");
    for (int i = 0; i < rows.size(); i++) {
      index.add(i);
      data.add(Jsons.mapper().valueToTree(rows.get(i)));
    }
    if (arm.dryRun()) {
      arm.describe(
          "POST <scoring URI of "
              + endpoint
              + ">    (Authorization: Bearer <endpoint key>, "
              + rows.size()
              + " records)");
      return List.of();
    }
    if (uri.isEmpty()) {
      throw new AzureMlException("endpoint " + endpoint + " has no scoring URI yet");
    }
    HttpPipeline scoring = ArmClient.pipeline(options, List.of());
    HttpHeaders headers =
        new HttpHeaders()
            .set(HttpHeaderName.AUTHORIZATION, "Bearer " + keys.path("primaryKey").asText());
    ArmClient.Response r = ArmClient.send(scoring, HttpMethod.POST, uri, body, headers);
    JsonNode answer = r.require("POST", "the scoring URI of endpoint " + endpoint);
    JsonNode predictions = answer.isArray() ? answer : answer.path("predictions");
    if (!predictions.isArray() || predictions.size() != rows.size()) {
      throw new AzureMlException(
          "endpoint "
              + endpoint
              + " answered "
              + (predictions.isArray() ? predictions.size() + " predictions" : "no predictions")
              + " for "
              + rows.size()
              + " records");
    }
    List<double[]> out = new ArrayList<>();
    for (JsonNode p : predictions) {
      if (p.isArray()) {
        double[] row = new double[p.size()];
        for (int k = 0; k < row.length; k++) {
          row[k] = p.get(k).asDouble();
        }
        out.add(row);
      } else {
        out.add(new double[] {p.asDouble()});
      }
    }
    return out;
  }

  /** The ARM client (for the registry adapter in this package). */
  ArmClient arm() {
    return arm;
  }
}
