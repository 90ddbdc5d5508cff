package dev.boostline.report;

import static dev.boostline.report.Html.DASH;
import static dev.boostline.report.Html.count;
import static dev.boostline.report.Html.decimals;
import static dev.boostline.report.Html.esc;
import static dev.boostline.report.Html.fixed;
import static dev.boostline.report.Html.shorten;

import dev.boostline.eval.Comparison;
import dev.boostline.metrics.Interval;
import dev.boostline.metrics.Metrics;
import dev.boostline.metrics.Scored;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The chart section of {@link ComparisonReport}: per task, panels of inline SVG charts (or HTML
 * tables for confusion matrices) of every model, each with a title, a one-line explanation and a
 * legend. Stateless.
 */
final class ComparisonCharts {
  static final String CANDIDATE_COLOR = "#2563eb";
  static final String PRODUCTION_COLOR = "#e8590c";
  private static final String REFERENCE_COLOR = "#8b929c";
  private static final int CALIBRATION_BINS = 10;
  private static final int SCORE_BINS = 20;
  private static final int RESIDUAL_BINS = 30;

  private ComparisonCharts() {}

  /** One model's rows as drawn: legend name (plain text), color and its scored rows. */
  record Model(String name, String color, Scored scored) {}

  /** Appends the chart section: a card with a shared legend and a grid of panels. */
  static void charts(StringBuilder h, Comparison c) {
    List<Model> models = new ArrayList<>();
    models.add(new Model(ComparisonReport.candidateName(c), CANDIDATE_COLOR, c.candidate()));
    c.production()
        .ifPresent(
            p -> models.add(new Model(ComparisonReport.productionName(c), PRODUCTION_COLOR, p)));
    h.append("<section class=\"card\"><h2>")
        .append(
            switch (c.task()) {
              case BINARY -> "Curves";
              case MULTICLASS -> "Classes";
              case REGRESSION -> "Predictions";
            })
        .append("</h2><div class=\"legend top-legend\">");
    for (Model m : models) {
      h.append(key(m.color(), "line", esc(m.name())));
    }
    h.append("</div><div class=\"grid\">");
    if (c.candidate().size() == 0) {
      h.append("<p class=\"empty\">No rows were evaluated.</p>");
    } else {
      switch (c.task()) {
        case BINARY -> binaryCharts(h, c, models);
        case MULTICLASS -> multiclassCharts(h, c, models);
        case REGRESSION -> regressionCharts(h, c, models);
      }
    }
    h.append("</div></section>");
  }

