package dev.boostline.azure;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A managed online deployment of a pushed model version. Immutable; build with {@link #builder}.
 *
 * @param workspace the workspace that hosts the endpoint
 * @param modelAssetId the model version to deploy ({@link PushResult#assetId()})
 * @param endpoint the endpoint name (3-32 letters, digits and '-', starting with a letter)
 * @param deployment the deployment name (default {@code blue})
 * @param instanceType the VM size (default {@code Standard_DS3_v2})
 * @param instances instance count (default 1)
 * @param traffic percent of the endpoint's traffic for this deployment, 0-100 (default 100)
 * @param location the region of a new endpoint (the workspace's); an existing endpoint keeps its
 *     own
 */
public record DeployRequest(
    AzureMlTarget workspace,
    String modelAssetId,
    String endpoint,
    String deployment,
    String instanceType,
    int instances,
    int traffic,
    Optional<String> location) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{2,31}");

  public DeployRequest {
    Objects.requireNonNull(workspace, "workspace");
    if (workspace.kind() != AzureMlTarget.Kind.WORKSPACE) {
      throw new IllegalArgumentException("online endpoints live in a workspace, not a registry");
    }
    Objects.requireNonNull(modelAssetId, "modelAssetId");
    if (!NAME.matcher(endpoint).matches() || endpoint.endsWith("-")) {
      throw new IllegalArgumentException(
          "invalid endpoint name \""
              + endpoint
              + "\": 3-32 letters, digits and '-', starting with a letter");
    }
    if (!NAME.matcher(deployment).matches() && !deployment.matches("[A-Za-z][A-Za-z0-9-]{0,31}")) {
      throw new IllegalArgumentException("invalid deployment name \"" + deployment + "\"");
    }
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be >= 1, got " + instances);
    }
    if (traffic < 0 || traffic > 100) {
      throw new IllegalArgumentException("traffic must be 0 to 100 (percent), got " + traffic);
    }
  }

  public static Builder builder(AzureMlTarget workspace, String modelAssetId, String endpoint) {
    return new Builder(workspace, modelAssetId, endpoint);
  }

  /** Builder of {@link DeployRequest}; not thread-safe. */
  public static final class Builder {
    private final AzureMlTarget workspace;
    private final String modelAssetId;
    private final String endpoint;
    private String deployment = "blue";
    private String instanceType = "Standard_DS3_v2";
    private int instances = 1;
    private int traffic = 100;
    private String location;

    private Builder(AzureMlTarget workspace, String modelAssetId, String endpoint) {
      this.workspace = workspace;
      this.modelAssetId = modelAssetId;
      this.endpoint = endpoint;
    }

    public Builder deployment(String value) {
      deployment = Objects.requireNonNull(value);
      return this;
    }

    public Builder instanceType(String value) {
      instanceType = Objects.requireNonNull(value);
      return this;
    }

    public Builder instances(int value) {
      instances = value;
      return this;
    }

    public Builder traffic(int percent) {
      traffic = percent;
      return this;
    }

    public Builder location(String value) {
      location = Objects.requireNonNull(value);
      return this;
    }

    public DeployRequest build() {
      return new DeployRequest(
          workspace,
          modelAssetId,
          endpoint,
          deployment,
          instanceType,
          instances,
          traffic,
          Optional.ofNullable(location));
    }
  }
}
