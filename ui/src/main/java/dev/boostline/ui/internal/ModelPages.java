package dev.boostline.ui.internal;

import dev.boostline.Boostline;
import dev.boostline.common.BoostlineException;
import dev.boostline.common.NotFoundException;
import dev.boostline.eval.Decision;
import dev.boostline.monitoring.CaptureFiles;
import dev.boostline.monitoring.Monitoring;
import dev.boostline.monitoring.RealisedPerformance;
import dev.boostline.registry.AliasMove;
import dev.boostline.registry.ModelRef;
import dev.boostline.registry.ModelVersion;
import dev.boostline.report.Axis;
import dev.boostline.report.Chart;
import dev.boostline.report.ComparisonReport;
import dev.boostline.report.HtmlFragment;
import dev.boostline.report.Rendering;
import io.javalin.http.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Models: the list, a model's versions, history, decisions, reports and monitoring; a version. */
public final class ModelPages {
  private static final List<String> PREFERRED =
      List.of("auc", "logloss", "pr_auc", "accuracy", "mlogloss", "rmse", "mae", "r2");

  private final Boostline home;

  public ModelPages(Boostline home) {
    this.home = home;
  }

  /** A model with its versions and aliases. */
  public record Row(String name, List<ModelVersion> versions, Map<String, Integer> aliases) {
    /** The newest version. */
    public ModelVersion latest() {
      return versions.get(versions.size() - 1);
    }
  }

  /** {@code GET /models}. */
  public void list(Context ctx) {
    List<Row> rows = new ArrayList<>();
    for (String name : home.models().names()) {
      List<ModelVersion> v = home.models().versions(name);
      if (!v.isEmpty()) {
        rows.add(new Row(name, v, home.models().aliases(name)));
      }
    }
    Web.page(ctx, "models.jte", "rows", rows);
  }

  /** A stored decision, rendered, and whether its report is kept. */
  public record DecisionItem(Decision decision, HtmlFragment html, boolean report) {}

  /** {@code GET /models/{name}}. */
  public void model(Context ctx) {
    String name = ctx.pathParam("name");
    List<ModelVersion> versions = versions(name);
    Map<String, Integer> aliases = home.models().aliases(name);
    List<AliasMove> history = new ArrayList<>(home.models().history(name));
    java.util.Collections.reverse(history);
    List<DecisionItem> decisions = decisions(name, Optional.empty());
    Optional<RealisedPerformance> performance = Monitoring.performance(home.home(), name);
    Web.page(
        ctx,
        "model.jte",
        "name",
        name,
        "versions",
        versions,
        "aliases",
        aliases,
        "history",
        history,
        "decisions",
        decisions,
        "metricsChart",
        metricsAcrossVersions(versions),
        "performance",
        performance,
        "performanceCharts",
        performance.map(ModelPages::performanceCharts).orElse(List.of()),
        "captureFiles",
        CaptureFiles.list(home.home(), name).size());
  }

  /** {@code GET /models/{name}/{version}}. */
  public void version(Context ctx) {
    String name = ctx.pathParam("name");
    versions(name);
    int v = Web.version("Model \"" + name + "\"", ctx.pathParam("version"));
    ModelVersion mv;
    try {
      mv = home.models().resolve(ModelRef.of(name, v));
    } catch (NotFoundException e) {
      throw new Web.NotFound("Model \"" + name + "\" has no version " + v + ".");
    }
    String card;
    try {
      card = home.modelCard(mv.ref(), Optional.empty());
    } catch (BoostlineException | java.io.UncheckedIOException e) {
      card = "The model card could not be made: " + e.getMessage();
    }
    List<String> aliases =
        home.models().aliases(name).entrySet().stream()
            .filter(e -> e.getValue() == v)
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    Web.page(
        ctx,
        "modelVersion.jte",
        "v",
        mv,
        "aliases",
        aliases,
        "decisions",
        decisions(name, Optional.of(v)),
        "card",
        card,
        "canRollback",
        home.models().aliases(name).containsKey("production"));
  }

