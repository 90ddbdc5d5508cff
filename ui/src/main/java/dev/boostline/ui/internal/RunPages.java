package dev.boostline.ui.internal;

import dev.boostline.common.NotFoundException;
import dev.boostline.metrics.Metric;
import dev.boostline.report.Axis;
import dev.boostline.report.BarChart;
import dev.boostline.report.Chart;
import dev.boostline.report.HtmlFragment;
import dev.boostline.report.Rendering;
import dev.boostline.tracking.RunRecord;
import dev.boostline.tracking.RunStore;
import dev.boostline.train.CrossValidation;
import dev.boostline.train.HyperparameterSearch;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Runs: the table (filter, sort, page), one run, and a comparison of 2 to 10 runs. */
public final class RunPages {
  /** Most runs compared at once. */
  static final int MAX_COMPARE = 10;

  private static final Pattern RUN_ID = Pattern.compile("[0-9]{8}-[0-9]{6}-[0-9a-f]{6}");
  private static final List<String> PREFERRED =
      List.of("auc", "logloss", "pr_auc", "accuracy", "mlogloss", "macro_f1", "rmse", "mae", "r2");
  private static final List<String> KEY_PARAMS =
      List.of("eta", "max_depth", "rounds", "num_boost_round", "subsample", "min_child_weight");

  private final RunStore store;
  private final RunIndex index;
  private final int pageSize;

  public RunPages(RunStore store, RunIndex index, int pageSize) {
    this.store = store;
    this.index = index;
    this.pageSize = pageSize;
  }

  /**
   * One page of the runs table.
   *
   * @param metrics the metric columns shown (validation, at the best iteration)
   * @param params the parameter columns shown
   */
  public record Table(
      List<RunIndex.Summary> rows,
      int total,
      int matching,
      int page,
      int pages,
      List<String> metrics,
      List<String> params,
      List<String> datasets,
      String q,
      String dataset,
      String status,
      String sort,
      boolean descending) {
    /** The query string of this table with another sort (same filters, first page). */
    public String sortLink(String column) {
      boolean desc = column.equals(sort) ? !descending : true;
      return link(column, desc, 1);
    }

    /** The query string of another page. */
    public String pageLink(int p) {
      return link(sort, descending, p);
    }

    private String link(String s, boolean desc, int p) {
      StringBuilder b = new StringBuilder("?sort=").append(Fmt.url(s));
      b.append("&dir=").append(desc ? "desc" : "asc");
      if (!q.isEmpty()) {
        b.append("&q=").append(Fmt.url(q));
      }
      if (!dataset.isEmpty()) {
        b.append("&dataset=").append(Fmt.url(dataset));
      }
      if (!status.isEmpty()) {
        b.append("&status=").append(Fmt.url(status));
      }
      return b.append("&page=").append(p).toString();
    }

    /** The CSS class of a sortable header. */
    public String sortClass(String column) {
      return column.equals(sort) ? (descending ? "sort-desc" : "sort-asc") : "";
    }
  }

