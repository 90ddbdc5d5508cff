package dev.boostline.azure;

import dev.boostline.model.ModelBundle;
import dev.boostline.registry.ModelRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to push where: a model bundle, the Azure ML name and version it becomes, and where it came
 * from. Immutable; build with {@link #builder}.
 *
 * <p>The constructor throws {@link IllegalArgumentException} for an invalid Azure name or version.
 *
 * @param target the workspace or registry to push to
 * @param bundle the model bundle to upload (read, not changed)
 * @param source the local version pushed ({@code churn@3}), recorded as a tag
 * @param azureName the Azure ML model name (1-255 letters, digits, '-', '_')
 * @param azureVersion the Azure ML version, 1-64 letters, digits, '.', '_' or '-', starting with a
 *     letter or digit (versions are immutable there)
 * @param description the version's description in Azure ML; absent: one made from the task, target
 *     and dataset
 * @param tags extra tags (string values), added to the lineage tags Boostline writes (a tag with
 *     the same key replaces Boostline's)
 */
public record PushRequest(
    AzureMlTarget target,
    ModelBundle bundle,
    Optional<ModelRef> source,
    String azureName,
    String azureVersion,
    Optional<String> description,
    Map<String, String> tags) {
  public PushRequest {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(bundle, "bundle");
    ModelRef.requireValidName(azureName);
    if (azureVersion == null || !azureVersion.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException(
          "invalid Azure ML version \"" + azureVersion + "\": letters, digits, '.', '_', '-'");
    }
    tags = Map.copyOf(tags);
  }

  /** A request pushing {@code bundle} as {@code azureName} version {@code azureVersion}. */
  public static Builder builder(
      AzureMlTarget target, ModelBundle bundle, String azureName, String azureVersion) {
    return new Builder(target, bundle, azureName, azureVersion);
  }

  /** Builder of {@link PushRequest}; not thread-safe. */
  public static final class Builder {
    private final AzureMlTarget target;
    private final ModelBundle bundle;
    private final String azureName;
    private final String azureVersion;
    private ModelRef source;
    private String description;
    private final Map<String, String> tags = new LinkedHashMap<>();

    private Builder(AzureMlTarget target, ModelBundle bundle, String name, String version) {
      this.target = target;
      this.bundle = bundle;
      this.azureName = name;
      this.azureVersion = version;
    }

    /**
     * The local version the bundle is, recorded as the {@code boostline.source} tag (default none).
     */
    public Builder source(ModelRef value) {
      source = Objects.requireNonNull(value, "source");
      return this;
    }

    /**
     * The version's description in Azure ML (default: made from the task, target and dataset; blank
     * counts as none).
     */
    public Builder description(String value) {
      description = Objects.requireNonNull(value, "description");
      return this;
    }

    /** Adds a tag to the version (repeatable; the last value of a key wins). */
    public Builder tag(String key, String value) {
      tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * The request.
     *
     * @throws IllegalArgumentException for an invalid Azure name or version
     */
    public PushRequest build() {
      return new PushRequest(
          target,
          bundle,
          Optional.ofNullable(source),
          azureName,
          azureVersion,
          Optional.ofNullable(description).filter(d -> !d.isBlank()),
          tags);
    }
  }
}
