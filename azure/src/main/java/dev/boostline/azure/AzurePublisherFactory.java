package dev.boostline.azure;

import dev.boostline.Boostline;
import dev.boostline.model.ModelBundle;
import dev.boostline.pipeline.PipelineListener;
import dev.boostline.pipeline.Publisher;
import dev.boostline.pipeline.PublisherFactory;
import dev.boostline.registry.ModelVersion;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code push: {to: azure, ...}} in a pipeline file: pushes the production model to an Azure ML
 * workspace or registry, and optionally deploys it to a managed online endpoint.
 *
 * <pre>
 * push:
 *   to: azure
 *   subscription: 00000000-0000-0000-0000-000000000000
 *   resourceGroup: ml
 *   workspace: ml-prod              # or registry: shared-models
 *   azureName: income               # default: the model's name
 *   azureVersion: "{version}"       # default: the local version number
 *   apiVersion: 2025-09-01          # optional
 *   armEndpoint: https://management.azure.com        # optional (sovereign clouds, tests)
 *   storageEndpoint: https://{account}.blob.core.windows.net   # optional
 *   deploy:                         # optional, workspaces only
 *     endpoint: income-prod
 *     deployment: blue              # default blue
 *     instanceType: Standard_DS3_v2 # default
 *     instances: 1
 *     traffic: 100
 *     location: westeurope          # needed when the endpoint does not exist yet
 * </pre>
 *
 * Credentials: {@code DefaultAzureCredential}, or the bearer token in {@code
 * $BOOSTLINE_AZURE_TOKEN} when set (see {@link AzureMlOptions.Builder#bearerTokenFromEnvironment}).
 */
public final class AzurePublisherFactory implements PublisherFactory {
  private static final Set<String> KEYS =
      Set.of(
          "subscription",
          "resourceGroup",
          "workspace",
          "registry",
          "azureName",
          "azureVersion",
          "apiVersion",
          "armEndpoint",
          "storageEndpoint",
          "deploy");
  private static final Set<String> DEPLOY_KEYS =
      Set.of("endpoint", "deployment", "instanceType", "instances", "traffic", "location");

  /** Called by {@link java.util.ServiceLoader}. */
  public AzurePublisherFactory() {}

  @Override
  public String name() {
    return "azure";
  }

  @Override
  public Publisher create(Map<String, Object> settings, String model) {
    requireKnown("push", settings, KEYS);
    String subscription = required(settings, "subscription");
    String group = required(settings, "resourceGroup");
    Optional<String> workspace = optional(settings, "workspace");
    Optional<String> registry = optional(settings, "registry");
    if (workspace.isPresent() == registry.isPresent()) {
      throw new IllegalArgumentException("push: give exactly one of workspace and registry");
    }
    AzureMlTarget target =
        workspace.isPresent()
            ? AzureMlTarget.workspace(subscription, group, workspace.get())
            : AzureMlTarget.registry(subscription, group, registry.get());
    String azureName = optional(settings, "azureName").orElse(model);
    String azureVersion = optional(settings, "azureVersion").orElse("{version}");
    AzureMlOptions.Builder options = AzureMlOptions.builder().bearerTokenFromEnvironment();
    optional(settings, "apiVersion").ifPresent(options::apiVersion);
    optional(settings, "armEndpoint").ifPresent(u -> options.armEndpoint(URI.create(u)));
    optional(settings, "storageEndpoint").ifPresent(options::storageEndpoint);
    Optional<Deploy> deploy = Optional.empty();
    Object d = settings.get("deploy");
    if (d != null) {
      if (!(d instanceof Map<?, ?> raw)) {
        throw new IllegalArgumentException("push.deploy: expected a mapping");
      }
      if (registry.isPresent()) {
        throw new IllegalArgumentException(
            "push.deploy: online endpoints live in a workspace; a registry cannot deploy");
      }
      Map<String, Object> m = new LinkedHashMap<>();
      raw.forEach((k, v) -> m.put(String.valueOf(k), v));
      requireKnown("push.deploy", m, DEPLOY_KEYS);
      deploy =
          Optional.of(
              new Deploy(
                  required(m, "endpoint"),
                  optional(m, "deployment").orElse("blue"),
                  optional(m, "instanceType").orElse("Standard_DS3_v2"),
                  integer(m, "instances", 1),
                  integer(m, "traffic", 100),
                  optional(m, "location")));
    }
    return new AzurePublisher(target, azureName, azureVersion, options.build(), deploy);
  }

  private record Deploy(
      String endpoint,
      String deployment,
      String instanceType,
      int instances,
      int traffic,
      Optional<String> location) {}

  private static final class AzurePublisher implements Publisher {
    private final AzureMlTarget target;
    private final String azureName;
    private final String azureVersion;
    private final AzureMlOptions options;
    private final Optional<Deploy> deploy;

    AzurePublisher(
        AzureMlTarget target,
        String azureName,
        String azureVersion,
        AzureMlOptions options,
        Optional<Deploy> deploy) {
      this.target = target;
      this.azureName = azureName;
      this.azureVersion = azureVersion;
      this.options = options;
      this.deploy = deploy;
    }

    @Override
    public Map<String, String> publish(
        Boostline home, ModelVersion version, PipelineListener listener) {
      AzureMl azure = AzureMl.create(options);
      ModelBundle bundle = home.models().bundle(version.ref());
      PushRequest.Builder request =
          PushRequest.builder(
                  target,
                  bundle,
                  azureName,
                  azureVersion.replace("{version}", Integer.toString(version.version())))
              .source(version.ref());
      version.description().ifPresent(request::description);
      listener.onProgress("push", "pushing " + version.ref() + " to " + target);
      PushResult pushed = azure.push(request.build());
      Map<String, String> out = new LinkedHashMap<>();
      out.put("azureName", pushed.azureName());
      out.put("azureVersion", pushed.azureVersion());
      out.put("assetId", pushed.assetId());
      out.put("modelUri", pushed.modelUri());
      out.put("outcome", pushed.outcome().name());
      out.put("bundleSha256", pushed.bundleSha256());
      if (deploy.isPresent()) {
        Deploy d = deploy.get();
        listener.onProgress("push", "deploying to endpoint " + d.endpoint());
        DeployRequest.Builder dr =
            DeployRequest.builder(target, pushed.assetId(), d.endpoint())
                .deployment(d.deployment())
                .instanceType(d.instanceType())
                .instances(d.instances())
                .traffic(d.traffic());
        d.location().ifPresent(dr::location);
        DeployResult deployed = azure.deploy(dr.build());
        out.put("endpoint", deployed.endpoint());
        out.put("deployment", deployed.deployment());
        out.put("scoringUri", deployed.scoringUri());
      }
      return out;
    }

    @Override
    public String describe() {
      return "Azure ML "
          + target
          + " as "
          + azureName
          + deploy.map(d -> ", deployed to endpoint " + d.endpoint()).orElse("");
    }
  }

  private static void requireKnown(String where, Map<String, Object> settings, Set<String> keys) {
    for (String k : settings.keySet()) {
      if (!keys.contains(k)) {
        throw new IllegalArgumentException(
            where
                + "."
                + k
                + ": unknown setting; expected one of "
                + new java.util.TreeSet<>(keys));
      }
    }
  }

  private static String required(Map<String, Object> settings, String key) {
    return optional(settings, key)
        .orElseThrow(
            () -> new IllegalArgumentException("push: missing required setting \"" + key + "\""));
  }

  private static Optional<String> optional(Map<String, Object> settings, String key) {
    Object v = settings.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Map || v instanceof java.util.List) {
      throw new IllegalArgumentException("push." + key + ": expected text");
    }
    return Optional.of(String.valueOf(v));
  }

  private static int integer(Map<String, Object> settings, String key, int fallback) {
    Object v = settings.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n && n.doubleValue() == n.intValue()) {
      return n.intValue();
    }
    throw new IllegalArgumentException("push.deploy." + key + ": expected an integer, got " + v);
  }
}