  /** {@code GET /runs}: filters {@code q}, {@code dataset}, {@code status}; sort; page. */
  public void list(Context ctx) {
    List<RunIndex.Summary> all = index.all();
    String q = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
    String dataset = Optional.ofNullable(ctx.queryParam("dataset")).orElse("").strip();
    String status = Optional.ofNullable(ctx.queryParam("status")).orElse("").strip();
    String sort = Optional.ofNullable(ctx.queryParam("sort")).orElse("started");
    boolean desc = !"asc".equals(ctx.queryParam("dir"));
    String needle = q.toLowerCase(Locale.ROOT);
    List<RunIndex.Summary> matching =
        all.stream()
            .filter(r -> dataset.isEmpty() || r.dataset().equals(dataset))
            .filter(r -> status.isEmpty() || r.status().equals(status))
            .filter(r -> needle.isEmpty() || matches(r, needle))
            .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    List<String> metrics = metricColumns(matching);
    matching.sort(comparator(sort, desc));
    int pages = Math.max(1, (matching.size() + pageSize - 1) / pageSize);
    int page = Math.min(Math.max(1, Web.intParam(ctx, "page", 1)), pages);
    List<RunIndex.Summary> rows =
        matching.subList(
            Math.min(matching.size(), (page - 1) * pageSize),
            Math.min(matching.size(), page * pageSize));
    List<String> params = paramColumns(rows);
    List<String> datasets =
        all.stream().map(RunIndex.Summary::dataset).distinct().sorted().toList();
    Web.page(
        ctx,
        "runs.jte",
        "t",
        new Table(
            List.copyOf(rows),
            all.size(),
            matching.size(),
            page,
            pages,
            metrics,
            params,
            datasets,
            q,
            dataset,
            status,
            sort,
            desc));
  }

  private static boolean matches(RunIndex.Summary r, String needle) {
    if (r.id().contains(needle)
        || r.datasetRef().toLowerCase(Locale.ROOT).contains(needle)
        || r.target().toLowerCase(Locale.ROOT).contains(needle)
        || r.objective().toLowerCase(Locale.ROOT).contains(needle)) {
      return true;
    }
    for (Map.Entry<String, String> p : r.params().entrySet()) {
      if ((p.getKey() + "=" + p.getValue()).toLowerCase(Locale.ROOT).contains(needle)) {
        return true;
      }
    }
    return false;
  }

  /** Up to four validation metrics, the preferred ones first, present in the runs. */
  private static List<String> metricColumns(List<RunIndex.Summary> runs) {
    Map<String, Integer> seen = new HashMap<>();
    for (RunIndex.Summary r : runs) {
      r.valid().keySet().forEach(k -> seen.merge(k, 1, Integer::sum));
    }
    List<String> out = new ArrayList<>();
    for (String m : PREFERRED) {
      if (seen.containsKey(m) && out.size() < 4) {
        out.add(m);
      }
    }
    seen.keySet().stream()
        .sorted()
        .filter(m -> !out.contains(m) && out.size() < 4)
        .forEach(out::add);
    return out;
  }

