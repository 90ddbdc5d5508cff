package dev.boostline.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.boostline.model.EngineChoice;
import dev.boostline.serving.ScoringServer;
import dev.boostline.serving.ServerConfig;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A server process of {@link HttpBenchmark}, started pinned to one core: {@code bare PORT} is the
 * ceiling (Javalin that parses the request JSON and writes the record back, nothing else); {@code
 * java PORT HOME} and {@code native PORT HOME} are Boostline's {@link ScoringServer} serving {@code
 * higgs@production} with the pure-Java evaluator or xgboost4j, with default settings (as {@code
 * boostline serve} starts it). Prints {@code ready} once it answers, then runs until killed.
 */
public final class BenchServer {
  private BenchServer() {}

  public static void main(String[] args) throws InterruptedException {
    String kind = args[0];
    int port = Integer.parseInt(args[1]);
    if (kind.equals("bare")) {
      ObjectMapper mapper = new ObjectMapper();
      Javalin.create(
              cfg -> {
                cfg.startup.showJavalinBanner = false;
                cfg.jetty.host = "127.0.0.1";
                cfg.jetty.port = port;
                cfg.routes.post(
                    "/v1/models/{name}/score",
                    ctx -> {
                      JsonNode body = mapper.readTree(ctx.bodyAsBytes());
                      JsonNode record = body.path("records").path(0);
                      ctx.contentType("application/json");
                      ctx.result(mapper.writeValueAsBytes(record));
                    });
              })
          .start();
    } else {
      EngineChoice engine =
          switch (kind) {
            case "java" -> EngineChoice.AUTO;
            case "native" -> EngineChoice.NATIVE;
            default ->
                throw new IllegalArgumentException("server kind bare, java or native: " + kind);
          };
      ScoringServer.create(
              ServerConfig.builder(Path.of(args[2]))
                  .model(HiggsModel.production())
                  .port(port)
                  .engine(engine)
                  .build())
          .start();
    }
    System.out.println("ready");
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
