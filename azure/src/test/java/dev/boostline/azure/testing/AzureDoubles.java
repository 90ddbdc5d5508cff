package dev.boostline.azure.testing;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.policy.AddHeadersPolicy;
import dev.boostline.azure.AzureMlOptions;
import java.net.URI;
import java.time.Duration;

/**
 * Azure on loopback: Azurite as the storage account, the fake ARM endpoint, and Prism validating
 * every ARM request against Microsoft's spec in front of it. The adapter's options point ARM at
 * Prism, storage at the fake's blob proxy (which forwards to Azurite), and authenticate with a
 * fixed bearer token (azure-core's token policy refuses plain http).
 */
public final class AzureDoubles implements AutoCloseable {
  public final Azurite azurite;
  public final FakeArm arm;
  public final Prism prism;

  private AzureDoubles(Azurite azurite, FakeArm arm, Prism prism) {
    this.azurite = azurite;
    this.arm = arm;
    this.prism = prism;
  }

  /** Starts all three (fails in CI, skips elsewhere, when the npm tools are missing). */
  public static AzureDoubles start() {
    Azurite azurite = Azurite.start();
    FakeArm arm = null;
    try {
      arm = FakeArm.start(azurite);
      return new AzureDoubles(azurite, arm, Prism.start(arm.url()));
    } catch (RuntimeException | Error e) {
      if (arm != null) {
        arm.close();
      }
      azurite.close();
      throw e;
    }
  }

  /** Options reaching these doubles: small blocks, quick retries and polls. */
  public AzureMlOptions.Builder options() {
    return AzureMlOptions.builder()
        .armEndpoint(URI.create(prism.url()))
        .authPolicy(
            new AddHeadersPolicy(
                new HttpHeaders().set(HttpHeaderName.AUTHORIZATION, "Bearer test-token")))
        .storageEndpoint(arm::blobEndpoint)
        .maxRetries(3)
        .retryDelay(Duration.ofMillis(50), Duration.ofMillis(200))
        .blockSize(4096)
        .parallelism(3)
        .pollInterval(Duration.ofMillis(50))
        .operationTimeout(Duration.ofSeconds(60));
  }

  @Override
  public void close() {
    prism.close();
    arm.close();
    azurite.close();
  }
}