  private static void binaryCharts(StringBuilder h, Comparison c, List<Model> models) {
    List<double[]> scores = new ArrayList<>();
    List<boolean[]> positives = new ArrayList<>();
    for (Model m : models) {
      scores.add(column(m.scored().outputs(), 0));
      positives.add(positives(m.scored().labels()));
    }
    // ROC
    SvgChart roc =
        new SvgChart(
            SvgChart.Axis.unit(),
            SvgChart.Axis.unit(),
            "False positive rate",
            "True positive rate",
            "ROC curves");
    roc.reference(0, 0, 1, 1);
    StringBuilder legend = new StringBuilder();
    boolean any = false;
    for (int k = models.size() - 1; k >= 0; k--) {
      Curves.Points p =
          Curves.decimate(
              Curves.roc(scores.get(k), positives.get(k), models.get(k).scored().weights()),
              ComparisonReport.MAX_CURVE_POINTS);
      roc.line(p.x(), p.y(), models.get(k).color(), 2.2);
      any |= p.size() > 0;
    }
    for (int k = 0; k < models.size(); k++) {
      legend.append(
          key(models.get(k).color(), "line", metricLabel(c, k, "auc", "AUC", models.get(k))));
    }
    legend.append(key(REFERENCE_COLOR, "dash", "chance"));
    panel(
        h,
        "ROC curve",
        "True positive rate against false positive rate as the threshold falls.",
        legend.toString(),
        any ? roc.render() : emptyChart("Not defined: the labels hold only one class."));
    // Precision-recall
    double rate = Curves.positiveRate(positives.get(0), models.get(0).scored().weights());
    SvgChart pr =
        new SvgChart(
            SvgChart.Axis.unit(),
            SvgChart.Axis.unit(),
            "Recall",
            "Precision",
            "Precision-recall curves");
    if (Double.isFinite(rate)) {
      pr.reference(0, rate, 1, rate);
    }
    any = false;
    for (int k = models.size() - 1; k >= 0; k--) {
      Curves.Points p =
          Curves.decimate(
              Curves.precisionRecall(
                  scores.get(k), positives.get(k), models.get(k).scored().weights()),
              ComparisonReport.MAX_CURVE_POINTS);
      pr.line(p.x(), p.y(), models.get(k).color(), 2.2);
      any |= p.size() > 0;
    }
    legend.setLength(0);
    for (int k = 0; k < models.size(); k++) {
      legend.append(
          key(models.get(k).color(), "line", metricLabel(c, k, "pr_auc", "AP", models.get(k))));
    }
    legend.append(key(REFERENCE_COLOR, "dash", "no skill (positive rate " + fixed(rate, 3) + ")"));
    panel(
        h,
        "Precision&#8211;recall curve",
        "Precision against recall as the threshold falls; AP is the average precision.",
        legend.toString(),
        any ? pr.render() : emptyChart("Not defined: no row is positive."));
    // Calibration
    SvgChart cal =
        new SvgChart(
            SvgChart.Axis.unit(),
            SvgChart.Axis.unit(),
            "Mean predicted probability",
            "Observed positive rate",
            "Calibration curves");
    cal.reference(0, 0, 1, 1);
    for (int k = models.size() - 1; k >= 0; k--) {
      Curves.Calibration b =
          Curves.calibration(
              scores.get(k), positives.get(k), models.get(k).scored().weights(), CALIBRATION_BINS);
      cal.line(b.meanScore(), b.observed(), models.get(k).color(), 2);
      cal.markers(b.meanScore(), b.observed(), models.get(k).color());
    }
    legend.setLength(0);
    for (int k = 0; k < models.size(); k++) {
      legend.append(
          key(models.get(k).color(), "dot", metricLabel(c, k, "ece", "ECE", models.get(k))));
    }
    legend.append(key(REFERENCE_COLOR, "dash", "perfectly calibrated"));
    panel(
        h,
        "Calibration",
        CALIBRATION_BINS + " equal-width probability bins; empty bins are left out.",
        legend.toString(),
        cal.render());
    double t = c.policy().decisionThreshold();
    histogramPanel(
        h,
        models,
        scores,
        "Predicted probability of \u201c" + c.classes().get(1) + "\u201d",
        "Score histograms",
        t,
        "threshold " + fixed(t, 2),
        "Score distribution",
        SCORE_BINS + " bins of width " + fixed(1.0 / SCORE_BINS, 2) + "; shares of all rows.");
  }

