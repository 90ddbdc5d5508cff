package dev.boostline.examples;

import dev.boostline.Boostline;
import dev.boostline.registry.ModelRef;
import dev.boostline.serving.ScoringServer;
import dev.boostline.serving.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/**
 * User story: "I start the scoring server from my own Java process, over my home's registry, and
 * call it over HTTP." Starts a {@link ScoringServer} following {@code income@production} on a free
 * port, scores one record through the native API and reads its Prometheus metrics.
 *
 * <p>Arguments: {@code [HOME]}, default {@code target/example-home} (run {@link ChampionChallenger}
 * first so that the home has a production model).
 */
public final class ServeFromJava {
  private ServeFromJava() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args.length > 0 ? args[0] : "target/example-home");
    Boostline boostline = Boostline.open(home);
    ServerConfig config =
        ServerConfig.builder(boostline.home())
            .model(ModelRef.alias("income", "production"))
            .port(0)
            .build();
    try (ScoringServer server = ScoringServer.create(config, boostline.models()).start()) {
      String url = "http://127.0.0.1:" + server.port();
      String body =
          "{\"records\": [{\"age\": 39, \"workclass\": \"State-gov\", \"fnlwgt\": 77516,"
              + " \"education\": \"Bachelors\", \"education_num\": 13, \"marital_status\":"
              + " \"Never-married\", \"occupation\": \"Adm-clerical\", \"relationship\":"
              + " \"Not-in-family\", \"race\": \"White\", \"sex\": \"Male\", \"capital_gain\":"
              + " 2174, \"capital_loss\": 0, \"hours_per_week\": 40, \"native_country\":"
              + " \"United-States\"}]}";
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> scored =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/v1/models/income/score"))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .header("Content-Type", "application/json")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      System.out.println("POST /v1/models/income/score -> " + scored.statusCode());
      System.out.println(scored.body());
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      metrics
          .body()
          .lines()
          .filter(l -> l.startsWith("boostline_"))
          .limit(3)
          .forEach(System.out::println);
    }
  }
}
