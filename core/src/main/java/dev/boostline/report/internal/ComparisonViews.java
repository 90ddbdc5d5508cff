package dev.boostline.report.internal;

import static dev.boostline.report.Format.DASH;
import static dev.boostline.report.Format.decimals;
import static dev.boostline.report.Format.fixed;
import static dev.boostline.report.Format.pValue;
import static dev.boostline.report.Format.plain;
import static dev.boostline.report.Format.signed;
import static dev.boostline.report.Format.trimPercent;

import dev.boostline.eval.Check;
import dev.boostline.eval.Comparison;
import dev.boostline.eval.Comparison.SliceResult;
import dev.boostline.eval.PromotionPolicy;
import dev.boostline.metrics.DeLong;
import dev.boostline.metrics.Interval;
import dev.boostline.metrics.Metric;
import dev.boostline.report.BarChart;
import dev.boostline.report.Chart;
import dev.boostline.report.Format;
import dev.boostline.report.internal.Views.Badge;
import dev.boostline.report.internal.Views.Cell;
import dev.boostline.report.internal.Views.Features;
import dev.boostline.report.internal.Views.Forest;
import dev.boostline.report.internal.Views.Header;
import dev.boostline.report.internal.Views.MetricRow;
import dev.boostline.report.internal.Views.MetricTable;
import dev.boostline.report.internal.Views.Pair;
import dev.boostline.report.internal.Views.Reason;
import dev.boostline.report.internal.Views.Report;
import dev.boostline.report.internal.Views.Segment;
import dev.boostline.report.internal.Views.SliceRow;
import dev.boostline.report.internal.Views.SliceTable;
import dev.boostline.report.internal.Views.Tile;
import dev.boostline.report.internal.Views.TileValue;
import dev.boostline.report.internal.Views.Verdict;
import dev.boostline.task.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the {@link Views.Report} of a comparison: the numbers and words of every section, ready
 * for the templates. Stateless.
 */
public final class ComparisonViews {
  /** Most points drawn per ROC or precision-recall curve. */
  public static final int MAX_CURVE_POINTS = 200;

  /** Most rows drawn in the regression scatter, a sample seeded by the policy's seed. */
  public static final int MAX_SCATTER_POINTS = 2000;

  /** Features shown in the mean |SHAP| chart. */
  public static final int TOP_FEATURES = 15;

  /** Largest number of classes shown in a confusion matrix. */
  public static final int MAX_MATRIX_CLASSES = 20;

  private static final List<String> METRIC_ORDER =
      List.of(
          "auc",
          "pr_auc",
          "logloss",
          "brier",
          "accuracy",
          "precision",
          "recall",
          "f1",
          "ece",
          "macro_f1",
          "mlogloss",
          "rmse",
          "mae",
          "r2",
          "mape");
  private static final Map<String, String> METRIC_NAMES =
      Map.ofEntries(
          Map.entry("auc", "ROC AUC"),
          Map.entry("pr_auc", "PR AUC (average precision)"),
          Map.entry("logloss", "log loss"),
          Map.entry("brier", "Brier score"),
          Map.entry("accuracy", "accuracy"),
          Map.entry("precision", "precision"),
          Map.entry("recall", "recall"),
          Map.entry("f1", "F1"),
          Map.entry("ece", "expected calibration error"),
          Map.entry("macro_f1", "macro F1"),
          Map.entry("mlogloss", "multiclass log loss"),
          Map.entry("rmse", "RMSE"),
          Map.entry("mae", "MAE"),
          Map.entry("r2", "R\u00b2"),
          Map.entry("mape", "MAPE (fraction)"));

  private ComparisonViews() {}

  /** The report of a comparison. */
  public static Report of(Comparison c) {
    return new Report(
        c.model()
            + " v"
            + c.candidateVersion()
            + c.productionVersion().map(v -> " vs v" + v).orElse("")
            + " \u2013 "
            + c.verdict(),
        header(c),
        verdict(c),
        tiles(c),
        metricTable(c),
        ComparisonCharts.of(c),
        slices(c),
        features(c),
        policy(c),
        c.id(),
        Format.time(c.at()));
  }

  static String candidateName(Comparison c) {
    return "candidate v" + c.candidateVersion();
  }

  static String productionName(Comparison c) {
    return c.productionVersion().map(v -> "production v" + v).orElse("production");
  }