  private static void multiclassCharts(StringBuilder h, Comparison c, List<Model> models) {
    List<String> classes = c.classes();
    for (Model m : models) {
      h.append("<figure class=\"panel\"><figcaption><h3>Confusion matrix &#183; ")
          .append(esc(m.name()))
          .append("</h3><p class=\"sub\">Rows are the true class, columns the predicted (argmax)")
          .append(" class; shading is the share of the row.</p></figcaption>")
          .append(confusion(classes, m))
          .append("</figure>");
    }
    List<double[]> confidence = new ArrayList<>();
    List<boolean[]> correct = new ArrayList<>();
    for (Model m : models) {
      double[][] out = m.scored().outputs();
      double[] labels = m.scored().labels();
      double[] conf = new double[out.length];
      boolean[] hit = new boolean[out.length];
      for (int i = 0; i < out.length; i++) {
        int top = Metrics.argmax(out[i]);
        conf[i] = out[i][top];
        hit[i] = top == (int) labels[i];
      }
      confidence.add(conf);
      correct.add(hit);
    }
    SvgChart cal =
        new SvgChart(
            SvgChart.Axis.unit(),
            SvgChart.Axis.unit(),
            "Mean top-class probability",
            "Observed accuracy",
            "Top-class calibration");
    cal.reference(0, 0, 1, 1);
    for (int k = models.size() - 1; k >= 0; k--) {
      Curves.Calibration b =
          Curves.calibration(
              confidence.get(k),
              correct.get(k),
              models.get(k).scored().weights(),
              CALIBRATION_BINS);
      cal.line(b.meanScore(), b.observed(), models.get(k).color(), 2);
      cal.markers(b.meanScore(), b.observed(), models.get(k).color());
    }
    StringBuilder legend = new StringBuilder();
    for (int k = 0; k < models.size(); k++) {
      legend.append(
          key(
              models.get(k).color(),
              "dot",
              metricLabel(c, k, "accuracy", "accuracy", models.get(k))));
    }
    legend.append(key(REFERENCE_COLOR, "dash", "perfectly calibrated"));
    panel(
        h,
        "Top-class calibration",
        "Accuracy of the predicted class against its probability, "
            + CALIBRATION_BINS
            + " equal-width bins.",
        legend.toString(),
        cal.render());
    double chance = 1.0 / classes.size();
    histogramPanel(
        h,
        models,
        confidence,
        "Probability of the predicted class",
        "Top-class probability histograms",
        chance,
        "uniform 1/" + classes.size(),
        "Confidence distribution",
        "How sure each model is of its predicted class; shares of all rows.");
  }

  /**
   * A panel of one histogram of values in [0, 1] per model ({@value #SCORE_BINS} bins, weighted
   * shares), drawn last model first, with a vertical reference line at {@code reference}.
   */
  private static void histogramPanel(
      StringBuilder h,
      List<Model> models,
      List<double[]> values,
      String xLabel,
      String chartTitle,
      double reference,
      String referenceLabel,
      String title,
      String caption) {
    double[] edges = edges(0, 1, SCORE_BINS);
    List<double[]> hist = new ArrayList<>();
    double top = 0;
    for (int k = 0; k < models.size(); k++) {
      double[] v =
          Curves.histogram(values.get(k), models.get(k).scored().weights(), 0, 1, SCORE_BINS);
      hist.add(v);
      top = Math.max(top, max(v));
    }
    SvgChart sh =
        new SvgChart(
            SvgChart.Axis.unit(),
            SvgChart.Axis.nice(0, top, 5),
            xLabel,
            "Share of rows",
            chartTitle);
    sh.reference(reference, 0, reference, sh.yMax());
    for (int k = models.size() - 1; k >= 0; k--) {
      sh.histogram(edges, hist.get(k), models.get(k).color());
    }
    StringBuilder legend = new StringBuilder();
    for (Model m : models) {
      legend.append(key(m.color(), "box", esc(m.name())));
    }
    legend.append(key(REFERENCE_COLOR, "dash", referenceLabel));
    panel(h, title, caption, legend.toString(), sh.render());
  }

