package dev.boostline.azure;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A managed online deployment of a pushed model version. Immutable; build with {@link #builder}.
 *
 * <p>The constructor throws {@link IllegalArgumentException} for a registry target, an invalid
 * name, fewer than 1 instance or traffic outside 0-100.
 *
 * @param workspace the workspace that hosts the endpoint
 * @param modelAssetId the model version to deploy ({@link PushResult#assetId()})
 * @param endpoint the endpoint name (3-32 letters, digits and '-', starting with a letter)
 * @param deployment the deployment name, 1-32 letters, digits and '-', starting with a letter
 *     (default {@code blue})
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

  /**
   * A request deploying {@code modelAssetId} ({@link PushResult#assetId()}) behind {@code endpoint}
   * of {@code workspace}, with the defaults above: deployment {@code blue}, one {@code
   * Standard_DS3_v2} instance taking all traffic.
   */
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

    /**
     * The deployment's name within the endpoint (default {@code blue}); a second name with part of
     * the traffic gives a blue-green rollout.
     */
    public Builder deployment(String value) {
      deployment = Objects.requireNonNull(value);
      return this;
    }

    /** The Azure VM size of each instance (default {@code Standard_DS3_v2}). */
    public Builder instanceType(String value) {
      instanceType = Objects.requireNonNull(value);
      return this;
    }

    /** The number of instances, 1 or more (default 1); checked by {@link #build()}. */
    public Builder instances(int value) {
      instances = value;
      return this;
    }

    /**
     * The percent of the endpoint's traffic this deployment takes, 0-100 (default 100); the
     * endpoint's other deployments share the rest in their earlier proportions. Checked by {@link
     * #build()}.
     */
    public Builder traffic(int percent) {
      traffic = percent;
      return this;
    }

    /**
     * The Azure region of the endpoint when it is created (default: the workspace's); ignored for
     * an existing endpoint.
     */
    public Builder location(String value) {
      location = Objects.requireNonNull(value);
      return this;
    }

    /**
     * The request.
     *
     * @throws IllegalArgumentException as the record's constructor does for a value Azure would
     *     refuse
     */
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