  /** A metric's display name in the report, or its key when unknown. */
  public static String metricName(String m) {
    return METRIC_NAMES.getOrDefault(m, m);
  }

  // ---- Header ----

  private static Header header(Comparison c) {
    List<Segment> meta = new ArrayList<>();
    meta.add(Segment.text(c.task().name().toLowerCase(Locale.ROOT)));
    if (c.task() == Task.BINARY && c.classes().size() == 2) {
      meta.add(Segment.text(", positive class "));
      meta.add(Segment.code(c.classes().get(1)));
    } else if (c.task() == Task.MULTICLASS) {
      meta.add(Segment.text(", " + c.classes().size() + " classes"));
    }
    meta.add(Segment.text(" \u00b7 dataset "));
    meta.add(Segment.code(c.dataset()));
    meta.add(
        Segment.text(
            " \u00b7 "
                + String.format(Locale.ROOT, "%,d", c.candidate().size())
                + " rows"
                + (c.candidate().weights() == null ? "" : " (weighted)")));
    if (!c.alias().isEmpty()) {
      meta.add(Segment.text(" \u00b7 alias "));
      meta.add(Segment.code(c.alias()));
    }
    meta.add(Segment.text(" \u00b7 " + Format.time(c.at())));
    return new Header(
        c.model(),
        candidateName(c),
        c.production().isPresent() ? Optional.of(productionName(c)) : Optional.empty(),
        meta);
  }

  // ---- Verdict ----

  private static Verdict verdict(Comparison c) {
    boolean promote = c.verdict() == dev.boostline.eval.Verdict.PROMOTE;
    return verdict(
        promote,
        c.candidateVersion(),
        c.production().isPresent() ? Optional.of(productionName(c)) : Optional.empty(),
        c.alias(),
        c.checks());
  }

  static Verdict verdict(
      boolean promote,
      int candidate,
      Optional<String> production,
      String alias,
      List<Check> checks) {
    List<Segment> s = new ArrayList<>();
    List<Segment> aliasPart =
        alias.isEmpty() ? List.of() : List.of(Segment.text(" behind alias "), Segment.code(alias));
    if (production.isPresent()) {
      s.add(Segment.text("Candidate v" + candidate));
      if (promote) {
        s.add(Segment.text(" meets the promotion policy and may replace " + production.get()));
      } else {
        s.add(Segment.text(" does not meet the promotion policy; " + production.get() + " stays"));
      }
      s.addAll(aliasPart);
      s.add(Segment.text("."));
    } else if (promote) {
      s.add(
          Segment.text(
              "There is no production model; candidate v"
                  + candidate
                  + " meets the absolute bounds and may be served"));
      s.addAll(aliasPart);
      s.add(Segment.text("."));
    } else {
      s.add(
          Segment.text(
              "There is no production model; candidate v"
                  + candidate
                  + " does not meet the absolute bounds."));
    }
    long passed = checks.stream().filter(Check::passed).count();
    long failed = checks.stream().filter(Check::failed).count();
    List<Reason> reasons = new ArrayList<>();
    for (Check check : checks) {
      reasons.add(new Reason(check.outcome().name().toLowerCase(Locale.ROOT), check.reason()));
    }
    return new Verdict(
        promote,
        promote ? "PROMOTE" : "REJECT",
        s,
        passed + " check" + (passed == 1 ? "" : "s") + " passed, " + failed + " failed",
        reasons);
  }

  // ---- Key numbers ----

