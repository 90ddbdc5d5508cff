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
 * @param source the local version pushed ({@code churn@3}), recorded as a tag
 * @param azureName the Azure ML model name (1-255 letters, digits, '-', '_')
 * @param azureVersion the Azure ML version (versions are immutable there)
 * @param tags extra tags (string values), added to the lineage tags Boostline writes
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

    public Builder source(ModelRef value) {
      source = Objects.requireNonNull(value, "source");
      return this;
    }

    public Builder description(String value) {
      description = Objects.requireNonNull(value, "description");
      return this;
    }

    public Builder tag(String key, String value) {
      tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

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
