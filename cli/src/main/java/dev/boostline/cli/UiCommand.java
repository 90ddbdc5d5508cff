package dev.boostline.cli;

import dev.boostline.ui.UiConfig;
import dev.boostline.ui.UiServer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code boostline ui}: the local web UI. */
@Command(
    name = "ui",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the web UI of the home: datasets (versions, lineage, profiles, diffs), runs"
          + " (sortable table, curves, importance, CV, search, comparisons), models (versions,"
          + " aliases, audit history, decisions and reports, model card, realised performance)"
          + " and the live scoring servers (traffic, latency, errors, drift, updating every"
          + " second). Works offline; nothing is loaded from elsewhere.",
      "Pages are read-only. Promote and rollback go through a confirmation page, are audited,"
          + " and need the key of --api-key-file when it is given.",
      "SIGTERM or Ctrl-C stops it and exits 0."
    })
final class UiCommand implements Runnable {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "Port (default 8090; 0 for any free port).")
  int port = 8090;

  @Option(
      names = "--host",
      paramLabel = "H",
      description = "Interface to listen on (default 127.0.0.1: this machine only).")
  String host = "127.0.0.1";

  @Option(
      names = "--api-key-file",
      paramLabel = "F",
      description = "File holding the key that promote and rollback need.")
  Path apiKeyFile;

  @Override
  public void run() {
    Context ctx = new Context(spec);
    UiConfig.Builder b = UiConfig.builder(ctx.home()).host(host).port(port);
    if (apiKeyFile != null) {
      b.apiKey(ServeCommand.readKey(apiKeyFile));
    }
    UiServer ui = UiServer.create(b.build()).start();
    ctx.out()
        .println(
            "Boostline UI on http://" + host + ":" + ui.port() + "/ (home " + ctx.home() + ")");
    ctx.out().flush();
    CountDownLatch stop = new CountDownLatch(1);
    Signals.onTerminate(stop::countDown);
    Runtime.getRuntime().addShutdownHook(new Thread(ui::close, "boostline-ui-shutdown"));
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ui.close();
    ctx.out().println("stopped");
    ctx.out().flush();
    System.exit(Main.OK);
  }
}