  private static List<String> paramColumns(List<RunIndex.Summary> runs) {
    Set<String> present = new TreeSet<>();
    runs.forEach(r -> present.addAll(r.params().keySet()));
    List<String> out = new ArrayList<>();
    for (String p : KEY_PARAMS) {
      if (present.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }

  private static Comparator<RunIndex.Summary> comparator(String sort, boolean desc) {
    Comparator<RunIndex.Summary> c;
    if (sort.startsWith("metric:")) {
      String m = sort.substring(7);
      // Runs without the metric go last whichever the direction.
      Comparator<RunIndex.Summary> byValue =
          Comparator.comparing(
              r -> r.valid().get(m), Comparator.nullsLast(Comparator.naturalOrder()));
      Comparator<RunIndex.Summary> directed =
          desc
              ? Comparator.comparing(
                  r -> r.valid().get(m), Comparator.nullsLast(Comparator.reverseOrder()))
              : byValue;
      return directed.thenComparing(RunIndex.Summary::id, Comparator.reverseOrder());
    }
    c =
        switch (sort) {
          case "dataset" -> Comparator.comparing(RunIndex.Summary::datasetRef);
          case "status" -> Comparator.comparing(RunIndex.Summary::status);
          case "target" -> Comparator.comparing(RunIndex.Summary::target);
          case "duration" ->
              Comparator.comparing(r -> r.duration().orElse(java.time.Duration.ZERO));
          case "iteration" -> Comparator.comparing(r -> r.bestIteration().orElse(-1));
          default -> Comparator.comparing(RunIndex.Summary::id);
        };
    c = desc ? c.reversed() : c;
    return c.thenComparing(RunIndex.Summary::id, Comparator.reverseOrder());
  }

  // ---- One run ----

  /** A chart with a title and a caption. */
  public record Figure(String title, String caption, HtmlFragment chart) {}

  /** {@code GET /runs/{id}}. */
  public void run(Context ctx) {
    RunRecord r = record(ctx.pathParam("id"));
    List<Map<String, Double>> rounds = store.metrics(r.runId());
    List<Figure> curves = curves(rounds, r);
    Optional<Figure> importance = importance(r);
    Optional<Figure> cv =
        r.cv()
            .filter(c -> c.mean().keySet().stream().anyMatch(m -> !m.equals("best_iteration")))
            .map(RunPages::cvChart);
    Optional<Figure> search =
        r.search().filter(x -> !x.trials().isEmpty()).map(RunPages::searchChart);
    Web.page(
        ctx,
        "run.jte",
        "r",
        r,
        "curves",
        curves,
        "importance",
        importance,
        "cv",
        cv,
        "search",
        search,
        "rounds",
        rounds.size());
  }

  private RunRecord record(String id) {
    if (!RUN_ID.matcher(id).matches()) {
      throw new Web.NotFound("There is no run \"" + id + "\" in this home.");
    }
    try {
      return store.get(id);
    } catch (NotFoundException e) {
      throw new Web.NotFound("There is no run \"" + id + "\" in this home.");
    }
  }

  /** Per metric, the train and validation curves over the rounds, the best round marked. */
  private static List<Figure> curves(List<Map<String, Double>> rounds, RunRecord r) {
    Set<String> names = new LinkedHashSet<>();
    for (Map<String, Double> m : rounds) {
      for (String k : m.keySet()) {
        int dash = k.indexOf('-');
        if (dash > 0 && !k.equals("iteration")) {
          names.add(k.substring(dash + 1));
        }
      }
    }
    List<Figure> out = new ArrayList<>();
    if (rounds.isEmpty()) {
      return out;
    }
    for (String metric : names) {
      double[] x = new double[rounds.size()];
      double[] train = new double[rounds.size()];
      double[] valid = new double[rounds.size()];
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < rounds.size(); i++) {
        Map<String, Double> m = rounds.get(i);
        x[i] = m.getOrDefault("iteration", (double) i);
        train[i] = m.getOrDefault("train-" + metric, Double.NaN);
        valid[i] = m.getOrDefault("valid-" + metric, Double.NaN);
        for (double v : new double[] {train[i], valid[i]}) {
          if (Double.isFinite(v)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
      }
      Axis xa = Axis.integers(0, Math.max(1, (int) x[x.length - 1]), 8, false);
      Chart.Builder b =
          Chart.builder(xa, Axis.nice(lo, hi, 5))
              .titles("Boosting round", metric)
              .description(metric + " per round, train and validation");
      if (r.bestIteration().isPresent()) {
        double best = r.bestIteration().get();
        b.reference(best, b.yMax(), best, Axis.nice(lo, hi, 5).min());
      }
      b.line(x, train, Chart.PRODUCTION_COLOR, 1.8).line(x, valid, Chart.CANDIDATE_COLOR, 2.2);
      out.add(
          new Figure(
              metric,
              "Orange: train (or a seeded sample of it); blue: validation"
                  + r.bestIteration().map(i -> "; dashed: best round " + i).orElse("")
                  + ".",
              Rendering.chart(b.build())));
    }
    return out;
  }

  private static Optional<Figure> importance(RunRecord r) {
    Map<String, Double> gain = r.importance().getOrDefault("gain", Map.of());
    if (gain.isEmpty()) {
      return Optional.empty();
    }
    List<Map.Entry<String, Double>> top =
        gain.entrySet().stream()
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
            .limit(20)
            .toList();
    return Optional.of(
        new Figure(
            "Feature importance",
            "Total gain per feature (top " + top.size() + " of " + gain.size() + ").",
            Rendering.bars(
                BarChart.of(
                    top.stream().map(Map.Entry::getKey).toList(),
                    top.stream().mapToDouble(Map.Entry::getValue).toArray(),
                    Chart.CANDIDATE_COLOR,
                    "Gain",
                    "Feature importance by gain"))));
  }

  /** Each fold's value per metric as dots, the mean with ± one standard deviation as a bar. */
  static Figure cvChart(CrossValidation.Result cv) {
    List<String> metrics =
        cv.mean().keySet().stream().filter(m -> !m.equals("best_iteration")).sorted().toList();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Map<String, Double> f : cv.folds()) {
      for (String m : metrics) {
        Double v = f.get(m);
        if (v != null && Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    for (String m : metrics) {
      double mean = cv.mean().get(m);
      double sd = cv.std().getOrDefault(m, 0.0);
      lo = Math.min(lo, mean - sd);
      hi = Math.max(hi, mean + sd);
    }
    Chart.Builder b =
        Chart.builder(Axis.categories(metrics), Axis.nice(lo, hi, 5))
            .titles("Metric", "Validation value")
            .description("Cross-validation folds with mean and standard deviation");
    double[] xs = new double[metrics.size()];
    double[] mean = new double[metrics.size()];
    double[] low = new double[metrics.size()];
    double[] high = new double[metrics.size()];
    for (int i = 0; i < metrics.size(); i++) {
      String m = metrics.get(i);
      xs[i] = i + 1;
      mean[i] = cv.mean().get(m);
      double sd = cv.std().getOrDefault(m, 0.0);
      low[i] = mean[i] - sd;
      high[i] = mean[i] + sd;
      double[] fx = new double[cv.folds().size()];
      double[] fy = new double[cv.folds().size()];
      List<String> titles = new ArrayList<>();
      for (int f = 0; f < fx.length; f++) {
        fx[f] = i + 1 - 0.15 + 0.3 * f / Math.max(1, fx.length - 1);
        fy[f] = cv.folds().get(f).getOrDefault(m, Double.NaN);
        titles.add("fold " + (f + 1) + ": " + m + " " + Fmt.num(fy[f]));
      }
      b.markers(fx, fy, Chart.PALETTE.get(2), titles);
    }
    b.errorBars(xs, low, high, Chart.CANDIDATE_COLOR);
    List<String> titles = new ArrayList<>();
    for (int i = 0; i < metrics.size(); i++) {
      titles.add(metrics.get(i) + " mean " + Fmt.num(mean[i]) + " ± " + Fmt.num(high[i] - mean[i]));
    }
    b.markers(xs, mean, Chart.CANDIDATE_COLOR, titles);
    return new Figure(
        cv.k() + "-fold cross-validation",
        "Green: each fold's validation value; blue: the mean with ± one standard deviation.",
        Rendering.chart(b.build()));
  }

  static Figure searchChart(HyperparameterSearch.Result s) {
    int n = s.trials().size();
    double[] x = new double[n];
    double[] y = new double[n];
    List<String> titles = new ArrayList<>();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      HyperparameterSearch.Trial t = s.trials().get(i);
      x[i] = t.number();
      y[i] = t.score();
      if (Double.isFinite(t.score())) {
        lo = Math.min(lo, t.score());
        hi = Math.max(hi, t.score());
      }
      titles.add("trial " + t.number() + ": " + Fmt.num(t.score()) + " " + t.params());
    }
    Chart.Builder b =
        Chart.builder(
                Axis.integers(
                    Math.min(
                        1,
                        s.trials().stream()
                            .mapToInt(HyperparameterSearch.Trial::number)
                            .min()
                            .orElse(1)),
                    Math.max(
                        2,
                        s.trials().stream()
                            .mapToInt(HyperparameterSearch.Trial::number)
                            .max()
                            .orElse(2)),
                    8,
                    true),
                Axis.nice(lo, hi, 5))
            .titles("Trial", s.metric())
            .description("Search trials and their scores");
    b.markers(x, y, Chart.PALETTE.get(3), titles);
    b.markers(
        new double[] {s.best().number()},
        new double[] {s.best().score()},
        Chart.CANDIDATE_COLOR,
        List.of("best: trial " + s.best().number()));
    return new Figure(
        "Search trials",
        n
            + " trials scored by "
            + s.metric()
            + " ("
            + (s.maximize() ? "higher" : "lower")
            + " is better); blue: the best.",
        Rendering.chart(b.build()));
  }

  // ---- Compare ----

  /** One compared field: its name and each run's value; {@code differs} when not all equal. */
  public record Field(String group, String name, List<String> values, boolean differs) {}

  /** {@code GET /runs/compare?id=A&id=B...&diff=1}. */
  public void compare(Context ctx) {
    List<String> ids =
        ctx.queryParams("id").stream()
            .flatMap(s -> java.util.Arrays.stream(s.split(",")))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .distinct()
            .toList();
    if (ids.size() < 2 || ids.size() > MAX_COMPARE) {
      throw new Web.Refused(
          400,
          "compare 2 to "
              + MAX_COMPARE
              + " runs (select them in the runs table); got "
              + ids.size());
    }
    List<RunRecord> runs = ids.stream().map(this::record).toList();
    boolean onlyDiff = "1".equals(ctx.queryParam("diff"));
    List<Field> fields = new ArrayList<>();
    field(fields, "run", "status", runs, r -> r.status().name().toLowerCase(Locale.ROOT));
    field(fields, "run", "dataset", runs, r -> r.dataset().name() + "@" + r.dataset().version());
    field(fields, "run", "target", runs, RunRecord::target);
    field(fields, "run", "objective", runs, r -> r.objective().orElse(""));
    field(
        fields,
        "run",
        "best iteration",
        runs,
        r -> r.bestIteration().map(String::valueOf).orElse(""));
    field(
        fields,
        "run",
        "rounds trained",
        runs,
        r -> r.roundsTrained().map(String::valueOf).orElse(""));
    field(fields, "run", "split", runs, r -> r.split().validation());
    field(fields, "run", "feature spec", runs, r -> Fmt.sha(r.featureSpecSha256()));
    Set<String> metricNames = new TreeSet<>();
    runs.forEach(r -> metricNames.addAll(r.metrics().getOrDefault("valid", Map.of()).keySet()));
    for (String m : metricNames) {
      field(
          fields,
          "validation metrics (best iteration)",
          m,
          runs,
          r -> Fmt.metric(r.metrics().getOrDefault("valid", Map.of()), m));
    }
    Set<String> paramNames = new TreeSet<>();
    runs.forEach(r -> paramNames.addAll(r.params().keySet()));
    for (String p : paramNames) {
      field(
          fields,
          "parameters",
          p,
          runs,
          r -> r.params().containsKey(p) ? String.valueOf(r.params().get(p)) : "");
    }
    Set<String> env = new TreeSet<>();
    for (RunRecord r : runs) {
      env.addAll(environment(r).keySet());
    }
    for (String e : env) {
      field(fields, "environment", e, runs, r -> environment(r).getOrDefault(e, ""));
    }
    List<Field> shown = onlyDiff ? fields.stream().filter(Field::differs).toList() : fields;
    // Repeated runs: the spread of each metric over the compared runs.
    List<Stat> spread = new ArrayList<>();
    for (String m : metricNames) {
      double[] v =
          runs.stream()
              .map(r -> r.metrics().getOrDefault("valid", Map.of()).get(m))
              .filter(Objects::nonNull)
              .mapToDouble(Double::doubleValue)
              .toArray();
      if (v.length >= 2) {
        double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
        double ss = 0;
        for (double x : v) {
          ss += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(ss / (v.length - 1));
        spread.add(
            new Stat(
                m,
                v.length,
                mean,
                sd,
                java.util.Arrays.stream(v).min().orElse(0),
                java.util.Arrays.stream(v).max().orElse(0)));
      }
    }
    Optional<Figure> overlay = overlay(runs);
    Web.page(
        ctx,
        "compare.jte",
        "runs",
        runs,
        "fields",
        shown,
        "onlyDiff",
        onlyDiff,
        "differing",
        (int) fields.stream().filter(Field::differs).count(),
        "spread",
        spread,
        "overlay",
        overlay,
        "query",
        ids.stream().map(i -> "id=" + i).reduce((a, b) -> a + "&" + b).orElse(""));
  }

  /** The mean and spread of a metric over the compared runs. */
  public record Stat(String metric, int runs, double mean, double sd, double min, double max) {}

  private static Map<String, String> environment(RunRecord r) {
    Map<String, String> out = new LinkedHashMap<>();
    try {
      com.fasterxml.jackson.databind.JsonNode n =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
              .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
              .valueToTree(r.environment());
      n.properties()
          .forEach(
              e ->
                  out.put(
                      e.getKey(),
                      e.getValue().isValueNode()
                          ? e.getValue().asText()
                          : e.getValue().toString()));
    } catch (IllegalArgumentException e) {
      out.put("environment", String.valueOf(r.environment()));
    }
    return out;
  }

  private static void field(
      List<Field> out,
      String group,
      String name,
      List<RunRecord> runs,
      java.util.function.Function<RunRecord, String> value) {
    List<String> values = runs.stream().map(value).toList();
    out.add(new Field(group, name, values, new java.util.HashSet<>(values).size() > 1));
  }

  /** The validation curve of the first shared metric, one line per run. */
  private Optional<Figure> overlay(List<RunRecord> runs) {
    Map<String, List<Map<String, Double>>> rounds = new LinkedHashMap<>();
    Set<String> metrics = null;
    for (RunRecord r : runs) {
      List<Map<String, Double>> m = store.metrics(r.runId());
      rounds.put(r.runId(), m);
      Set<String> names = new TreeSet<>();
      if (!m.isEmpty()) {
        m.get(0).keySet().stream().filter(k -> k.startsWith("valid-")).forEach(names::add);
      }
      if (metrics == null) {
        metrics = names;
      } else {
        metrics.retainAll(names);
      }
    }
    if (metrics == null || metrics.isEmpty()) {
      return Optional.empty();
    }
    String key =
        metrics.stream()
            .min(
                Comparator.comparing(
                    (String k) -> {
                      int i = PREFERRED.indexOf(k.substring(6));
                      return i < 0 ? 99 : i;
                    }))
            .orElseThrow();
    int maxRound = 1;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (List<Map<String, Double>> m : rounds.values()) {
      maxRound = Math.max(maxRound, m.size() - 1);
      for (Map<String, Double> row : m) {
        Double v = row.get(key);
        if (v != null && Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    Chart.Builder b =
        Chart.builder(Axis.integers(0, maxRound, 8, false), Axis.nice(lo, hi, 5))
            .titles("Boosting round", key)
            .description(key + " per round of each compared run");
    int k = 0;
    for (List<Map<String, Double>> m : rounds.values()) {
      double[] x = new double[m.size()];
      double[] y = new double[m.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = m.get(i).getOrDefault("iteration", (double) i);
        y[i] = m.get(i).getOrDefault(key, Double.NaN);
      }
      b.line(x, y, Chart.PALETTE.get(k++ % Chart.PALETTE.size()), 2);
    }
    return Optional.of(
        new Figure(
            key + " per round",
            "One line per run, in the order of the columns; the metric "
                + (Metric.find(key.substring(6)).map(Metric::higherIsBetter).orElse(true)
                    ? "is better higher."
                    : "is better lower."),
            Rendering.chart(b.build())));
  }
}
