package dev.boostline.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How the adapter reaches Azure: endpoints, credentials, retries, uploads, polling, dry run.
 * Immutable; build with {@link #builder()}. The defaults talk to the public Azure cloud with {@code
 * DefaultAzureCredential} (environment variables, managed identity, Azure CLI login).
 *
 * <p>Tests and sovereign clouds inject the endpoints; tests also inject the auth policy
 * (azure-core's bearer-token policy refuses plain-http URLs, so a loopback double needs its own).
 */
public final class AzureMlOptions {
  /** The Azure Resource Manager endpoint of the public cloud. */
  public static final URI PUBLIC_ARM = URI.create("https://management.azure.com");

  /** The API version used by default, the one whose spec the tests validate against. */
  public static final String DEFAULT_API_VERSION = "2025-09-01";

  /** The environment variable holding an ARM bearer token to use as is. */
  public static final String TOKEN_ENV = "BOOSTLINE_AZURE_TOKEN";

  /** The system property holding an ARM bearer token (for in-process callers such as tests). */
  public static final String TOKEN_PROPERTY = "boostline.azure.token";

  private final URI armEndpoint;
  private final String apiVersion;
  private final Optional<TokenCredential> credential;
  private final Optional<HttpPipelinePolicy> authPolicy;
  private final Optional<Function<String, String>> storageEndpoint;
  private final Optional<HttpClient> httpClient;
  private final int maxRetries;
  private final Duration retryDelay;
  private final Duration maxRetryDelay;
  private final int blockSize;
  private final int parallelism;
  private final Duration pollInterval;
  private final Duration operationTimeout;
  private final Optional<Consumer<String>> dryRun;

  private AzureMlOptions(Builder b) {
    this.armEndpoint = b.armEndpoint;
    this.apiVersion = b.apiVersion;
    this.credential = Optional.ofNullable(b.credential);
    this.authPolicy = Optional.ofNullable(b.authPolicy);
    this.storageEndpoint = Optional.ofNullable(b.storageEndpoint);
    this.httpClient = Optional.ofNullable(b.httpClient);
    this.maxRetries = b.maxRetries;
    this.retryDelay = b.retryDelay;
    this.maxRetryDelay = b.maxRetryDelay;
    this.blockSize = b.blockSize;
    this.parallelism = b.parallelism;
    this.pollInterval = b.pollInterval;
    this.operationTimeout = b.operationTimeout;
    this.dryRun = Optional.ofNullable(b.dryRun);
  }

  /** Defaults: the public cloud, {@value #DEFAULT_API_VERSION}, DefaultAzureCredential. */
  public static AzureMlOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The Azure Resource Manager endpoint (default {@link #PUBLIC_ARM}). */
  public URI armEndpoint() {
    return armEndpoint;
  }

  /** The ARM api-version of every call (default {@value #DEFAULT_API_VERSION}). */
  public String apiVersion() {
    return apiVersion;
  }

  /**
   * The credential for ARM (scope {@code <arm endpoint>/.default}) and for storage without stored
   * secrets; empty for {@code DefaultAzureCredential}.
   */
  public Optional<TokenCredential> credential() {
    return credential;
  }

  /** A policy that authenticates ARM requests instead of the credential (tests). */
  public Optional<HttpPipelinePolicy> authPolicy() {
    return authPolicy;
  }

  /**
   * The blob endpoint of a storage account name (default {@code
   * <protocol>://<account>.blob.<endpoint suffix>} from the datastore); Azurite in tests.
   */
  public Optional<Function<String, String>> storageEndpoint() {
    return storageEndpoint;
  }

  /** The HTTP client (default: azure-core's default client). */
  public Optional<HttpClient> httpClient() {
    return httpClient;
  }

  /** Retries of a request answered 408, 429 or 5xx, or not answered (default 5). */
  public int maxRetries() {
    return maxRetries;
  }

  /** The first retry's delay, doubled each retry up to {@link #maxRetryDelay} (default 1 s). */
  public Duration retryDelay() {
    return retryDelay;
  }

  /** The longest delay between retries (default 30 s); a longer Retry-After is still honoured. */
  public Duration maxRetryDelay() {
    return maxRetryDelay;
  }

  /** Bytes per uploaded block (default 4 MiB). */
  public int blockSize() {
    return blockSize;
  }

  /** Blocks uploaded at once (default 4). */
  public int parallelism() {
    return parallelism;
  }

  /** Delay between polls of a long-running operation without Retry-After (default 5 s). */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** How long a long-running operation may take (default 30 min: deployments are slow). */
  public Duration operationTimeout() {
    return operationTimeout;
  }

  /**
   * When present, nothing is sent: every request (method, URL without secrets, JSON body) and every
   * upload is described to this consumer instead, assuming nothing exists in Azure yet.
   */
  public Optional<Consumer<String>> dryRun() {
    return dryRun;
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.armEndpoint = armEndpoint;
    b.apiVersion = apiVersion;
    b.credential = credential.orElse(null);
    b.authPolicy = authPolicy.orElse(null);
    b.storageEndpoint = storageEndpoint.orElse(null);
    b.httpClient = httpClient.orElse(null);
    b.maxRetries = maxRetries;
    b.retryDelay = retryDelay;
    b.maxRetryDelay = maxRetryDelay;
    b.blockSize = blockSize;
    b.parallelism = parallelism;
    b.pollInterval = pollInterval;
    b.operationTimeout = operationTimeout;
    b.dryRun = dryRun.orElse(null);
    return b;
  }

  /** Builder of {@link AzureMlOptions}; not thread-safe. */
  public static final class Builder {
    private URI armEndpoint = PUBLIC_ARM;
    private String apiVersion = DEFAULT_API_VERSION;
    private TokenCredential credential;
    private HttpPipelinePolicy authPolicy;
    private Function<String, String> storageEndpoint;
    private HttpClient httpClient;
    private int maxRetries = 5;
    private Duration retryDelay = Duration.ofSeconds(1);
    private Duration maxRetryDelay = Duration.ofSeconds(30);
    private int blockSize = 4 << 20;
    private int parallelism = 4;
    private Duration pollInterval = Duration.ofSeconds(5);
    private Duration operationTimeout = Duration.ofMinutes(30);
    private Consumer<String> dryRun;

    private Builder() {}

    public Builder armEndpoint(URI value) {
      armEndpoint = Objects.requireNonNull(value, "armEndpoint");
      return this;
    }

    public Builder apiVersion(String value) {
      if (value == null || !value.matches("\\d{4}-\\d{2}-\\d{2}(-preview)?")) {
        throw new IllegalArgumentException(
            "api-version must look like 2025-09-01, got \"" + value + "\"");
      }
      apiVersion = value;
      return this;
    }

    public Builder credential(TokenCredential value) {
      credential = Objects.requireNonNull(value, "credential");
      return this;
    }

    public Builder authPolicy(HttpPipelinePolicy value) {
      authPolicy = Objects.requireNonNull(value, "authPolicy");
      return this;
    }

    /**
     * Authenticates with the bearer token in the system property {@value #TOKEN_PROPERTY} or the
     * environment variable {@value #TOKEN_ENV} when either is set (instead of {@code
     * DefaultAzureCredential}); does nothing otherwise.
     */
    public Builder bearerTokenFromEnvironment() {
      String token = System.getProperty(TOKEN_PROPERTY, System.getenv(TOKEN_ENV));
      if (token != null && !token.isBlank()) {
        authPolicy(
            new com.azure.core.http.policy.AddHeadersPolicy(
                new com.azure.core.http.HttpHeaders()
                    .set(
                        com.azure.core.http.HttpHeaderName.AUTHORIZATION,
                        "Bearer " + token.strip())));
      }
      return this;
    }

    /**
     * The blob endpoint of a storage account from a template, {@code {account}} standing for the
     * account's name (e.g. {@code https://{account}.blob.core.usgovcloudapi.net}).
     */
    public Builder storageEndpoint(String template) {
      Objects.requireNonNull(template, "template");
      return storageEndpoint(account -> template.replace("{account}", account));
    }

    public Builder storageEndpoint(Function<String, String> value) {
      storageEndpoint = Objects.requireNonNull(value, "storageEndpoint");
      return this;
    }

    public Builder httpClient(HttpClient value) {
      httpClient = Objects.requireNonNull(value, "httpClient");
      return this;
    }

    public Builder maxRetries(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("maxRetries must be >= 0, got " + value);
      }
      maxRetries = value;
      return this;
    }

    public Builder retryDelay(Duration first, Duration max) {
      if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
        throw new IllegalArgumentException(
            "retry delays must be positive and first <= max, got " + first + " and " + max);
      }
      retryDelay = first;
      maxRetryDelay = max;
      return this;
    }

    public Builder blockSize(int bytes) {
      if (bytes < 1024 || bytes > 100 << 20) {
        throw new IllegalArgumentException("blockSize must be 1 KiB to 100 MiB, got " + bytes);
      }
      blockSize = bytes;
      return this;
    }

    public Builder parallelism(int value) {
      if (value < 1 || value > 64) {
        throw new IllegalArgumentException("parallelism must be 1 to 64, got " + value);
      }
      parallelism = value;
      return this;
    }

    public Builder pollInterval(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("pollInterval must be positive, got " + value);
      }
      pollInterval = value;
      return this;
    }

    public Builder operationTimeout(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("operationTimeout must be positive, got " + value);
      }
      operationTimeout = value;
      return this;
    }

    /** Describe requests to {@code out} instead of sending them. */
    public Builder dryRun(Consumer<String> out) {
      dryRun = Objects.requireNonNull(out, "out");
      return this;
    }

    public AzureMlOptions build() {
      return new AzureMlOptions(this);
    }
  }
}