  private static List<Tile> tiles(Comparison c) {
    List<Tile> tiles = new ArrayList<>();
    String primary = c.policy().primary(c.task()).id();
    Direction dir = Direction.of(primary);
    Interval ci = c.candidateMetrics().get(primary);
    Interval pi = c.productionMetrics().get(primary);
    int d = decimals(ci, pi);
    List<TileValue> pair = new ArrayList<>();
    pair.add(
        new TileValue(
            ci == null ? DASH : fixed(ci.estimate(), d),
            "cand-text",
            candidateName(c) + (ci == null ? "" : " " + bounds(ci, d))));
    if (c.production().isPresent()) {
      pair.add(
          new TileValue(
              pi == null ? DASH : fixed(pi.estimate(), d),
              "prod-text",
              productionName(c) + (pi == null ? "" : " " + bounds(pi, d))));
    }
    tiles.add(
        new Tile(
            metricName(primary) + dir.arrow() + " \u00b7 primary metric", true, pair, List.of()));
    Interval diff = c.differences().get(primary);
    if (diff != null) {
      int dd = Math.min(d + 1, 6);
      List<String> notes = new ArrayList<>();
      Double p = c.probabilityBetter().get(primary);
      if (p != null) {
        notes.add(
            "P(better) " + fixed(p, 3) + ", needs \u2265 " + fixed(c.policy().confidence(), 2));
      }
      tiles.add(
          new Tile(
              "Change in " + metricName(primary),
              false,
              List.of(
                  new TileValue(
                      signed(diff.estimate(), dd),
                      dir.tone(diff.estimate()),
                      signedBounds(diff, dd))),
              notes));
    }
    if (c.delong().isPresent()) {
      DeLong.Result r = c.delong().get();
      tiles.add(
          new Tile(
              "DeLong test",
              false,
              List.of(
                  new TileValue(
                      "p " + pValue(r.pValue()),
                      "",
                      "\u0394AUC " + signed(r.difference(), 4) + ", z " + fixed(r.z(), 2))),
              List.of("SE " + fixed(r.standardError(), 4) + ", two-sided")));
    }
    if (c.agreement().isPresent()) {
      double a = c.agreement().get();
      boolean regression = c.task() == Task.REGRESSION;
      tiles.add(
          new Tile(
              "Agreement",
              false,
              List.of(
                  new TileValue(
                      regression ? fixed(a, 3) : Double.isNaN(a) ? DASH : fixed(100 * a, 1) + "%",
                      "",
                      regression
                          ? "correlation of the two models\u2019 predictions"
                          : "of rows get the same predicted label")),
              List.of()));
    }
    tiles.add(
        new Tile(
            "Evaluated rows",
            false,
            List.of(
                new TileValue(
                    String.format(Locale.ROOT, "%,d", c.candidate().size()),
                    "",
                    c.policy().resamples() + " bootstrap resamples")),
            List.of()));
    return tiles;
  }

  // ---- Metric table ----

  private static MetricTable metricTable(Comparison c) {
    boolean paired = c.production().isPresent() && !c.differences().isEmpty();
    String primary = c.policy().primary(c.task()).id();
    Map<String, Double> bounds = c.production().isPresent() ? Map.of() : bounds(c);
    List<MetricRow> rows = new ArrayList<>();
    for (String m : metricNames(c.candidateMetrics(), c.productionMetrics(), c.differences())) {
      Interval ci = c.candidateMetrics().get(m);
      Interval pi = c.productionMetrics().get(m);
      Interval di = c.differences().get(m);
      PolicyCell policy = policyCell(c, m, ci, di, bounds);
      rows.add(
          metricRow(
              m,
              m.equals(primary),
              ci,
              c.production().isPresent(),
              pi,
              di,
              paired,
              paired ? probability(c.probabilityBetter().get(m)) : "",
              policy.badge(),
              policy.note()));
    }
    StringBuilder note =
        new StringBuilder("Each value is the estimate on all rows with its bootstrap percentile")
            .append(" interval in brackets (")
            .append(c.policy().resamples())
            .append(" resamples, seed ")
            .append(c.policy().seed())
            .append(").");
    if (paired) {
      note.append(" Differences are candidate minus production from a paired bootstrap (the same")
          .append(" resampled rows for both models); P(better) is the share of resamples in which")
          .append(" the candidate is better. Green marks a change in the better direction.");
    }
    note.append(" \u2191 higher is better, \u2193 lower is better.");
    if (c.task() == Task.BINARY) {
      note.append(" Threshold metrics use p \u2265 ")
          .append(fixed(c.policy().decisionThreshold(), 2))
          .append('.');
    }
    return new MetricTable(
        candidateName(c),
        c.production().isPresent() ? Optional.of(productionName(c)) : Optional.empty(),
        paired,
        paired,
        true,
        rows,
        note.toString());
  }

  private static String probability(Double p) {
    return p == null ? DASH : fixed(p, 3);
  }

