package dev.boostline.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.azure.testing.AzureDoubles;
import dev.boostline.registry.ModelRef;
import dev.boostline.registry.ModelRegistry;
import dev.boostline.registry.ModelRegistryContract;
import dev.boostline.serving.ScoringServer;
import dev.boostline.serving.ServerConfig;
import dev.boostline.testing.TestModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Azure ML registry passes the contract every {@link ModelRegistry} passes, against Azure on
 * loopback (every ARM request validated by Prism), and a scoring server follows an alias in it.
 */
@Tag("slow")
class AzureMlModelRegistryTest extends ModelRegistryContract {
  private static AzureDoubles azure;
  private static final AtomicInteger WORKSPACES = new AtomicInteger();
  @TempDir Path home;

  @BeforeAll
  static void startAzure() {
    azure = AzureDoubles.start();
  }

  @AfterAll
  static void stopAzure() {
    if (azure != null) {
      azure.close();
    }
  }

  @Override
  protected ModelRegistry registry() {
    return AzureMlModelRegistry.open(
        AzureMl.create(azure.options().build()),
        AzureMlTarget.workspace("sub-1", "rg-1", "ws-" + WORKSPACES.incrementAndGet()));
  }

  @Test
  void aliases_show_as_model_tags_in_azure_ml() {
    ModelRegistry r = registry();
    AzureMlTarget ws = AzureMlTarget.workspace("sub-1", "rg-1", "ws-" + WORKSPACES.get());
    r.register("churn", TestModels.adult(5, 1), Optional.empty());
    r.setAlias("churn", "production", 1, "go", Optional.empty());
    assertThat(
            azure
                .arm
                .resource(ws.armPath() + "/models/churn")
                .path("properties")
                .path("tags")
                .path("alias.production")
                .asText())
        .isEqualTo("1");
  }

  @Test
  void a_scoring_server_serves_a_model_from_azure_ml() throws Exception {
    ModelRegistry r = registry();
    r.register("churn", TestModels.adult(5, 1), Optional.empty());
    r.setAlias("churn", "production", 1, "go", Optional.empty());
    try (ScoringServer server =
        ScoringServer.create(
                ServerConfig.builder(home)
                    .port(0)
                    .model(ModelRef.parse("churn@production"))
                    .build(),
                r)
            .start()) {
      HttpResponse<String> ready =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.port() + "/v2/health/ready"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);
    }
  }
}
