package dev.boostline.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.testing.TestModels;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthTest {
  @TempDir Path home;

  @Test
  void every_route_but_health_needs_the_bearer_key() {
    ServerFixture.register(home, "income", TestModels.adult(10, 4), "production");
    String key = "s3cret-key-value";
    try (ServerFixture anonymous =
            new ServerFixture(
                    home, ServerFixture.config(home, "income@production").apiKey(key), null)
                .start();
        ServerFixture wrong =
            new ServerFixture(home, ServerFixture.config(home, "income@production"), "nope")) {
      assertThat(anonymous.get("/v2/health/live").status()).isEqualTo(200);
      assertThat(anonymous.get("/v2/health/ready").status()).isEqualTo(200);
      for (String path : new String[] {"/v1/models", "/metrics", "/v2/models/income"}) {
        var r = anonymous.get(path);
        assertThat(r.status()).as(path).isEqualTo(401);
        assertThat(r.raw().headers().firstValue("WWW-Authenticate")).contains("Bearer");
      }
      var post = anonymous.post("/v1/models/income/score", "{\"records\": []}");
      assertThat(post.status()).isEqualTo(401);
      assertThat(post.text()).doesNotContain(key);
      var bad =
          anonymous.send(
              HttpRequest.newBuilder(anonymous.uri("/v1/models"))
                  .header("Authorization", "Bearer s3cret-key-valuX"));
      assertThat(bad.status()).isEqualTo(401);
      var good =
          anonymous.send(
              HttpRequest.newBuilder(anonymous.uri("/v1/models"))
                  .header("Authorization", "Bearer " + key));
      assertThat(good.status()).isEqualTo(200);
      assertThat(anonymous.server.toString()).doesNotContain(key);
      assertThat(wrong.home).isEqualTo(home);
    }
  }
}