  /**
   * One row of a metric table: a production column when {@code hasProduction}, difference and
   * forest columns when {@code paired}; a null interval shows as a dash.
   */
  static MetricRow metricRow(
      String m,
      boolean primary,
      Interval ci,
      boolean hasProduction,
      Interval pi,
      Interval di,
      boolean paired,
      String probabilityBetter,
      Optional<Badge> badge,
      String policyNote) {
    Direction dir = Direction.of(m);
    int d = decimals(ci, pi);
    Optional<Cell> prodCell =
        hasProduction ? Optional.of(intervalCell(pi, d, "")) : Optional.empty();
    Optional<Cell> diffCell = Optional.empty();
    Optional<Forest> forest = Optional.empty();
    if (paired) {
      if (di == null) {
        diffCell = Optional.of(new Cell(DASH, "", ""));
      } else {
        int dd = Math.min(d + 1, 6);
        diffCell =
            Optional.of(
                new Cell(signed(di.estimate(), dd), signedBounds(di, dd), dir.tone(di.estimate())));
        forest = Optional.of(forest(di, dir));
      }
    }
    return new MetricRow(
        metricName(m),
        dir.arrow(),
        m,
        primary,
        intervalCell(ci, d, ""),
        prodCell,
        diffCell,
        forest,
        probabilityBetter,
        badge,
        policyNote);
  }

  private record PolicyCell(Optional<Badge> badge, String note) {
    static final PolicyCell EMPTY = new PolicyCell(Optional.empty(), "");
  }

  private static PolicyCell policyCell(
      Comparison c, String m, Interval ci, Interval di, Map<String, Double> bounds) {
    PromotionPolicy p = c.policy();
    String primary = p.primary(c.task()).id();
    Direction dir = Direction.of(m);
    if (c.production().isPresent()) {
      if (di == null || ci == null) {
        return PolicyCell.EMPTY;
      }
      if (m.equals(primary)) {
        double gain = dir.gain(di.estimate());
        Double better = c.probabilityBetter().get(m);
        boolean ok = gain > p.minImprovement() && better != null && better >= p.confidence();
        return new PolicyCell(
            Optional.of(new Badge(ok)),
            "gain > " + plain(p.minImprovement()) + ", P \u2265 " + fixed(p.confidence(), 2));
      }
      if (dir == Direction.UNKNOWN) {
        return PolicyCell.EMPTY;
      }
      double base = ci.estimate() - di.estimate();
      double worse = -dir.gain(di.estimate());
      double allowed = p.allowedRegression(m) * Math.max(Math.abs(base), 1e-12);
      String limit = trimPercent(100 * p.allowedRegression(m)) + "%";
      if (worse > allowed) {
        return new PolicyCell(
            Optional.of(new Badge(false)),
            (base == 0 ? "worse" : fixed(100 * worse / Math.abs(base), 1) + "% worse")
                + ", allowed "
                + limit);
      }
      return new PolicyCell(Optional.empty(), "within " + limit);
    }
    Double bound = bounds.get(m);
    if (bound == null || ci == null || dir == Direction.UNKNOWN) {
      return PolicyCell.EMPTY;
    }
    boolean higher = dir == Direction.HIGHER;
    boolean pass = higher ? ci.estimate() > bound : ci.estimate() < bound;
    return new PolicyCell(Optional.of(new Badge(pass)), (higher ? "> " : "< ") + plain(bound));
  }

  /** The absolute bounds the policy applies without a production model. */
  private static Map<String, Double> bounds(Comparison c) {
    if (!c.policy().thresholds().isEmpty()) {
      return c.policy().thresholds();
    }
    return switch (c.task()) {
      case BINARY -> Map.of("auc", 0.5);
      case MULTICLASS -> Map.of("accuracy", 1.0 / Math.max(1, c.classes().size()));
      case REGRESSION -> Map.of("r2", 0.0);
    };
  }

