package dev.boostline.cli;

import dev.boostline.common.BoostlineException;
import dev.boostline.common.JsonForm;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.CsvReader;
import dev.boostline.pipeline.Pipeline;
import dev.boostline.pipeline.PipelineRun;
import dev.boostline.registry.ModelRef;
import dev.boostline.serving.ScoringServer;
import dev.boostline.serving.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.Table;

/** {@code boostline quickstart}: the whole strategy on the adult census data, then serving. */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = {
      "The whole production strategy in one command, on the UCI adult census data: writes a"
          + " pipeline file into the home, runs it (register the data, train with early"
          + " stopping, register the model, evaluate it against production with an HTML report,"
          + " promote it), then serves income@production and prints a curl command that scores"
          + " a record.",
      "Run it again: the data and the trained run are reused, nothing is trained twice."
    })
final class QuickstartCommand implements Runnable {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "P",
      description = "Port of the scoring server (default 8080).")
  int port = 8080;

  @Option(names = "--no-serve", description = "Stop after the pipeline; do not start the server.")
  boolean noServe;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "The repository's data directory (found from here or the jar by default).")
  Path data;

  @Override
  public void run() {
    Context ctx = new Context(spec);
    PrintWriter out = ctx.out();
    Path dataDir = data != null ? data.toAbsolutePath().normalize() : findData();
    Path train = dataDir.resolve("adult/adult_train.csv");
    Path test = dataDir.resolve("adult/adult_test.csv");
    if (!Files.isRegularFile(train) || !Files.isRegularFile(test)) {
      throw new BoostlineException(
          "the adult sample data is not in "
              + dataDir
              + "/adult; run from the repository or pass --data DIR");
    }
    Path dir = ctx.home().resolve("quickstart");
    Path file = dir.resolve("adult.pipeline.yaml");
    Path report = dir.resolve("adult-report.html");
    write(file, pipeline(train, test));
    out.println("home:     " + ctx.home());
    out.println("pipeline: " + file);
    out.flush();

    PipelineRun run = PipelineCommand.runOnce(ctx, Pipeline.read(file), Optional.empty(), false);
    out.println(run.summary());
    out.println();
    out.println("What happened: adult@1 holds the training data, a tracked run trained on it");
    out.println(
        "(boostline runs show "
            + run.output(Pipeline.TRAIN, "runId").orElse("RUN")
            + "), "
            + run.output(Pipeline.REGISTER_MODEL, "model").orElse("the model")
            + " was judged on adult-test against production ("
            + run.output(Pipeline.EVALUATE, "verdict").orElse("?")
            + ").");
    out.println("Report:   " + report);
    out.println("History:  boostline models history income; boostline pipeline runs");
    out.flush();
    if (noServe) {
      return;
    }
    ScoringServer server;
    try {
      server =
          ScoringServer.create(
                  ServerConfig.builder(ctx.home())
                      .model(ModelRef.alias("income", "production"))
                      .port(port)
                      .build())
              .start();
    } catch (RuntimeException e) {
      if (hasCause(e, BindException.class)) {
        throw new BoostlineException(
            "port " + port + " is in use; pick another with --port (the pipeline run is recorded)",
            e);
      }
      throw e;
    }
    String url = "http://127.0.0.1:" + server.port();
    out.println();
    out.println("Serving income@production at " + url + " (Ctrl-C to stop). Score a record:");
    out.println(
        "  curl -s "
            + url
            + "/v1/models/income/score -H 'Content-Type: application/json' -d '"
            + JsonForm.line(Map.of("records", java.util.List.of(firstRecord(test))))
            + "'");
    out.println("Metrics: curl -s " + url + "/metrics | grep boostline_");
    out.flush();
    CountDownLatch stop = new CountDownLatch(1);
    Signals.onTerminate(stop::countDown);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "boostline-quickstart-stop"));
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.close();
    out.println("stopped");
    out.flush();
    System.exit(Main.OK);
  }

  private static String pipeline(Path train, Path test) {
    return """
        # Written by `boostline quickstart`; run it again with `boostline pipeline run FILE`.
        version: 1
        name: quickstart
        data:
          dataset: adult
          file: %s
        evaluation:
          dataset: adult-test
          file: %s
        split: {validFraction: 0.2}
        features:
          target: income
        training:
          rounds: 1000
          earlyStopping: 20
          seed: 1
          params: {eta: 0.1, max_depth: 6}
        model:
          name: income
          description: Predicts whether income exceeds 50K (UCI adult census), quickstart model
        promote: true
        report: adult-report.html
        """
        .formatted(quote(train), quote(test));
  }

  /** Writes a file whole or not at all (temporary file, then an atomic rename). */
  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".quickstart-", ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String quote(Path p) {
    return "\"" + p.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** The first record of the test file, without its label, as the server expects it. */
  private static Map<String, Object> firstRecord(Path test) {
    Table t =
        CsvReader.read(test, CsvOptions.defaults(), Optional.empty()).dataset().table().first(1);
    Map<String, Object> record = new LinkedHashMap<>();
    for (String c : t.columnNames()) {
      if (!c.equals("income")) {
        record.put(c, t.column(c).get(0));
      }
    }
    return record;
  }

  /** {@code data/} beside the working directory, or above the jar (cli/target/boostline.jar). */
  private static Path findData() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("data/adult/adult_train.csv"))) {
        return p.resolve("data");
      }
    }
    try {
      Path jar =
          Path.of(
              QuickstartCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path p = jar.getParent(); p != null; p = p.getParent()) {
        if (Files.isRegularFile(p.resolve("data/adult/adult_train.csv"))) {
          return p.resolve("data");
        }
      }
    } catch (java.net.URISyntaxException | RuntimeException e) {
      // fall through
    }
    return here.resolve("data");
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
