package dev.boostline.cli;

import dev.boostline.data.store.Registration;
import dev.boostline.monitoring.CaptureDatasets;
import dev.boostline.registry.ModelRef;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code boostline dataset add-capture NAME --since T}. */
@Command(
    name = "add-capture",
    mixinStandardHelpOptions = true,
    description = {
      "Register the requests captured for model NAME (serve --capture) since a time as the next"
          + " version of a dataset (default NAME-capture), with the labels received so far"
          + " (monitor labels) in the target column, so a pipeline can retrain on production"
          + " data. Rows without a label keep a missing target."
    })
final class DatasetAddCaptureCommand implements Runnable {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The served model.")
  String model;

  @Option(
      names = "--since",
      required = true,
      paramLabel = "T",
      description =
          "Start of the window: 2026-12-01, 2026-12-01T08:00, an ISO instant, or 24h (ago).")
  String since;

  @Option(names = "--until", paramLabel = "T", description = "End of the window (default now).")
  String until;

  @Option(
      names = "--dataset",
      paramLabel = "D",
      description = "Dataset to add the version to (default NAME-capture).")
  String dataset;

  @Override
  public void run() {
    Context ctx = new Context(spec);
    ModelRef.requireValidName(model);
    Registration r =
        CaptureDatasets.register(
            ctx.home(),
            model,
            parseTime(since, "--since"),
            Optional.ofNullable(until).map(u -> parseTime(u, "--until")),
            dataset != null ? dataset : model + "-capture");
    ctx.print(
        r.manifest(),
        (r.created() ? "registered " : "unchanged: ")
            + r.manifest().ref()
            + " ("
            + r.manifest().rows()
            + " rows; "
            + r.manifest().note().orElse("")
            + ")");
  }

  /** A date, local date-time (UTC), ISO instant or offset time, or a duration ago (24h, 7d). */
  static Instant parseTime(String text, String option) {
    String t = text.strip();
    try {
      if (t.matches("[0-9]+[dhms]")) {
        return Instant.now().minus(MonitorCommand.parseDuration(t));
      }
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      if (t.endsWith("Z") || t.matches(".*[+-][0-9]{2}:[0-9]{2}$")) {
        return OffsetDateTime.parse(t).toInstant();
      }
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          option
              + ": not a time: \""
              + text
              + "\" (expected 2026-12-01, 2026-12-01T08:00 (UTC), 2026-12-01T08:00:00Z or 24h)");
    }
  }
}