  /** A small interval plot on a symmetric scale around 0, colored by the direction it supports. */
  private static Forest forest(Interval d, Direction dir) {
    double lo = d.lower();
    double hi = d.upper();
    double e = d.estimate();
    double scale = 0;
    for (double v : new double[] {lo, hi, e}) {
      if (Double.isFinite(v)) {
        scale = Math.max(scale, Math.abs(v));
      }
    }
    if (scale == 0) {
      scale = 1;
    }
    double mid = 70;
    double half = 60;
    String tone;
    if (Double.isNaN(lo) || dir == Direction.UNKNOWN) {
      tone = "#9aa1ab";
    } else if (dir.gain(lo) > 0 && dir.gain(hi) > 0) {
      tone = "#15803d";
    } else if (dir.gain(lo) < 0 && dir.gain(hi) < 0) {
      tone = "#c2410c";
    } else {
      tone = "#6b7280";
    }
    boolean range = Double.isFinite(lo) && Double.isFinite(hi);
    return new Forest(
        tone,
        range ? Optional.of(px(mid + lo / scale * half)) : Optional.empty(),
        range ? Optional.of(px(mid + hi / scale * half)) : Optional.empty(),
        Double.isFinite(e) ? Optional.of(px(mid + e / scale * half)) : Optional.empty());
  }

  private static String px(double v) {
    long t = Math.round(v * 10);
    return t % 10 == 0 ? Long.toString(t / 10) : String.format(Locale.ROOT, "%.1f", t / 10.0);
  }

  // ---- Slices ----

  private static Optional<SliceTable> slices(Comparison c) {
    if (c.slices().isEmpty()) {
      return Optional.empty();
    }
    PromotionPolicy p = c.policy();
    String primary = p.primary(c.task()).id();
    Direction dir = Direction.of(primary);
    boolean prod = c.production().isPresent();
    String lead =
        metricName(primary)
            + " (the primary metric) in each group of rows."
            + (prod
                ? " A group of at least "
                    + p.minSliceSize()
                    + " rows fails when the candidate is worse than production by more than "
                    + trimPercent(100 * p.maxSliceRegression())
                    + "% of production\u2019s value; smaller groups are shown but not judged."
                : " Groups are not judged without a production model.");
    List<SliceRow> rows = new ArrayList<>();
    String previous = null;
    for (SliceResult s : c.slices()) {
      Double cv = s.candidate().get(primary);
      Double pv = s.production().get(primary);
      boolean comparable = prod && cv != null && pv != null && !cv.isNaN() && !pv.isNaN();
      boolean failed = false;
      double relative = Double.NaN;
      if (comparable) {
        double worse = -dir.gain(cv - pv);
        failed = s.judged() && worse > p.maxSliceRegression() * Math.max(Math.abs(pv), 1e-12);
        relative = pv == 0 ? Double.NaN : (cv - pv) / Math.abs(pv);
      }
      boolean first = !s.column().equals(previous);
      previous = s.column();
      int d = decimals(cv == null ? Double.NaN : cv, pv == null ? Double.NaN : pv);
      String status =
          !prod
              ? ""
              : !s.judged() ? "too small to judge" : failed ? "FAIL" : comparable ? "PASS" : DASH;
      rows.add(
          new SliceRow(
              s.column(),
              first,
              s.value(),
              String.format(Locale.ROOT, "%,d", s.rows()),
              cv == null ? DASH : fixed(cv, d),
              pv == null ? DASH : fixed(pv, d),
              Double.isNaN(relative)
                  ? DASH
                  : (relative >= 0 ? "+" : "\u2212") + fixed(Math.abs(100 * relative), 1) + "%",
              comparable ? dir.tone(cv - pv) : "",
              failed,
              status));
    }
    return Optional.of(
        new SliceTable(
            lead,
            candidateName(c),
            prod ? Optional.of(productionName(c)) : Optional.empty(),
            rows));
  }

  // ---- Features ----

