package dev.boostline.cli;

import dev.boostline.registry.ModelRef;
import dev.boostline.serving.ScoringServer;
import dev.boostline.serving.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code boostline serve}: the real-time scoring server. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve registered models over HTTP: a native JSON API, the Open Inference Protocol v2"
          + " (KServe), and the MLflow / Azure ML scoring formats, with Prometheus metrics at"
          + " /metrics. A model given as NAME@alias follows the alias: when it moves, the new"
          + " version is loaded, checked and swapped in with no failed request.",
      "SIGTERM or Ctrl-C stops accepting, finishes requests in flight and exits 0."
    })
final class ServeCommand implements Runnable {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "NAME@ALIAS|V",
      description = "A model to serve (repeatable).")
  List<String> models;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "Port (default 8080; 0 for any free port).")
  int port = 8080;

  @Option(
      names = "--host",
      paramLabel = "H",
      description = "Interface to listen on (default 127.0.0.1).")
  String host = "127.0.0.1";

  @Option(
      names = "--api-key-file",
      paramLabel = "F",
      description = "File holding the bearer key every route but health requires.")
  Path apiKeyFile;

  @Option(
      names = "--max-batch",
      paramLabel = "N",
      description = "Records per request at most (default 1000).")
  Integer maxBatch;

  @Option(
      names = "--max-pending",
      paramLabel = "N",
      description = "Requests in progress or waiting before 503 (default 64).")
  Integer maxPending;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "HTTP worker threads (default: Jetty's pool).")
  Integer threads;

  @Option(
      names = "--capture",
      paramLabel = "FRACTION",
      description =
          "Write this share (0-1] of scored records to rolling Parquet files in the home"
              + " (captures/NAME/), off the request path; off by default.")
  Double capture;

  @Mixin EngineOption engine;

  @Override
  public void run() {
    Context ctx = new Context(spec);
    ServerConfig.Builder b =
        ServerConfig.builder(ctx.home())
            .host(host)
            .port(port)
            .loadInBackground(true)
            .engine(engine.engine);
    models.forEach(m -> b.model(ModelRef.parse(m)));
    if (apiKeyFile != null) {
      b.apiKey(readKey(apiKeyFile));
    }
    if (maxBatch != null) {
      b.maxBatch(maxBatch);
    }
    if (maxPending != null) {
      b.maxPending(maxPending);
    }
    if (threads != null) {
      b.threads(threads);
    }
    if (capture != null) {
      b.capture(capture);
    }
    ScoringServer server = ScoringServer.create(b.build()).start();
    ctx.out()
        .println(
            "listening on http://"
                + host
                + ":"
                + server.port()
                + " (models load in the background; see /v2/health/ready)");
    ctx.out().flush();
    CountDownLatch stop = new CountDownLatch(1);
    Signals.onTerminate(stop::countDown);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "boostline-shutdown"));
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.close();
    ctx.out().println("stopped");
    ctx.out().flush();
    System.exit(Main.OK);
  }

  /** The key in an {@code --api-key-file}. */
  static String readKey(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read --api-key-file " + file + ": " + e.getMessage());
    }
  }
}