  private static String confusion(List<String> classes, Model m) {
    int k = classes.size();
    double[][] counts = new double[k][k];
    double[] labels = m.scored().labels();
    double[][] out = m.scored().outputs();
    double[] w = m.scored().weights();
    for (int i = 0; i < labels.length; i++) {
      counts[(int) labels[i]][Metrics.argmax(out[i])] += w == null ? 1 : w[i];
    }
    int shown = Math.min(k, ComparisonReport.MAX_MATRIX_CLASSES);
    boolean production = m.color().equals(PRODUCTION_COLOR);
    String rgb = production ? "232,89,12" : "37,99,235";
    StringBuilder s = new StringBuilder("<div class=\"matrix-wrap\"><table class=\"matrix\">");
    s.append("<thead><tr><th class=\"corner\">true &#8595; predicted &#8594;</th>");
    for (int j = 0; j < shown; j++) {
      s.append("<th title=\"")
          .append(esc(classes.get(j)))
          .append("\">")
          .append(esc(shorten(classes.get(j), 14)))
          .append("</th>");
    }
    s.append("<th>rows</th><th>recall</th></tr></thead><tbody>");
    for (int t = 0; t < shown; t++) {
      double total = 0;
      for (int j = 0; j < k; j++) {
        total += counts[t][j];
      }
      s.append("<tr><th title=\"")
          .append(esc(classes.get(t)))
          .append("\">")
          .append(esc(shorten(classes.get(t), 18)))
          .append("</th>");
      for (int j = 0; j < shown; j++) {
        double share = total > 0 ? counts[t][j] / total : 0;
        double alpha = share > 0 ? 0.06 + 0.84 * share : 0;
        s.append("<td style=\"background:rgba(")
            .append(rgb)
            .append(',')
            .append(fixed(alpha, 2))
            .append(")")
            .append(alpha > 0.5 ? ";color:#fff" : "")
            .append("\"")
            .append(t == j ? " class=\"diag\"" : "")
            .append('>')
            .append(count(counts[t][j]))
            .append("</td>");
      }
      s.append("<td class=\"muted\">")
          .append(count(total))
          .append("</td><td>")
          .append(total > 0 ? fixed(100 * counts[t][t] / total, 1) + "%" : DASH)
          .append("</td></tr>");
    }
    s.append("</tbody></table></div>");
    if (shown < k) {
      s.append("<p class=\"note\">The first ")
          .append(shown)
          .append(" of ")
          .append(k)
          .append(" classes are shown.</p>");
    }
    return s.toString();
  }

