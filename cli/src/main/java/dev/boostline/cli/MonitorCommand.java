package dev.boostline.cli;

import dev.boostline.monitoring.Monitoring;
import dev.boostline.monitoring.RealisedPerformance;
import dev.boostline.registry.ModelRef;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code boostline monitor ...}: performance monitoring of served models. */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description = "Monitor served models with the requests they captured (serve --capture).",
    subcommands = {MonitorCommand.Labels.class})
final class MonitorCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a monitor command is required");
  }

  /** {@code monitor labels NAME FILE --id COL --label COL}. */
  @Command(
      name = "labels",
      mixinStandardHelpOptions = true,
      description = {
        "Join ground truth that arrived later (a CSV file) to the requests captured for model"
            + " NAME, and record its realised performance per time window and model version"
            + " (AUC, log loss, calibration... for classifiers; RMSE, MAE... for regression) in"
            + " <home>/monitoring/NAME/performance.json. The UI plots it.",
        "The id is matched against the captured column of the same name when the records have"
            + " one, else against the request id (X-Request-Id; the n-th record of a batch is"
            + " <id>#n, the first <id>). Labels accumulate: a later file adds to earlier ones."
      })
  static final class Labels implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The served model.")
    String name;

    @Parameters(index = "1", paramLabel = "FILE", description = "CSV with an id and a label.")
    Path file;

    @Option(names = "--id", required = true, paramLabel = "COL", description = "Id column.")
    String id;

    @Option(
        names = "--label",
        required = true,
        paramLabel = "COL",
        description = "Column with the true class or value.")
    String label;

    @Option(
        names = "--window",
        paramLabel = "DURATION",
        description = "Length of a performance window: 1d (default), 6h, 15m, or ISO-8601 (PT1H).")
    String window = "1d";

    @Override
    public void run() {
      Context ctx = new Context(spec);
      ModelRef.requireValidName(name);
      Monitoring.LabelsAdded r =
          Monitoring.addLabels(ctx.home(), name, file, id, label, parseDuration(window));
      RealisedPerformance p = r.performance();
      StringBuilder sb = new StringBuilder();
      sb.append(
          String.format(
              Locale.ROOT,
              "%d labels stored (matched on %s); %d of %d captured requests labelled, %d labels matched nothing%n",
              r.labels(),
              r.matchedOn(),
              p.labelledRows(),
              p.capturedRows(),
              p.unmatchedLabels()));
      TextTable t = new TextTable("WINDOW", "VERSION", "ROWS", "METRICS");
      for (RealisedPerformance.Slice s : p.windows()) {
        t.row(
            s.start().toString(), "v" + s.version(), Long.toString(s.rows()), metrics(s.metrics()));
      }
      sb.append(t);
      ctx.print(p, sb.toString());
    }

    private static String metrics(Map<String, Double> m) {
      StringBuilder sb = new StringBuilder();
      new TreeMap<>(m)
          .forEach(
              (k, v) ->
                  sb.append(sb.length() == 0 ? "" : " ")
                      .append(k)
                      .append('=')
                      .append(String.format(Locale.ROOT, "%.4f", v)));
      return sb.toString();
    }
  }

  /** "1d", "6h", "15m", "30s" or ISO-8601. */
  static Duration parseDuration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.matches("[0-9]+[dhms]")) {
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        Duration d =
            switch (t.charAt(t.length() - 1)) {
              case 'd' -> Duration.ofDays(n);
              case 'h' -> Duration.ofHours(n);
              case 'm' -> Duration.ofMinutes(n);
              default -> Duration.ofSeconds(n);
            };
        if (!d.isZero()) {
          return d;
        }
      } else {
        Duration d = Duration.parse(text.strip());
        if (!d.isNegative() && !d.isZero()) {
          return d;
        }
      }
    } catch (DateTimeParseException | NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "not a duration: \"" + text + "\" (expected e.g. 1d, 6h, 15m, 30s or PT1H)");
  }
}