  private static Features features(Comparison c) {
    List<Map.Entry<String, Double>> top =
        c.meanAbsShap().entrySet().stream()
            .filter(e -> e.getValue() != null && Double.isFinite(e.getValue()))
            .sorted(
                Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(TOP_FEATURES)
            .toList();
    if (top.isEmpty()) {
      return new Features("No SHAP values were computed for this comparison.", Optional.empty());
    }
    boolean all = top.size() == c.meanAbsShap().size();
    String lead =
        "The "
            + top.size()
            + (all ? "" : " most important of " + c.meanAbsShap().size())
            + " features of "
            + candidateName(c)
            + " by mean |SHAP| (margin units"
            + (c.task() == Task.MULTICLASS ? ", summed over classes" : "")
            + ") on the evaluated rows or a sample of them.";
    List<String> names = top.stream().map(Map.Entry::getKey).toList();
    double[] values = top.stream().mapToDouble(Map.Entry::getValue).toArray();
    return new Features(
        lead,
        Optional.of(
            BarChart.of(
                names,
                values,
                Chart.CANDIDATE_COLOR,
                "Mean |SHAP| (margin units)",
                "Top features by mean absolute SHAP value")));
  }

  // ---- Policy ----

  private static List<Pair> policy(Comparison c) {
    PromotionPolicy p = c.policy();
    String primary = p.primary(c.task()).id();
    List<Pair> rows = new ArrayList<>();
    rows.add(
        new Pair(
            "primary metric",
            primary + (p.primaryMetric().isPresent() ? "" : " (default for the task)")));
    rows.add(
        new Pair(
            "improvement needed",
            "> "
                + plain(p.minImprovement())
                + " with probability \u2265 "
                + fixed(p.confidence(), 3)));
    StringBuilder regression = new StringBuilder(trimPercent(100 * p.maxRegression()) + "%");
    p.metricRegression().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                regression
                    .append(", ")
                    .append(e.getKey())
                    .append(' ')
                    .append(trimPercent(100 * e.getValue()))
                    .append('%'));
    rows.add(new Pair("other metrics may worsen by", regression.toString()));
    rows.add(
        new Pair(
            "slices",
            p.slices().isEmpty()
                ? "none"
                : String.join(", ", p.slices())
                    + " (judged from "
                    + p.minSliceSize()
                    + " rows, may worsen by "
                    + trimPercent(100 * p.maxSliceRegression())
                    + "%)"));
    if (!p.thresholds().isEmpty()) {
      StringBuilder t = new StringBuilder();
      p.thresholds().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              e ->
                  t.append(t.length() == 0 ? "" : ", ")
                      .append(e.getKey())
                      .append(' ')
                      .append(plain(e.getValue())));
      rows.add(new Pair("absolute thresholds", t.toString()));
    }
    if (c.task() == Task.BINARY) {
      rows.add(new Pair("decision threshold", fixed(p.decisionThreshold(), 3)));
    }
    rows.add(new Pair("bootstrap", p.resamples() + " resamples, seed " + p.seed()));
    return rows;
  }

  // ---- Helpers ----

  /** Whether larger values of a metric are better, for coloring; unknown names stay neutral. */
  enum Direction {
    HIGHER,
    LOWER,
    UNKNOWN;

    static Direction of(String metric) {
      return Metric.find(metric).map(m -> m.higherIsBetter() ? HIGHER : LOWER).orElse(UNKNOWN);
    }

    /** The improvement a change of {@code delta} means: positive is better. */
    double gain(double delta) {
      return switch (this) {
        case HIGHER -> delta;
        case LOWER -> -delta;
        case UNKNOWN -> 0;
      };
    }

    String tone(double delta) {
      double g = gain(delta);
      return g > 0 ? "better" : g < 0 ? "worse" : "";
    }

    String arrow() {
      return switch (this) {
        case HIGHER -> " \u2191";
        case LOWER -> " \u2193";
        case UNKNOWN -> "";
      };
    }
  }

  /** Metric names in the report's order, then any others alphabetically. */
  @SafeVarargs
  static List<String> metricNames(Map<String, Interval>... maps) {
    Set<String> present = new LinkedHashSet<>();
    for (Map<String, Interval> m : maps) {
      present.addAll(m.keySet());
    }
    List<String> out = new ArrayList<>();
    for (String m : METRIC_ORDER) {
      if (present.remove(m)) {
        out.add(m);
      }
    }
    present.stream().sorted().forEach(out::add);
    return out;
  }

  static Cell intervalCell(Interval i, int d, String tone) {
    if (i == null || Double.isNaN(i.estimate()) && Double.isNaN(i.lower())) {
      return new Cell(DASH, "", "");
    }
    return new Cell(fixed(i.estimate(), d), bounds(i, d), tone);
  }

  /** "[lower, upper]", or nothing when no resample defined the metric. */
  private static String bounds(Interval i, int d) {
    if (Double.isNaN(i.lower())) {
      return "";
    }
    return "[" + fixed(i.lower(), d) + ", " + fixed(i.upper(), d) + "]";
  }

  private static String signedBounds(Interval i, int d) {
    if (Double.isNaN(i.lower())) {
      return "";
    }
    return "[" + signed(i.lower(), d) + ", " + signed(i.upper(), d) + "]";
  }
}