  private static void regressionCharts(StringBuilder h, Comparison c, List<Model> models) {
    double[] actual = c.candidate().labels();
    int[] rows =
        Curves.sample(actual.length, ComparisonReport.MAX_SCATTER_POINTS, c.policy().seed());
    List<double[]> predicted = new ArrayList<>();
    for (Model m : models) {
      predicted.add(column(m.scored().outputs(), 0));
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int r : rows) {
      lo = Math.min(lo, actual[r]);
      hi = Math.max(hi, actual[r]);
      for (double[] p : predicted) {
        lo = Math.min(lo, p[r]);
        hi = Math.max(hi, p[r]);
      }
    }
    SvgChart.Axis axis = SvgChart.Axis.nice(lo, hi, 8);
    SvgChart sc =
        new SvgChart(axis, axis, "Actual value", "Predicted value", "Predicted against actual");
    sc.reference(axis.min(), axis.min(), axis.max(), axis.max());
    double[] xs = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      xs[i] = actual[rows[i]];
    }
    for (int k = models.size() - 1; k >= 0; k--) {
      double[] ys = new double[rows.length];
      for (int i = 0; i < rows.length; i++) {
        ys[i] = predicted.get(k)[rows[i]];
      }
      sc.dots(xs, ys, models.get(k).color());
    }
    StringBuilder legend = new StringBuilder();
    for (int k = 0; k < models.size(); k++) {
      legend.append(
          key(models.get(k).color(), "dot", metricLabel(c, k, "rmse", "RMSE", models.get(k))));
    }
    legend.append(key(REFERENCE_COLOR, "dash", "predicted = actual"));
    panel(
        h,
        "Predicted vs actual",
        rows.length < actual.length
            ? String.format(
                Locale.ROOT, "A seeded sample of %,d of %,d rows.", rows.length, actual.length)
            : String.format(Locale.ROOT, "All %,d rows.", rows.length),
        legend.toString(),
        sc.render());
    List<double[]> residuals = new ArrayList<>();
    double[] all = new double[actual.length * models.size()];
    for (int k = 0; k < models.size(); k++) {
      double[] labels = models.get(k).scored().labels();
      double[] r = new double[labels.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = predicted.get(k)[i] - labels[i];
      }
      residuals.add(r);
      System.arraycopy(r, 0, all, k * actual.length, Math.min(r.length, actual.length));
    }
    double rlo = Curves.quantile(all, 0.005);
    double rhi = Curves.quantile(all, 0.995);
    SvgChart.Axis rx = SvgChart.Axis.nice(rlo, rhi, 8);
    double[] edges = edges(rx.min(), rx.max(), RESIDUAL_BINS);
    List<double[]> hist = new ArrayList<>();
    double top = 0;
    for (int k = 0; k < models.size(); k++) {
      double[] v =
          Curves.histogram(
              residuals.get(k),
              models.get(k).scored().weights(),
              rx.min(),
              rx.max(),
              RESIDUAL_BINS);
      hist.add(v);
      top = Math.max(top, max(v));
    }
    SvgChart rh =
        new SvgChart(
            rx,
            SvgChart.Axis.nice(0, top, 5),
            "Residual (predicted \u2212 actual)",
            "Share of rows",
            "Residual histograms");
    if (rx.min() < 0 && rx.max() > 0) {
      rh.reference(0, 0, 0, rh.yMax());
    }
    for (int k = models.size() - 1; k >= 0; k--) {
      rh.histogram(edges, hist.get(k), models.get(k).color());
    }
    legend.setLength(0);
    for (int k = 0; k < models.size(); k++) {
      legend.append(
          key(models.get(k).color(), "box", metricLabel(c, k, "mae", "MAE", models.get(k))));
    }
    legend.append(key(REFERENCE_COLOR, "dash", "zero error"));
    panel(
        h,
        "Residuals",
        RESIDUAL_BINS
            + " bins over the 0.5th to 99.5th percentile; rows beyond fall into the end bins.",
        legend.toString(),
        rh.render());
  }

  private static void panel(
      StringBuilder h, String title, String subtitle, String legend, String chart) {
    h.append("<figure class=\"panel\"><figcaption><h3>")
        .append(title)
        .append("</h3><p class=\"sub\">")
        .append(esc(subtitle))
        .append("</p></figcaption><div class=\"legend\">")
        .append(legend)
        .append("</div>")
        .append(chart)
        .append("</figure>");
  }

  private static String emptyChart(String message) {
    return "<div class=\"empty-chart\">" + esc(message) + "</div>";
  }

  /** A legend entry; {@code html} is already escaped. */
  private static String key(String color, String style, String html) {
    return "<span class=\"key\"><i class=\"sw "
        + style
        + "\" style=\"--c:"
        + color
        + "\"></i>"
        + html
        + "</span>";
  }

  /** "candidate v3 · AUC 0.9123", escaped, with the model's metric estimate when there is one. */
  private static String metricLabel(
      Comparison c, int k, String metric, String abbreviation, Model m) {
    Interval i = (k == 0 ? c.candidateMetrics() : c.productionMetrics()).get(metric);
    String name = esc(m.name());
    if (i == null || Double.isNaN(i.estimate())) {
      return name;
    }
    // Both models' legend entries show the same number of decimals.
    Interval other = (k == 0 ? c.productionMetrics() : c.candidateMetrics()).get(metric);
    int d = decimals(i.estimate(), other == null ? Double.NaN : other.estimate());
    return name + " &#183; " + abbreviation + " " + fixed(i.estimate(), d);
  }

  private static double[] column(double[][] outputs, int k) {
    double[] v = new double[outputs.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = outputs[i][k];
    }
    return v;
  }

  private static boolean[] positives(double[] labels) {
    boolean[] p = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      p[i] = labels[i] > 0.5;
    }
    return p;
  }

  private static double[] edges(double lo, double hi, int bins) {
    double[] e = new double[bins + 1];
    for (int b = 0; b <= bins; b++) {
      e[b] = lo + (hi - lo) * b / bins;
    }
    return e;
  }

  private static double max(double[] v) {
    double m = 0;
    for (double d : v) {
      m = Math.max(m, d);
    }
    return m;
  }
}
