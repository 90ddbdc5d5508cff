package dev.boostline.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boostline.model.ModelBundle;
import dev.boostline.registry.ModelRef;
import dev.boostline.registry.local.LocalModelRegistry;
import dev.boostline.testing.TestModels;
import dev.boostline.util.internal.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tech.tablesaw.columns.Column;

/** A real server on a loopback port over a temporary home, and a real HTTP client. */
final class ServerFixture implements AutoCloseable {
  final Path home;
  final LocalModelRegistry registry;
  final ScoringServer server;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String key;

  record Response(int status, JsonNode json, String text, HttpResponse<String> raw) {}

  ServerFixture(Path home, ServerConfig.Builder config, String key) {
    this.home = home;
    this.registry = LocalModelRegistry.open(home);
    this.key = key;
    this.server = ScoringServer.create(config.port(0).build());
  }

  static void register(Path home, String name, ModelBundle bundle, String alias) {
    LocalModelRegistry r = LocalModelRegistry.open(home);
    var v = r.register(name, bundle, Optional.empty());
    if (alias != null) {
      r.setAlias(name, alias, v.version(), "test", Optional.empty());
    }
  }

  static ServerConfig.Builder config(Path home, String... refs) {
    ServerConfig.Builder b = ServerConfig.builder(home);
    for (String r : refs) {
      b.model(ModelRef.parse(r));
    }
    return b;
  }

  /**
   * The first {@code count} rows of {@link TestModels#adultSample()} as JSON-ready records (the
   * target column included, as a client may send it; missing cells as null).
   */
  static List<Map<String, Object>> adultRecords(int count) {
    var table = TestModels.adultSample().table();
    List<Map<String, Object>> out = new ArrayList<>(count);
    for (int r = 0; r < count; r++) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Column<?> c : table.columns()) {
        m.put(c.name(), c.isMissing(r) ? null : c.get(r));
      }
      out.add(m);
    }
    return out;
  }

  ServerFixture start() {
    server.start();
    return this;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  Response post(String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Response send(HttpRequest.Builder b) {
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    try {
      HttpResponse<String> r =
          client.send(
              b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      String ct = r.headers().firstValue("Content-Type").orElse("");
      if (ct.startsWith("application/json")) {
        json = Json.mapper().readTree(r.body());
      }
      return new Response(r.statusCode(), json, r.body(), r);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
