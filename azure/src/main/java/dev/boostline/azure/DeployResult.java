package dev.boostline.azure;

import java.util.Map;

/**
 * A deployment in place.
 *
 * @param scoringUri where to POST records (Azure ML's {@code input_data} payload)
 * @param traffic the endpoint's traffic split after the deployment, percent per deployment
 */
public record DeployResult(
    String endpoint, String deployment, String scoringUri, Map<String, Integer> traffic) {
  public DeployResult {
    traffic = Map.copyOf(traffic);
  }
}
