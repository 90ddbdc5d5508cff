package dev.boostline.cli;

import dev.boostline.tracking.RunRecord;
import dev.boostline.tracking.RunStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code boostline runs ...}: recorded training runs. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "List, show and compare recorded training runs.",
    subcommands = {RunsCommand.ListRuns.class, RunsCommand.Show.class, RunsCommand.Compare.class})
final class RunsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a runs command is required");
  }

  /** {@code runs list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List runs, oldest first.")
  static final class ListRuns implements Runnable {
    @Spec CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Only runs on this dataset.")
    String dataset;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      List<RunRecord> runs = ctx.boostline().runs().list(Optional.ofNullable(dataset));
      TextTable t =
          new TextTable(
              "RUN", "STATUS", "DATASET", "TARGET", "OBJECTIVE", "BEST ROUND", "VALID METRICS");
      for (RunRecord r : runs) {
        t.row(
            r.runId(),
            r.status().name().toLowerCase(Locale.ROOT),
            r.dataset().name() + "@" + r.dataset().version(),
            r.target(),
            r.objective().orElse("-"),
            r.bestIteration().map(i -> Integer.toString(i + 1)).orElse("-"),
            metrics(r.metrics().getOrDefault("valid", Map.of())));
      }
      ctx.print(runs, t.isEmpty() ? "no runs\n" : t.toString());
    }
  }

  /** {@code runs show RUN}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show one run (a unique id prefix is enough).")
  static final class Show implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run id or a unique prefix.")
    String run;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      RunRecord r = ctx.boostline().runs().get(run);
      StringBuilder sb = new StringBuilder(summary(r));
      sb.append("\nparameters: ")
          .append(
              r.params().entrySet().stream()
                  .map(e -> e.getKey() + "=" + e.getValue())
                  .collect(Collectors.joining(" ")))
          .append('\n');
      sb.append("feature spec sha256: ").append(r.featureSpecSha256()).append('\n');
      sb.append("environment: boostline ")
          .append(r.environment().boostlineVersion())
          .append(", xgboost ")
          .append(r.environment().xgboostVersion())
          .append(", Java ")
          .append(r.environment().javaVersion())
          .append(", ")
          .append(r.environment().os())
          .append(' ')
          .append(r.environment().arch())
          .append(", ")
          .append(r.environment().cores())
          .append(" cores")
          .append(r.environment().gitCommit().map(c -> ", git " + c).orElse(""))
          .append('\n');
      r.cv()
          .ifPresent(
              cv -> {
                sb.append("cross-validation (").append(cv.k()).append(" folds): ");
                sb.append(
                    cv.mean().entrySet().stream()
                        .filter(e -> !e.getKey().equals("best_iteration"))
                        .map(
                            e ->
                                String.format(
                                    Locale.ROOT,
                                    "%s %.5f ± %.5f",
                                    e.getKey(),
                                    e.getValue(),
                                    cv.std().get(e.getKey())))
                        .collect(Collectors.joining(", ")));
                sb.append('\n');
              });
      r.search()
          .ifPresent(
              s -> {
                sb.append("search: ")
                    .append(s.trials().size())
                    .append(" trials on ")
                    .append(s.metric())
                    .append(", best trial ")
                    .append(s.best().number())
                    .append(" (")
                    .append(String.format(Locale.ROOT, "%.5f", s.best().score()))
                    .append(")\n");
                TextTable t = new TextTable("TRIAL", "ROUNDS", "BEST ROUND", "SCORE", "PARAMETERS");
                for (var trial : s.trials()) {
                  t.row(
                      trial.number(),
                      trial.rounds(),
                      trial.bestIteration() + 1,
                      String.format(Locale.ROOT, "%.5f", trial.score()),
                      trial.params());
                }
                sb.append(t);
              });
      Map<String, Double> gain = r.importance().getOrDefault("gain", Map.of());
      if (!gain.isEmpty()) {
        sb.append("top features by gain: ")
            .append(
                gain.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .limit(8)
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", ")))
            .append('\n');
      }
      r.notes().forEach(n -> sb.append("note: ").append(n).append('\n'));
      ctx.print(r, sb.toString());
    }
  }

  /** {@code runs compare RUN RUN ...}. */
  @Command(
      name = "compare",
      mixinStandardHelpOptions = true,
      description = "Compare runs side by side: metrics, and parameters that differ.")
  static final class Compare implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(
        arity = "2..*",
        paramLabel = "RUN",
        description = "Two or more run ids (or unique prefixes).")
    List<String> runs;

    @Override
    public void run() {
      Context ctx = new Context(spec);
      RunStore store = ctx.boostline().runs();
      List<RunRecord> records = runs.stream().map(store::get).toList();
      List<String> headers = new ArrayList<>(List.of(""));
      records.forEach(r -> headers.add(r.runId()));
      TextTable t = new TextTable(headers.toArray(String[]::new));
      row(t, "dataset", records, r -> r.dataset().name() + "@" + r.dataset().version());
      row(t, "objective", records, r -> r.objective().orElse("-"));
      row(
          t,
          "best round",
          records,
          r -> r.bestIteration().map(i -> Integer.toString(i + 1)).orElse("-"));
      Set<String> metricNames = new LinkedHashSet<>();
      records.forEach(
          r -> metricNames.addAll(r.metrics().getOrDefault("valid", Map.of()).keySet()));
      for (String m : metricNames) {
        row(t, "valid " + m, records, r -> fmt(r.metrics().getOrDefault("valid", Map.of()).get(m)));
      }
      Set<String> paramNames = new LinkedHashSet<>();
      records.forEach(r -> paramNames.addAll(r.params().keySet()));
      for (String p : paramNames) {
        Set<String> values =
            records.stream()
                .map(r -> String.valueOf(r.params().get(p)))
                .collect(Collectors.toSet());
        if (values.size() > 1) {
          row(t, p, records, r -> String.valueOf(r.params().getOrDefault(p, "-")));
        }
      }
      Set<String> specs =
          records.stream().map(RunRecord::featureSpecSha256).collect(Collectors.toSet());
      if (specs.size() > 1) {
        row(t, "feature spec", records, r -> r.featureSpecSha256().substring(0, 12));
      }
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("runs", records);
      ctx.print(json, t.toString());
    }

    private static void row(
        TextTable t,
        String name,
        List<RunRecord> records,
        java.util.function.Function<RunRecord, String> f) {
      List<Object> cells = new ArrayList<>();
      cells.add(name);
      records.forEach(r -> cells.add(f.apply(r)));
      t.row(cells.toArray());
    }
  }

  /** A few lines: id, status, dataset, objective, best round, metrics. */
  static String summary(RunRecord r) {
    StringBuilder sb = new StringBuilder();
    sb.append("run ")
        .append(r.runId())
        .append(" (")
        .append(r.status().name().toLowerCase(Locale.ROOT))
        .append(")\n");
    sb.append("  dataset:   ")
        .append(r.dataset().name())
        .append('@')
        .append(r.dataset().version())
        .append(", target ")
        .append(r.target())
        .append('\n');
    r.objective()
        .ifPresent(
            o ->
                sb.append("  objective: ")
                    .append(o)
                    .append(r.classes().isEmpty() ? "" : " " + r.classes())
                    .append('\n'));
    sb.append("  split:     ")
        .append(r.split().validation())
        .append(" — ")
        .append(r.split().trainRows())
        .append(" train / ")
        .append(r.split().validRows())
        .append(" valid rows");
    if (r.split().droppedRows() > 0) {
      sb.append(", ").append(r.split().droppedRows()).append(" dropped (missing target)");
    }
    sb.append('\n');
    r.bestIteration()
        .ifPresent(
            b ->
                sb.append("  rounds:    best ")
                    .append(b + 1)
                    .append(" of ")
                    .append(r.roundsTrained().orElse(0))
                    .append(" (")
                    .append(r.stoppingMetric().orElse(""))
                    .append(")\n"));
    for (String part : List.of("train", "valid")) {
      Map<String, Double> m = r.metrics().getOrDefault(part, Map.of());
      if (!m.isEmpty()) {
        sb.append(String.format(Locale.ROOT, "  %-10s %s%n", part + ":", metrics(m)));
      }
    }
    r.error().ifPresent(e -> sb.append("  error:     ").append(e).append('\n'));
    return sb.toString();
  }

  static String metrics(Map<String, Double> m) {
    return m.entrySet().stream()
        .map(e -> e.getKey() + " " + fmt(e.getValue()))
        .collect(Collectors.joining(", "));
  }

  static String fmt(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.5g", v);
  }
}
