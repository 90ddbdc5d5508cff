package dev.boostline.azure.internal;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.util.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boostline.azure.AzureMlException;
import dev.boostline.azure.AzureMlOptions;
import dev.boostline.common.LibraryVersion;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A thin client of the Azure Resource Manager REST API for Azure ML: JSON requests over an
 * azure-core pipeline (user agent, retries of 408/429/5xx with exponential backoff honouring
 * Retry-After, then authentication), Azure's error code and message surfaced, long-running
 * operations polled. In dry-run mode nothing is sent: each request is described (no headers, SAS
 * signatures redacted) and answered with a stand-in. Thread-safe.
 */
public final class ArmClient {
  private final HttpPipeline pipeline;
  private final String endpoint;
  private final String apiVersion;
  private final Optional<Consumer<String>> dryRun;
  private final Duration pollInterval;
  private final Duration operationTimeout;

  private ArmClient(
      HttpPipeline pipeline,
      String endpoint,
      String apiVersion,
      Optional<Consumer<String>> dryRun,
      Duration pollInterval,
      Duration operationTimeout) {
    this.pipeline = pipeline;
    this.endpoint = endpoint;
    this.apiVersion = apiVersion;
    this.dryRun = dryRun;
    this.pollInterval = pollInterval;
    this.operationTimeout = operationTimeout;
  }

  /**
   * A client for the options' ARM endpoint; the credential (default {@code DefaultAzureCredential})
   * is created lazily, on the first request that needs it.
   */
  public static ArmClient create(AzureMlOptions options, Supplier<TokenCredential> credential) {
    String endpoint = options.armEndpoint().toString().replaceAll("/+$", "");
    HttpPipelinePolicy auth =
        options
            .authPolicy()
            .orElseGet(
                () ->
                    new BearerTokenAuthenticationPolicy(
                        new Lazy(credential), endpoint + "/.default"));
    return new ArmClient(
        pipeline(options, List.of(auth)),
        endpoint,
        options.apiVersion(),
        options.dryRun(),
        options.pollInterval(),
        options.operationTimeout());
  }

  /** A pipeline with the user agent and retries of the options, then {@code more}. */
  public static HttpPipeline pipeline(AzureMlOptions options, List<HttpPipelinePolicy> more) {
    List<HttpPipelinePolicy> policies = new ArrayList<>();
    policies.add(new UserAgentPolicy("boostline/" + LibraryVersion.current()));
    policies.add(
        new RetryPolicy(
            new ExponentialBackoff(
                new ExponentialBackoffOptions()
                    .setMaxRetries(options.maxRetries())
                    .setBaseDelay(options.retryDelay())
                    .setMaxDelay(options.maxRetryDelay()))));
    policies.addAll(more);
    return new HttpPipelineBuilder()
        .httpClient(options.httpClient().orElseGet(HttpClient::createDefault))
        .policies(policies.toArray(HttpPipelinePolicy[]::new))
        .build();
  }

  /** Whether requests are only described. */
  public boolean dryRun() {
    return dryRun.isPresent();
  }

  /** Describes something the dry run would do. */
  public void describe(String line) {
    dryRun.ifPresent(out -> out.accept(line));
  }

  /** The full URL of an ARM path with the api-version and extra query parameters. */
  public String url(String path, String... query) {
    StringBuilder sb = new StringBuilder(endpoint).append(path).append("?api-version=");
    sb.append(apiVersion);
    for (String q : query) {
      sb.append('&').append(q);
    }
    return sb.toString();
  }

