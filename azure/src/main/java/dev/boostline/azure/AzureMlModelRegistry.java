package dev.boostline.azure;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boostline.azure.internal.Jsons;
import dev.boostline.common.ConflictException;
import dev.boostline.common.CorruptStoreException;
import dev.boostline.common.NotFoundException;
import dev.boostline.model.ModelBundle;
import dev.boostline.registry.AliasMove;
import dev.boostline.registry.ModelRef;
import dev.boostline.registry.ModelRegistry;
import dev.boostline.registry.ModelVersion;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A {@link ModelRegistry} in an Azure ML workspace: every version is an {@code mlflow_model}
 * version pushed by {@link AzureMl#push} (numbered 1, 2, 3 per name; identity by the SHA-256 of
 * {@code model.ubj}, recorded in its properties with the rest of {@link ModelVersion}).
 *
 * <p>Aliases: the authoritative state of a model's aliases and their audit log is one JSON blob in
 * the workspace's default datastore ({@code boostline-registry/<workspace>/<name>.json}), replaced
 * with blob ETag conditions, so {@link #compareAndSetAlias} is atomic against other processes and
 * machines. Each move is mirrored, best effort, into the model's tags in Azure ML ({@code
 * alias.<alias>: <version>}) so Azure ML Studio and other tools see them; the version's {@code
 * stage} is left as pushed ({@code Development}). Versions pushed by other tools are ignored.
 *
 * <p>Thread-safe. Every call talks to Azure (reads are not cached); {@link #bundle} downloads and
 * checks the version (SHA-256 and golden rows).
 */
public final class AzureMlModelRegistry implements ModelRegistry {
  private final AzureMl azure;
  private final AzureMlTarget workspace;

  private AzureMlModelRegistry(AzureMl azure, AzureMlTarget workspace) {
    if (workspace.kind() != AzureMlTarget.Kind.WORKSPACE) {
      throw new IllegalArgumentException(
          "the Azure ML model registry adapter works on a workspace (it keeps alias state in the"
              + " workspace's default datastore), not on "
              + workspace);
    }
    this.azure = azure;
    this.workspace = workspace;
  }

  /** The registry of a workspace, reached with {@code azure}'s options. */
  public static AzureMlModelRegistry open(AzureMl azure, AzureMlTarget workspace) {
    return new AzureMlModelRegistry(azure, workspace);
  }

  @Override
  public ModelVersion register(String name, ModelBundle bundle, Optional<String> description) {
    ModelRef.requireValidName(name);
    ModelBundle exact = bundle.withExactTrees();
    String sha = exact.manifest().files().get(ModelBundle.MODEL);
    for (int attempt = 0; attempt < 20; attempt++) {
      List<ModelVersion> versions = versions(name);
      Optional<ModelVersion> same =
          versions.stream().filter(v -> v.modelSha256().equals(sha)).findFirst();
      if (same.isPresent()) {
        return same.get();
      }
      int next = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
      PushRequest.Builder request =
          PushRequest.builder(workspace, exact, name, Integer.toString(next));
      description.filter(d -> !d.isBlank()).ifPresent(request::description);
      try {
        azure.push(request.build());
        return version(name, Integer.toString(next))
            .orElseThrow(() -> new AzureMlException(name + " version " + next + " vanished"));
      } catch (ConflictException raced) {
        // Another writer took this number first: count again.
      }
    }
    throw new ConflictException(
        "could not register " + name + " in " + workspace + ": too many concurrent registrations");
  }

  @Override
  public List<String> names() {
    JsonNode list = azure.arm().get(workspace.armPath() + "/models", Jsons.object());
    List<String> out = new ArrayList<>();
    for (JsonNode c : page(list, Function.identity())) {
      String n = c.path("name").asText();
      if (!versions(n).isEmpty()) {
        out.add(n);
      }
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  @Override
  public List<ModelVersion> versions(String name) {
    ModelRef.requireValidName(name);
    String path = workspace.armPath() + "/models/" + name + "/versions";
    Optional<JsonNode> list = azure.arm().find(path);
    if (list.isEmpty()) {
      return List.of();
    }
    List<ModelVersion> out = new ArrayList<>();
    for (JsonNode v : page(list.get(), Function.identity())) {
      toVersion(name, v).ifPresent(out::add);
    }
    out.sort(Comparator.comparingInt(ModelVersion::version));
    return out;
  }

  /** Follows nextLink pages of an ARM list. */
  private List<JsonNode> page(JsonNode first, Function<JsonNode, JsonNode> map) {
    List<JsonNode> out = new ArrayList<>();
    JsonNode page = first;
    while (true) {
      page.path("value").forEach(v -> out.add(map.apply(v)));
      String next = page.path("nextLink").asText("");
      if (next.isEmpty()) {
        return out;
      }
      page =
          azure
              .arm()
              .send(com.azure.core.http.HttpMethod.GET, next, null)
              .require("GET", "the next page of a list");
    }
  }

  private Optional<ModelVersion> version(String name, String version) {
    return azure.arm().find(workspace.versionPath(name, version)).flatMap(v -> toVersion(name, v));
  }

  /** A Boostline version, or empty for versions other tools pushed or non-numeric versions. */
  private static Optional<ModelVersion> toVersion(String name, JsonNode v) {
    JsonNode p = v.path("properties");
    JsonNode props = p.path("properties");
    String number = v.path("name").asText();
    if (!props.hasNonNull(AzureMl.SHA_PROPERTY) || !number.matches("[1-9][0-9]{0,8}")) {
      return Optional.empty();
    }
    Map<String, Map<String, Double>> metrics;
    try {
      metrics =
          Jsons.mapper()
              .readValue(
                  props.path("boostline.metrics").asText("{}"),
                  new TypeReference<Map<String, Map<String, Double>>>() {});
    } catch (IOException e) {
      throw new CorruptStoreException(
          name + " version " + number + ": unreadable boostline.metrics property", e);
    }
    return Optional.of(
        new ModelVersion(
            name,
            Integer.parseInt(number),
            Instant.parse(props.path("boostline.created_at").asText(Instant.EPOCH.toString())),
            props.path("boostline.created_by").asText("unknown"),
            Optional.ofNullable(p.path("description").asText(null)).filter(d -> !d.isBlank()),
            Optional.ofNullable(props.path("boostline.run_id").asText(null)),
            props.path("boostline.dataset").asText(""),
            props.hasNonNull("boostline.dataset_version")
                ? Optional.of(props.get("boostline.dataset_version").asInt())
                : Optional.empty(),
            props.path("boostline.objective").asText(""),
            props.path("boostline.target").asText(""),
            props.path(AzureMl.MODEL_SHA_PROPERTY).asText(""),
            metrics));
  }

  @Override
  public ModelVersion resolve(ModelRef ref) {
    List<ModelVersion> versions = versions(ref.name());
    if (versions.isEmpty()) {
      throw new NotFoundException("no model \"" + ref.name() + "\" in " + workspace);
    }
    if (ref.alias().isPresent()) {
      Map<String, Integer> aliases = aliases(ref.name());
      Integer v = aliases.get(ref.alias().get());
      if (v == null) {
        throw new NotFoundException(
            "model \""
                + ref.name()
                + "\" has no alias \""
                + ref.alias().get()
                + "\" (aliases: "
                + aliases
                + ")");
      }
      return find(versions, ref.name(), v);
    }
    if (ref.version().isPresent()) {
      return find(versions, ref.name(), ref.version().get());
    }
    return versions.get(versions.size() - 1);
  }

  private ModelVersion find(List<ModelVersion> versions, String name, int v) {
    return versions.stream()
        .filter(x -> x.version() == v)
        .findFirst()
        .orElseThrow(
            () ->
                new NotFoundException(
                    "model \""
                        + name
                        + "\" has no version "
                        + v
                        + " in "
                        + workspace
                        + " (versions: "
                        + versions.stream().map(ModelVersion::version).toList()
                        + ")"));
  }

  @Override
  public ModelBundle bundle(ModelRef ref) {
    ModelVersion v = resolve(ref);
    return azure.pull(workspace, v.name(), Integer.toString(v.version()));
  }

  // ------------------------------------------------------------------------------- aliases

  /** The alias state blob of a model, read with its ETag. */
  private record State(TreeMap<String, Integer> aliases, List<AliasMove> history, String etag) {}

  private BlobClient stateBlob(String name) {
    AzureMl.Datastore ds = azure.defaultDatastore(workspace);
    return azure
        .container(workspace, ds)
        .getBlobClient("boostline-registry/" + workspace.name() + "/" + name + ".json");
  }

  private static State read(BlobClient blob) {
    try {
      var response = blob.downloadContentWithResponse(null, null, null, null);
      JsonNode root = Jsons.parse(response.getValue().toBytes(), blob.getBlobName());
      TreeMap<String, Integer> aliases =
          Jsons.mapper()
              .convertValue(root.path("aliases"), new TypeReference<TreeMap<String, Integer>>() {});
      List<AliasMove> history = new ArrayList<>();
      for (JsonNode m : root.path("history")) {
        history.add(move(m));
      }
      return new State(
          aliases == null ? new TreeMap<>() : aliases,
          history,
          response.getDeserializedHeaders().getETag());
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) {
        return new State(new TreeMap<>(), new ArrayList<>(), null);
      }
      throw new AzureMlException(
          "reading the aliases of "
              + blob.getBlobName()
              + ": storage answered "
              + e.getStatusCode(),
          e.getStatusCode(),
          String.valueOf(e.getErrorCode()),
          e);
    }
  }

  /** Writes the state if the blob is still the one read; false when another writer came first. */
  private static boolean write(BlobClient blob, State before, TreeMap<String, Integer> aliases) {
    ObjectNode root = Jsons.object();
    ObjectNode a = root.putObject("aliases");
    aliases.forEach(a::put);
    ArrayNode h = root.putArray("history");
    before.history().forEach(m -> h.add(json(m)));
    BlobRequestConditions conditions =
        before.etag() == null
            ? new BlobRequestConditions().setIfNoneMatch("*")
            : new BlobRequestConditions().setIfMatch(before.etag());
    try {
      blob.uploadWithResponse(
          new BlobParallelUploadOptions(BinaryData.fromBytes(Jsons.bytes(root)))
              .setRequestConditions(conditions),
          null,
          null);
      return true;
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 412 || e.getStatusCode() == 409) {
        return false;
      }
      throw new AzureMlException(
          "writing the aliases of "
              + blob.getBlobName()
              + ": storage answered "
              + e.getStatusCode(),
          e.getStatusCode(),
          String.valueOf(e.getErrorCode()),
          e);
    }
  }

  @Override
  public Map<String, Integer> aliases(String name) {
    ModelRef.requireValidName(name);
    return new TreeMap<>(read(stateBlob(name)).aliases());
  }

  @Override
  public AliasMove setAlias(
      String name, String alias, int version, String reason, Optional<String> decisionId) {
    return move(name, alias, Optional.empty(), false, Optional.of(version), reason, decisionId);
  }

  @Override
  public AliasMove compareAndSetAlias(
      String name,
      String alias,
      Optional<Integer> expected,
      int version,
      String reason,
      Optional<String> decisionId) {
    return move(name, alias, expected, true, Optional.of(version), reason, decisionId);
  }

  @Override
  public AliasMove removeAlias(String name, String alias, String reason) {
    return move(name, alias, Optional.empty(), false, Optional.empty(), reason, Optional.empty());
  }

  private AliasMove move(
      String name,
      String alias,
      Optional<Integer> expected,
      boolean compare,
      Optional<Integer> to,
      String reason,
      Optional<String> decisionId) {
    ModelRef.requireValidName(name);
    if (to.isPresent()) {
      ModelRef.requireValidAlias(alias);
      find(versions(name), name, to.get());
    }
    BlobClient blob = stateBlob(name);
    for (int attempt = 0; attempt < 50; attempt++) {
      State state = read(blob);
      Optional<Integer> current = Optional.ofNullable(state.aliases().get(alias));
      if (compare && !current.equals(expected)) {
        throw new ConflictException(
            name
                + "@"
                + alias
                + " moved: expected "
                + expected.map(v -> "version " + v).orElse("unset")
                + ", found "
                + current.map(v -> "version " + v).orElse("unset"));
      }
      if (to.isEmpty() && current.isEmpty()) {
        throw new NotFoundException("model \"" + name + "\" has no alias \"" + alias + "\"");
      }
      TreeMap<String, Integer> aliases = new TreeMap<>(state.aliases());
      if (to.isPresent()) {
        aliases.put(alias, to.get());
      } else {
        aliases.remove(alias);
      }
      AliasMove m =
          new AliasMove(
              name,
              alias,
              current,
              to,
              Instant.now().truncatedTo(ChronoUnit.MILLIS),
              System.getProperty("user.name", "unknown"),
              reason == null ? "" : reason,
              decisionId);
      List<AliasMove> history = new ArrayList<>(state.history());
      history.add(m);
      if (write(blob, new State(state.aliases(), history, state.etag()), aliases)) {
        mirrorTags(name, aliases);
        return m;
      }
    }
    throw new ConflictException(
        "could not move " + name + "@" + alias + ": too many concurrent alias moves");
  }

  /**
   * Shows the aliases as tags of the model in Azure ML (best effort: the blob is authoritative).
   */
  private void mirrorTags(String name, Map<String, Integer> aliases) {
    try {
      ObjectNode body = Jsons.object();
      ObjectNode p = body.putObject("properties");
      ObjectNode tags = p.putObject("tags");
      aliases.forEach((a, v) -> tags.put("alias." + a, Integer.toString(v)));
      p.put("description", "Boostline model " + name);
      azure.arm().put(workspace.armPath() + "/models/" + name, body);
    } catch (AzureMlException e) {
      org.slf4j.LoggerFactory.getLogger(AzureMlModelRegistry.class)
          .warn("could not show the aliases of {} as tags in Azure ML: {}", name, e.getMessage());
    }
  }

  @Override
  public List<AliasMove> history(String name) {
    ModelRef.requireValidName(name);
    return List.copyOf(read(stateBlob(name)).history());
  }

  private static ObjectNode json(AliasMove m) {
    ObjectNode o = Jsons.object();
    o.put("model", m.model());
    o.put("alias", m.alias());
    m.from().ifPresent(v -> o.put("from", v));
    m.to().ifPresent(v -> o.put("to", v));
    o.put("at", m.at().toString());
    o.put("by", m.by());
    o.put("reason", m.reason());
    m.decisionId().ifPresent(d -> o.put("decisionId", d));
    return o;
  }

  private static AliasMove move(JsonNode o) {
    return new AliasMove(
        o.path("model").asText(),
        o.path("alias").asText(),
        o.hasNonNull("from") ? Optional.of(o.get("from").asInt()) : Optional.empty(),
        o.hasNonNull("to") ? Optional.of(o.get("to").asInt()) : Optional.empty(),
        Instant.parse(o.path("at").asText()),
        o.path("by").asText(),
        o.path("reason").asText(""),
        o.hasNonNull("decisionId") ? Optional.of(o.get("decisionId").asText()) : Optional.empty());
  }
}
