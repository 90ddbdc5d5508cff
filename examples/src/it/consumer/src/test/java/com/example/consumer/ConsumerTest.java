package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boostline.Boostline;
import dev.boostline.Model;
import dev.boostline.PromotionRequest;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.store.RegisterOptions;
import dev.boostline.features.FeatureSpec;
import dev.boostline.model.Prediction;
import dev.boostline.registry.ModelRef;
import dev.boostline.registry.ModelVersion;
import dev.boostline.serving.ScoringServer;
import dev.boostline.serving.ServerConfig;
import dev.boostline.train.TrainOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uses Boostline exactly as a team that only added the two dependencies would. */
class ConsumerTest {
  @TempDir Path dir;

  private Path csv() throws Exception {
    Path csv = dir.resolve("adult.csv");
    try (var in = ConsumerTest.class.getResourceAsStream("/adult_train_400.csv")) {
      Files.copy(in, csv);
    }
    return csv;
  }

  @Test
  void trains_in_memory_and_scores() throws Exception {
    Path csv = csv();
    try (Model model = Model.train(csv, "income")) {
      List<Prediction> predictions = model.predict(csv);
      assertEquals(400, predictions.size());
      assertTrue(predictions.get(0).probability().orElseThrow() >= 0);
      Path saved = model.save(dir.resolve("model"));
      assertTrue(Files.exists(saved.resolve("MLmodel")));
    }
  }

  @Test
  void registers_trains_promotes_and_serves_from_a_home() throws Exception {
    Boostline home = Boostline.open(dir.resolve("home"));
    var data =
        home.registerDataset("adult", csv(), CsvOptions.defaults(), RegisterOptions.defaults());
    String run =
        home.train(
                data.manifest().ref(),
                TrainOptions.builder(FeatureSpec.forTarget("income")).build())
            .run()
            .runId();
    ModelVersion v = home.registerModel(run, "income", Optional.empty());
    home.promote(PromotionRequest.builder(v.ref()).force("consumer build").build());
    ServerConfig config =
        ServerConfig.builder(home.home())
            .model(ModelRef.alias("income", "production"))
            .port(0)
            .build();
    try (ScoringServer server = ScoringServer.create(config).start()) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.port() + "/v2/models/income"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("\"name\":\"income\""), r.body());
    }
  }
}