  /** The resource at {@code path}, or empty when Azure answers 404 (and in a dry run). */
  public Optional<JsonNode> find(String path, String... query) {
    if (dryRun()) {
      describe("GET " + url(path, query) + "    (dry run: assuming it does not exist)");
      return Optional.empty();
    }
    Response r = send(HttpMethod.GET, url(path, query), null);
    if (r.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(r.require("GET", path));
  }

  /**
   * A GET that must succeed; in a dry run, described and answered with {@code standIn}.
   *
   * @throws AzureMlException on any error status
   */
  public JsonNode get(String path, JsonNode standIn, String... query) {
    if (dryRun()) {
      describe("GET " + url(path, query));
      return standIn;
    }
    return send(HttpMethod.GET, url(path, query), null).require("GET", path);
  }

  /** A POST (body may be null); in a dry run, described and answered with {@code standIn}. */
  public JsonNode post(String path, JsonNode body, JsonNode standIn) {
    if (dryRun()) {
      describe("POST " + url(path) + (body == null ? "" : "\n" + Jsons.pretty(body)));
      return standIn;
    }
    return send(HttpMethod.POST, url(path), body).require("POST", path);
  }

  /**
   * Creates or updates the resource at {@code path}. A 201 or 202 with {@code Azure-AsyncOperation}
   * or {@code Location} is a long-running operation: polled until it succeeds, then the resource is
   * read back. In a dry run, described and answered with the body.
   *
   * @throws AzureMlException when Azure refuses it, the operation fails, or it outlasts the
   *     operation timeout
   */
  public JsonNode put(String path, JsonNode body) {
    if (dryRun()) {
      describe("PUT " + url(path) + "\n" + Jsons.pretty(body));
      return body;
    }
    Response r = send(HttpMethod.PUT, url(path), body);
    JsonNode answer = r.require("PUT", path);
    String async = r.headers().getValue(HttpHeaderName.fromString("Azure-AsyncOperation"));
    String location = r.headers().getValue(HttpHeaderName.LOCATION);
    if ((r.status() == 201 || r.status() == 202) && (async != null || location != null)) {
      await("PUT " + path, async, location, r.headers());
      return send(HttpMethod.GET, url(path), null).require("GET", path);
    }
    return answer;
  }

  /** Polls an operation until it ends; fails unless it succeeded. */
  private void await(String what, String async, String location, HttpHeaders first) {
    Instant deadline = Instant.now().plus(operationTimeout);
    Duration wait = retryAfter(first).orElse(pollInterval);
    while (true) {
      sleep(wait);
      if (async != null) {
        Response r = send(HttpMethod.GET, async, null);
        JsonNode op = r.require("GET", "the status of " + what);
        String status = op.path("status").asText("");
        if (status.equalsIgnoreCase("Succeeded")) {
          return;
        }
        if (status.equalsIgnoreCase("Failed") || status.equalsIgnoreCase("Canceled")) {
          JsonNode error = op.path("error");
          throw new AzureMlException(
              what
                  + ": the operation "
                  + status.toLowerCase(java.util.Locale.ROOT)
                  + (error.isMissingNode()
                      ? ""
                      : ": " + error.path("code").asText() + ": " + error.path("message").asText()),
              0,
              error.path("code").asText(null),
              null);
        }
        wait = retryAfter(r.headers()).orElse(pollInterval);
      } else {
        Response r = send(HttpMethod.GET, location, null);
        if (r.status() != 202) {
          r.require("GET", "the result of " + what);
          return;
        }
        wait = retryAfter(r.headers()).orElse(pollInterval);
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AzureMlException(
            what + ": the operation did not finish within " + operationTimeout + "; it may still");
      }
    }
  }

  private static Optional<Duration> retryAfter(HttpHeaders headers) {
    String v = headers.getValue(HttpHeaderName.RETRY_AFTER);
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim()))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AzureMlException("interrupted while waiting for Azure");
    }
  }

  /** Sends a request to an absolute URL (ARM or scoring) and reads the whole answer. */
  public Response send(HttpMethod method, String url, JsonNode body) {
    return send(pipeline, method, url, body, new HttpHeaders());
  }

  /** Sends a request through a pipeline and reads the whole answer. */
  public static Response send(
      HttpPipeline pipeline, HttpMethod method, String url, JsonNode body, HttpHeaders headers) {
    HttpRequest request = new HttpRequest(method, url);
    headers.forEach(
        h -> request.getHeaders().set(HttpHeaderName.fromString(h.getName()), h.getValue()));
    request.setHeader(HttpHeaderName.ACCEPT, "application/json");
    if (body != null) {
      request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
      request.setBody(Jsons.bytes(body));
    }
    try (HttpResponse r = pipeline.sendSync(request, Context.NONE)) {
      byte[] bytes =
          r.getBodyAsBinaryData() == null ? new byte[0] : r.getBodyAsBinaryData().toBytes();
      return new Response(r.getStatusCode(), r.getHeaders(), bytes, method + " " + Redact.url(url));
    } catch (UncheckedIOException | IllegalStateException e) {
      throw new AzureMlException(
          method + " " + Redact.url(url) + ": no answer: " + e.getMessage(), 0, null, e);
    } catch (RuntimeException e) {
      if (e instanceof AzureMlException a) {
        throw a;
      }
      throw new AzureMlException(method + " " + Redact.url(url) + ": no answer: " + e, 0, null, e);
    }
  }

  /** A complete answer. */
  public record Response(int status, HttpHeaders headers, byte[] body, String request) {
    /** The JSON body (an empty object for an empty body). */
    public JsonNode json() {
      return body.length == 0 ? Jsons.object() : Jsons.parse(body, request);
    }

    /**
     * The JSON body of a 2xx answer.
     *
     * @throws AzureMlException with Azure's error code and message otherwise
     */
    public JsonNode require(String method, String what) {
      if (status >= 200 && status < 300) {
        return json();
      }
      String code = null;
      String message = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
      try {
        JsonNode e = Jsons.parse(body, request).path("error");
        if (e.isObject()) {
          code = e.path("code").asText(null);
          message = e.path("message").asText(message);
          if (e.path("details").isArray() && !e.path("details").isEmpty()) {
            StringBuilder more = new StringBuilder();
            for (JsonNode d : e.path("details")) {
              more.append("; ").append(d.path("code").asText()).append(": ");
              more.append(d.path("message").asText());
            }
            message += more;
          }
        }
      } catch (RuntimeException notJson) {
        // Keep the raw text (a proxy's HTML page, ...).
      }
      if (message.length() > 1000) {
        message = message.substring(0, 1000) + "...";
      }
      throw new AzureMlException(
          method
              + " "
              + what
              + ": Azure answered HTTP "
              + status
              + (code == null ? "" : " " + code)
              + (message.isEmpty() ? "" : ": " + message),
          status,
          code,
          null);
    }
  }

  /** Sets a field of an object node and returns it (for fluent bodies). */
  static ObjectNode with(ObjectNode node, String field, String value) {
    node.put(field, value);
    return node;
  }

  /** A credential created on first use, so dry runs and injected policies never create one. */
  private static final class Lazy implements TokenCredential {
    private final Supplier<TokenCredential> supplier;
    private volatile TokenCredential credential;

    Lazy(Supplier<TokenCredential> supplier) {
      this.supplier = supplier;
    }

    private TokenCredential get() {
      if (credential == null) {
        synchronized (this) {
          if (credential == null) {
            credential = supplier.get();
          }
        }
      }
      return credential;
    }

    @Override
    public reactor.core.publisher.Mono<com.azure.core.credential.AccessToken> getToken(
        com.azure.core.credential.TokenRequestContext request) {
      return get().getToken(request);
    }

    @Override
    public com.azure.core.credential.AccessToken getTokenSync(
        com.azure.core.credential.TokenRequestContext request) {
      return get().getTokenSync(request);
    }
  }

  /** For callers that build URLs from {@link #url}: the endpoint. */
  public URI endpoint() {
    return URI.create(endpoint);
  }
}