  /**
   * {@code GET /models/{name}/reports/{id}}: the stored report as it is, in a sandbox (no script,
   * no request anywhere), for the frame on the model page.
   */
  public void report(Context ctx) {
    String name = ctx.pathParam("name");
    versions(name);
    String id = ctx.pathParam("id");
    Path file;
    try {
      file = ComparisonReport.stored(home.home(), name, id);
    } catch (IllegalArgumentException e) {
      throw new Web.NotFound("Model \"" + name + "\" has no report \"" + id + "\".");
    }
    if (!Files.isRegularFile(file)) {
      throw new Web.NotFound("Model \"" + name + "\" has no report \"" + id + "\".");
    }
    ctx.header(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.contentType("text/html; charset=utf-8");
    try {
      ctx.result(Files.readAllBytes(file));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + file, e);
    }
  }

  List<ModelVersion> versions(String name) {
    try {
      ModelRef.requireValidName(name);
    } catch (IllegalArgumentException e) {
      throw new Web.NotFound("There is no model \"" + name + "\" in this home.");
    }
    List<ModelVersion> v = home.models().versions(name);
    if (v.isEmpty()) {
      throw new Web.NotFound("There is no model \"" + name + "\" in this home.");
    }
    return v;
  }

  private List<DecisionItem> decisions(String name, Optional<Integer> version) {
    List<Decision> all = new ArrayList<>(home.decisions().list(name));
    java.util.Collections.reverse(all);
    List<DecisionItem> out = new ArrayList<>();
    for (Decision d : all) {
      if (version.isPresent() && d.candidate() != version.get()) {
        continue;
      }
      boolean report;
      try {
        report = Files.isRegularFile(ComparisonReport.stored(home.home(), name, d.id()));
      } catch (IllegalArgumentException e) {
        report = false;
      }
      out.add(new DecisionItem(d, Rendering.decision(d), report));
    }
    return out;
  }

  /** A legend entry: line color and what it shows. */
  public record Key(String color, String text) {}

  /** A chart with its legend. */
  public record Legended(HtmlFragment chart, List<Key> legend) {}

  /** Each version's validation metrics at training, one line per metric, across versions. */
  static Optional<Legended> metricsAcrossVersions(List<ModelVersion> versions) {
    Set<String> names = new LinkedHashSet<>();
    for (String p : PREFERRED) {
      if (versions.stream()
          .anyMatch(v -> v.metrics().getOrDefault("valid", Map.of()).containsKey(p))) {
        names.add(p);
      }
    }
    if (names.isEmpty()) {
      return Optional.empty();
    }
    List<String> shown = names.stream().limit(3).toList();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (ModelVersion v : versions) {
      for (String m : shown) {
        Double x = v.metrics().getOrDefault("valid", Map.of()).get(m);
        if (x != null && Double.isFinite(x)) {
          lo = Math.min(lo, x);
          hi = Math.max(hi, x);
        }
      }
    }
    List<String> labels = versions.stream().map(v -> "v" + v.version()).toList();
    Chart.Builder b =
        Chart.builder(Axis.categories(labels), Axis.nice(lo, hi, 5))
            .size(1100, 340)
            .titles("Version", "Validation metric at training")
            .description("Validation metrics of each version");
    int k = 0;
    List<Key> legend = new ArrayList<>();
    for (String m : shown) {
      double[] xs = new double[versions.size()];
      double[] ys = new double[versions.size()];
      List<String> titles = new ArrayList<>();
      for (int i = 0; i < versions.size(); i++) {
        xs[i] = i + 1;
        ys[i] =
            versions.get(i).metrics().getOrDefault("valid", Map.of()).getOrDefault(m, Double.NaN);
        titles.add("v" + versions.get(i).version() + " " + m + " " + Fmt.num(ys[i]));
      }
      String color = Chart.PALETTE.get(k++);
      b.line(xs, ys, color, 2).markers(xs, ys, color, titles);
      legend.add(new Key(color, m));
    }
    return Optional.of(new Legended(Rendering.chart(b.build()), legend));
  }

  /** A chart with a title, a caption and a legend, for monitoring. */
  public record Panel(String title, String caption, List<Key> legend, HtmlFragment chart) {}

