package dev.boostline.cli;

import dev.boostline.Boostline;
import dev.boostline.pipeline.DriftTrigger;
import dev.boostline.pipeline.Pipeline;
import dev.boostline.pipeline.PipelineListener;
import dev.boostline.pipeline.PipelineRun;
import dev.boostline.pipeline.PipelineRuns;
import dev.boostline.pipeline.PipelineSpec;
import dev.boostline.pipeline.PipelineWatcher;
import dev.boostline.pipeline.Schedule;
import dev.boostline.pipeline.WatchEvent;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code boostline pipeline ...}: the whole strategy as one run, and its triggers. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description =
        "Run a pipeline file (register -> train -> register model -> evaluate against production"
            + " -> promote or reject), watch its triggers, and list its runs.",
    subcommands = {
      PipelineCommand.Validate.class,
      PipelineCommand.Run.class,
      PipelineCommand.Runs.class,
      PipelineCommand.Show.class,
      PipelineCommand.Watch.class
    })
final class PipelineCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a pipeline command is required");
  }

  /** {@code pipeline validate FILE}. */
  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = "Check a pipeline file (keys, types, files it names) without running it.")
  static final class Validate implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline file (YAML).")
    Path file;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      Pipeline p = Pipeline.read(file);
      PipelineSpec s = p.spec();
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("pipeline", s.name());
      json.put("file", s.file().toString());
      json.put("sha256", p.sha256());
      json.put("valid", true);
      ctx.print(
          json,
          file
              + " is a valid pipeline \""
              + s.name()
              + "\": data "
              + s.data().file().map(f -> f + " as ").orElse("")
              + s.data().dataset()
              + ", evaluation on "
              + s.evaluation()
                  .holdout()
                  .map(h -> Math.round(h * 100) + "% held out")
                  .orElseGet(() -> s.evaluation().dataset().orElseThrow())
              + ", model "
              + s.model().name()
              + (s.promote() ? ", promotes on PROMOTE" : ", never promotes"));
    }
  }

  /** {@code pipeline run FILE}. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Run a pipeline once and record the run in the home. A re-run reuses what is done: the"
            + " same data is the same dataset version, and the same inputs reuse the finished"
            + " training run (unless --retrain).",
        "Exit code 0 when every step finished (promoted or rejected), 1 when a step failed."
      })
  static final class Run implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline file (YAML).")
    Path file;

    @Option(names = "--retrain", description = "Train again even if the inputs were trained on.")
    boolean retrain;

    @Option(
        names = "--data",
        paramLabel = "FILE",
        description = "Register this data file instead of the one the pipeline names.")
    Path data;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      Pipeline p = Pipeline.read(file);
      PipelineRun run = runOnce(ctx, p, Optional.ofNullable(data), retrain);
      ctx.print(run, run.summary());
    }
  }

  static PipelineRun runOnce(Context ctx, Pipeline p, Optional<Path> data, boolean retrain) {
    PrintWriter out = ctx.out();
    if (!ctx.json()) {
      out.println("pipeline " + p.name() + " (" + p.spec().file().getFileName() + ")");
      out.flush();
    }
    StepPrinter printer = new StepPrinter(out, ctx.json(), ctx.err());
    return p.run(
        ctx.boostline(),
        new Pipeline.Options(PipelineRun.Trigger.manual(), data, retrain, printer));
  }

  /** Prints each step as it ends, and training progress on stderr. */
  static final class StepPrinter implements PipelineListener {
    private final PrintWriter out;
    private final boolean quiet;
    private final Progress progress;

    StepPrinter(PrintWriter out, boolean quiet, PrintWriter err) {
      this.out = out;
      this.quiet = quiet;
      this.progress = Progress.forTerminal(err);
    }

    @Override
    public void onStepFinished(PipelineRun.Step step) {
      progress.clear();
      if (!quiet) {
        out.println(step.line());
        out.flush();
      }
    }

    @Override
    public void onProgress(String step, String message) {
      progress.onStatus(step + ": " + message);
    }
  }

  /** {@code pipeline runs [NAME]}. */
  @Command(
      name = "runs",
      mixinStandardHelpOptions = true,
      description = "List pipeline runs, newest first (of every pipeline, or of NAME).")
  static final class Runs implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Pipeline name.")
    String name;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      PipelineRuns store = PipelineRuns.open(ctx.home());
      List<PipelineRun> runs = name == null ? store.all() : store.list(name);
      TextTable t =
          new TextTable(
              "RUN", "PIPELINE", "STARTED", "TRIGGER", "STATUS", "VERDICT", "MODEL", "SECONDS");
      for (PipelineRun r : runs) {
        t.row(
            r.id(),
            r.pipeline(),
            DateTimeFormatter.ISO_INSTANT.format(r.startedAt()),
            r.trigger().kind().name().toLowerCase(Locale.ROOT),
            r.status().name().toLowerCase(Locale.ROOT),
            r.output(Pipeline.EVALUATE, "verdict").orElse("-"),
            r.output(Pipeline.REGISTER_MODEL, "model").orElse("-"),
            r.duration()
                .map(d -> String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0))
                .orElse("-"));
      }
      ctx.print(runs, t.isEmpty() ? "no pipeline runs\n" : t.toString());
    }
  }

  /** {@code pipeline show RUN}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "A pipeline run: trigger, each step with its outcome, timing and outputs.")
  static final class Show implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run id or a unique prefix.")
    String id;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      PipelineRun r = PipelineRuns.open(ctx.home()).get(id);
      StringBuilder sb = new StringBuilder();
      sb.append("pipeline run ").append(r.id()).append(" (").append(r.pipeline()).append(")\n");
      sb.append("  file:     ")
          .append(r.file())
          .append(" (sha256:")
          .append(r.fileSha256(), 0, 12)
          .append("…)\n");
      sb.append("  trigger:  ").append(r.trigger()).append('\n');
      sb.append("  started:  ")
          .append(r.startedAt())
          .append(" (pid ")
          .append(r.pid())
          .append(")\n");
      sb.append("  status:   ")
          .append(r.status().name().toLowerCase(Locale.ROOT))
          .append(
              r.duration()
                  .map(d -> String.format(Locale.ROOT, " after %.1f s", d.toMillis() / 1000.0))
                  .orElse(""))
          .append('\n');
      r.error().ifPresent(e -> sb.append("  error:    ").append(e).append('\n'));
      sb.append("steps:\n");
      for (PipelineRun.Step s : r.steps()) {
        sb.append(s.line()).append('\n');
        s.outputs()
            .forEach((k, v) -> sb.append("      ").append(k).append(": ").append(v).append('\n'));
      }
      ctx.print(r, sb.toString());
    }
  }

  /** {@code pipeline watch FILE}. */
  @Command(
      name = "watch",
      mixinStandardHelpOptions = true,
      description = {
        "Run the pipeline whenever a trigger fires, until stopped (SIGTERM or Ctrl-C lets a run"
            + " in progress finish). At least one of --cron, --data, --drift.",
        "State (last run per trigger, files seen) is kept in the home: a restart neither replays"
            + " nor misses. Only one watcher per pipeline."
      })
  static final class Watch implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline file (YAML).")
    Path file;

    @Option(
        names = "--cron",
        paramLabel = "EXPR",
        description = "Schedule: Unix (5 fields) or Quartz (6-7 fields) cron expression.")
    String cron;

    @Option(
        names = "--zone",
        paramLabel = "ZONE",
        description = "Time zone of --cron, e.g. Europe/Paris (default UTC).")
    String zone = "UTC";

    @Option(
        names = "--data",
        paramLabel = "DIR",
        description = "Run when a data file lands in DIR (it becomes the next dataset version).")
    Path data;

    @Option(
        names = "--done-marker",
        description = "A file in --data is complete once FILE.done exists (default: size stable).")
    boolean doneMarker;

    @Option(
        names = "--stable-for",
        paramLabel = "SECONDS",
        description = "Seconds a file's size must stay the same to count (default 5).")
    long stableFor = 5;

    @Option(
        names = "--drift",
        paramLabel = "URL",
        description = "A scoring server's /metrics to poll for drift.")
    URI drift;

    @Option(
        names = "--drift-feature",
        paramLabel = "COL",
        description = "Watch this input column's PSI (default: the score's).")
    String driftFeature;

    @Option(
        names = "--drift-threshold",
        paramLabel = "PSI",
        description = "PSI above which a run starts (default 0.2).")
    double driftThreshold = 0.2;

    @Option(
        names = "--drift-min-rows",
        paramLabel = "N",
        description = "Scored rows the drift window must hold first (default 500).")
    long driftMinRows = 500;

    @Option(
        names = "--drift-cooldown",
        paramLabel = "MINUTES",
        description = "Least minutes between two drift runs (default 60).")
    long driftCooldown = 60;

    @Option(
        names = "--drift-every",
        paramLabel = "SECONDS",
        description = "Seconds between polls of --drift (default 30).")
    long driftEvery = 30;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      Pipeline p = Pipeline.read(file);
      Boostline home = ctx.boostline();
      PrintWriter out = ctx.out();
      PipelineWatcher.Builder b =
          PipelineWatcher.builder(p, home)
              .listener(e -> log(out, e))
              .runListener(new StepPrinter(out, false, ctx.err()))
              .doneMarker(doneMarker)
              .stableFor(Duration.ofSeconds(stableFor));
      if (cron != null) {
        try {
          b.schedule(Schedule.parse(cron, ZoneId.of(zone)));
        } catch (java.time.DateTimeException e) {
          throw new IllegalArgumentException("--zone " + zone + ": " + e.getMessage());
        }
      }
      if (data != null) {
        b.folder(data);
      }
      if (drift != null) {
        b.drift(
            new DriftTrigger(
                drift,
                p.spec().model().name(),
                Optional.ofNullable(driftFeature),
                driftThreshold,
                driftMinRows,
                Duration.ofMinutes(driftCooldown),
                Duration.ofSeconds(driftEvery)));
      }
      PipelineWatcher watcher = b.start();
      out.println(
          "watching pipeline "
              + p.name()
              + (cron != null ? "; schedule " + cron + " (" + zone + ")" : "")
              + (data != null ? "; data folder " + data : "")
              + (drift != null ? "; drift at " + drift : "")
              + " (Ctrl-C to stop)");
      out.flush();
      CountDownLatch stop = new CountDownLatch(1);
      Signals.onTerminate(stop::countDown);
      Runtime.getRuntime().addShutdownHook(new Thread(watcher::close, "boostline-watch-stop"));
      try {
        stop.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      out.println("stopping: a run in progress is allowed to finish");
      out.flush();
      watcher.close();
      System.exit(Main.OK);
    }

    private static void log(PrintWriter out, WatchEvent e) {
      synchronized (out) {
        out.println(
            DateTimeFormatter.ISO_INSTANT.format(
                    e.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                + " "
                + e.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + ": "
                + e.message());
        out.flush();
      }
    }
  }
}
