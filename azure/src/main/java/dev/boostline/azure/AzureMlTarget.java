package dev.boostline.azure;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where models go: an Azure ML workspace, or a registry (shared across workspaces and regions).
 *
 * @param subscription the subscription id
 * @param resourceGroup the resource group
 * @param kind workspace or registry
 * @param name the workspace or registry name
 */
public record AzureMlTarget(String subscription, String resourceGroup, Kind kind, String name) {
  private static final Pattern REGISTRY = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9\\-_]{2,32}");
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._()\\-]{1,90}");

  /** The two kinds of target. */
  public enum Kind {
    WORKSPACE,
    REGISTRY
  }

  public AzureMlTarget {
    Objects.requireNonNull(kind, "kind");
    require("subscription", subscription);
    require("resource group", resourceGroup);
    require(kind == Kind.WORKSPACE ? "workspace" : "registry", name);
    if (kind == Kind.REGISTRY && !REGISTRY.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid registry name \""
              + name
              + "\": 3-33 letters, digits, '-' or '_', starting with a letter or digit");
    }
  }

  private static void require(String what, String value) {
    if (value == null || !SEGMENT.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "invalid "
              + what
              + " \""
              + value
              + "\": 1-90 letters, digits, '.', '_', '-', '(' or ')'");
    }
  }

  /** A workspace. */
  public static AzureMlTarget workspace(String subscription, String resourceGroup, String name) {
    return new AzureMlTarget(subscription, resourceGroup, Kind.WORKSPACE, name);
  }

  /** A registry. */
  public static AzureMlTarget registry(String subscription, String resourceGroup, String name) {
    return new AzureMlTarget(subscription, resourceGroup, Kind.REGISTRY, name);
  }

  /** The ARM path of the workspace or registry (no host, no api-version). */
  public String armPath() {
    return "/subscriptions/"
        + subscription
        + "/resourceGroups/"
        + resourceGroup
        + "/providers/Microsoft.MachineLearningServices/"
        + (kind == Kind.WORKSPACE ? "workspaces/" : "registries/")
        + name;
  }

  /** The ARM path of a model version. */
  public String versionPath(String model, String version) {
    return armPath() + "/models/" + model + "/versions/" + version;
  }

  @Override
  public String toString() {
    return (kind == Kind.WORKSPACE ? "workspace " : "registry ")
        + name
        + " (subscription "
        + subscription
        + ", resource group "
        + resourceGroup
        + ")";
  }
}