  /** "day", "6 h", "15 min": the length of a performance window in words. */
  static String window(java.time.Duration d) {
    if (d.toDays() >= 1 && d.equals(java.time.Duration.ofDays(d.toDays()))) {
      return d.toDays() == 1 ? "day" : d.toDays() + " days";
    }
    if (d.toHours() >= 1 && d.equals(java.time.Duration.ofHours(d.toHours()))) {
      return d.toHours() + " h";
    }
    if (d.toMinutes() >= 1 && d.equals(java.time.Duration.ofMinutes(d.toMinutes()))) {
      return d.toMinutes() + " min";
    }
    return d.getSeconds() + " s";
  }

  /**
   * Realised performance: per window the primary metrics of each version as lines, and for a binary
   * model the calibration of the newest version.
   */
  static List<Panel> performanceCharts(RealisedPerformance p) {
    List<Panel> out = new ArrayList<>();
    if (p.windows().isEmpty()) {
      return out;
    }
    Set<String> metrics = new TreeSet<>();
    p.windows().forEach(w -> metrics.addAll(w.metrics().keySet()));
    List<String> shown = PREFERRED.stream().filter(metrics::contains).limit(2).toList();
    long from = p.windows().get(0).start().toEpochMilli();
    long to = p.windows().get(p.windows().size() - 1).start().toEpochMilli();
    long pad = Math.max(p.window().toMillis() / 2, 1000);
    Axis time = Axis.time(from - pad, to + pad, 7);
    Set<Integer> versions = new TreeSet<>();
    p.windows().forEach(w -> versions.add(w.version()));
    for (String m : shown) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (RealisedPerformance.Slice w : p.windows()) {
        Double v = w.metrics().get(m);
        if (v != null) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
      Chart.Builder b =
          Chart.builder(time, Axis.nice(lo, hi, 5))
              .titles("Window start (UTC)", m)
              .description("Realised " + m + " per window");
      int k = 0;
      List<Key> legend = new ArrayList<>();
      for (int version : versions) {
        List<RealisedPerformance.Slice> ws =
            p.windows().stream()
                .filter(w -> w.version() == version && w.metrics().containsKey(m))
                .toList();
        double[] xs = ws.stream().mapToDouble(w -> w.start().toEpochMilli()).toArray();
        double[] ys = ws.stream().mapToDouble(w -> w.metrics().get(m)).toArray();
        List<String> titles =
            ws.stream()
                .map(
                    w ->
                        "v"
                            + version
                            + " "
                            + Fmt.time(w.start())
                            + ": "
                            + m
                            + " "
                            + Fmt.num(w.metrics().get(m))
                            + " ("
                            + w.rows()
                            + " rows)")
                .toList();
        String color = Chart.PALETTE.get(k++ % Chart.PALETTE.size());
        b.line(xs, ys, color, 2).markers(xs, ys, color, titles);
        legend.add(new Key(color, "v" + version));
      }
      out.add(
          new Panel(
              "Realised " + m,
              "Per "
                  + window(p.window())
                  + " of scoring time and version, on the captured requests whose labels arrived.",
              legend,
              Rendering.chart(b.build())));
    }
    if (!p.calibration().isEmpty()) {
      double[] xs =
          p.calibration().stream().mapToDouble(RealisedPerformance.Bin::meanPredicted).toArray();
      double[] ys =
          p.calibration().stream().mapToDouble(RealisedPerformance.Bin::observedRate).toArray();
      List<String> titles =
          p.calibration().stream()
              .map(
                  c ->
                      Fmt.num(c.meanPredicted())
                          + " predicted, "
                          + Fmt.num(c.observedRate())
                          + " observed ("
                          + c.rows()
                          + " rows)")
              .toList();
      Chart chart =
          Chart.builder(Axis.unit(), Axis.unit())
              .titles("Mean predicted probability", "Observed positive rate")
              .description("Realised calibration")
              .reference(0, 0, 1, 1)
              .line(xs, ys, Chart.CANDIDATE_COLOR, 2)
              .markers(xs, ys, Chart.CANDIDATE_COLOR, titles)
              .build();
      out.add(
          new Panel(
              "Realised calibration",
              "Newest version, all labelled requests, 10 equal-width bins.",
              List.of(
                  new Key(Chart.CANDIDATE_COLOR, "observed"),
                  new Key(Chart.REFERENCE_COLOR, "perfectly calibrated")),
              Rendering.chart(chart)));
    }
    return out;
  }
}
