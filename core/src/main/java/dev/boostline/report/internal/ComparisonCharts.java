package dev.boostline.report.internal;

import static dev.boostline.report.Format.DASH;
import static dev.boostline.report.Format.count;
import static dev.boostline.report.Format.decimals;
import static dev.boostline.report.Format.fixed;
import static dev.boostline.report.Format.shorten;

import dev.boostline.eval.Comparison;
import dev.boostline.metrics.Interval;
import dev.boostline.metrics.Metrics;
import dev.boostline.metrics.Scored;
import dev.boostline.report.Axis;
import dev.boostline.report.Chart;
import dev.boostline.report.internal.Views.ChartSection;
import dev.boostline.report.internal.Views.Key;
import dev.boostline.report.internal.Views.Label;
import dev.boostline.report.internal.Views.Matrix;
import dev.boostline.report.internal.Views.MatrixCell;
import dev.boostline.report.internal.Views.MatrixRow;
import dev.boostline.report.internal.Views.Panel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The chart section of the comparison report: per task, panels of charts (or confusion matrices) of
 * every model, each with a title, a one-line explanation and a legend. Stateless.
 */
final class ComparisonCharts {
  private static final int CALIBRATION_BINS = 10;
  private static final int SCORE_BINS = 20;
  private static final int RESIDUAL_BINS = 30;

  private ComparisonCharts() {}

  /** One model's rows as drawn: legend name, color and its scored rows. */
  private record Model(String name, String color, Scored scored) {}

  static ChartSection of(Comparison c) {
    List<Model> models = new ArrayList<>();
    models.add(new Model(ComparisonViews.candidateName(c), Chart.CANDIDATE_COLOR, c.candidate()));
    c.production()
        .ifPresent(
            p ->
                models.add(
                    new Model(ComparisonViews.productionName(c), Chart.PRODUCTION_COLOR, p)));
    List<Key> legend = models.stream().map(m -> new Key("line", m.color(), m.name())).toList();
    String title =
        switch (c.task()) {
          case BINARY -> "Curves";
          case MULTICLASS -> "Classes";
          case REGRESSION -> "Predictions";
        };
    if (c.candidate().size() == 0) {
      return new ChartSection(title, legend, List.of(), "No rows were evaluated.");
    }
    List<Panel> panels =
        switch (c.task()) {
          case BINARY -> binary(c, models);
          case MULTICLASS -> multiclass(c, models);
          case REGRESSION -> regression(c, models);
        };
    return new ChartSection(title, legend, panels, "");
  }

  private static List<Panel> binary(Comparison c, List<Model> models) {
    List<Panel> panels = new ArrayList<>();
    List<double[]> scores = new ArrayList<>();
    List<boolean[]> positives = new ArrayList<>();
    for (Model m : models) {
      scores.add(column(m.scored().outputs(), 0));
      positives.add(positives(m.scored().labels()));
    }
    // ROC
    Chart.Builder roc =
        Chart.builder(Axis.unit(), Axis.unit())
            .titles("False positive rate", "True positive rate")
            .description("ROC curves")
            .reference(0, 0, 1, 1);
    boolean any = false;
    for (int k = models.size() - 1; k >= 0; k--) {
      Curves.Points p =
          Curves.decimate(
              Curves.roc(scores.get(k), positives.get(k), models.get(k).scored().weights()),
              ComparisonViews.MAX_CURVE_POINTS);
      roc.line(p.x(), p.y(), models.get(k).color(), 2.2);
      any |= p.size() > 0;
    }
    List<Key> legend = new ArrayList<>();
    for (int k = 0; k < models.size(); k++) {
      legend.add(new Key("line", models.get(k).color(), metricLabel(c, k, "auc", "AUC")));
    }
    legend.add(new Key("dash", Chart.REFERENCE_COLOR, "chance"));
    panels.add(
        panel(
            "ROC curve",
            "True positive rate against false positive rate as the threshold falls.",
            legend,
            any ? roc.build() : null,
            "Not defined: the labels hold only one class."));
    // Precision-recall
    double rate = Curves.positiveRate(positives.get(0), models.get(0).scored().weights());
    Chart.Builder pr =
        Chart.builder(Axis.unit(), Axis.unit())
            .titles("Recall", "Precision")
            .description("Precision-recall curves");
    if (Double.isFinite(rate)) {
      pr.reference(0, rate, 1, rate);
    }
    any = false;
    for (int k = models.size() - 1; k >= 0; k--) {
      Curves.Points p =
          Curves.decimate(
              Curves.precisionRecall(
                  scores.get(k), positives.get(k), models.get(k).scored().weights()),
              ComparisonViews.MAX_CURVE_POINTS);
      pr.line(p.x(), p.y(), models.get(k).color(), 2.2);
      any |= p.size() > 0;
    }
    legend = new ArrayList<>();
    for (int k = 0; k < models.size(); k++) {
      legend.add(new Key("line", models.get(k).color(), metricLabel(c, k, "pr_auc", "AP")));
    }
    legend.add(
        new Key("dash", Chart.REFERENCE_COLOR, "no skill (positive rate " + fixed(rate, 3) + ")"));
    panels.add(
        panel(
            "Precision\u2013recall curve",
            "Precision against recall as the threshold falls; AP is the average precision.",
            legend,
            any ? pr.build() : null,
            "Not defined: no row is positive."));
    // Calibration
    Chart.Builder cal =
        Chart.builder(Axis.unit(), Axis.unit())
            .titles("Mean predicted probability", "Observed positive rate")
            .description("Calibration curves")
            .reference(0, 0, 1, 1);
    for (int k = models.size() - 1; k >= 0; k--) {
      Curves.Calibration b =
          Curves.calibration(
              scores.get(k), positives.get(k), models.get(k).scored().weights(), CALIBRATION_BINS);
      cal.line(b.meanScore(), b.observed(), models.get(k).color(), 2);
      cal.markers(b.meanScore(), b.observed(), models.get(k).color());
    }
    legend = new ArrayList<>();
    for (int k = 0; k < models.size(); k++) {
      legend.add(new Key("dot", models.get(k).color(), metricLabel(c, k, "ece", "ECE")));
    }
    legend.add(new Key("dash", Chart.REFERENCE_COLOR, "perfectly calibrated"));
    panels.add(
        panel(
            "Calibration",
            CALIBRATION_BINS + " equal-width probability bins; empty bins are left out.",
            legend,
            cal.build(),
            ""));
    double t = c.policy().decisionThreshold();
    panels.add(
        histogramPanel(
            models,
            scores,
            "Predicted probability of \u201c" + c.classes().get(1) + "\u201d",
            "Score histograms",
            t,
            "threshold " + fixed(t, 2),
            "Score distribution",
            SCORE_BINS + " bins of width " + fixed(1.0 / SCORE_BINS, 2) + "; shares of all rows."));
    return panels;
  }

  private static List<Panel> multiclass(Comparison c, List<Model> models) {
    List<Panel> panels = new ArrayList<>();
    List<String> classes = c.classes();
    for (Model m : models) {
      panels.add(
          new Panel(
              "Confusion matrix \u00b7 " + m.name(),
              "Rows are the true class, columns the predicted (argmax) class; shading is the share"
                  + " of the row.",
              List.of(),
              Optional.empty(),
              Optional.of(confusion(classes, m)),
              Optional.empty()));
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
    Chart.Builder cal =
        Chart.builder(Axis.unit(), Axis.unit())
            .titles("Mean top-class probability", "Observed accuracy")
            .description("Top-class calibration")
            .reference(0, 0, 1, 1);
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
    List<Key> legend = new ArrayList<>();
    for (int k = 0; k < models.size(); k++) {
      legend.add(new Key("dot", models.get(k).color(), metricLabel(c, k, "accuracy", "accuracy")));
    }
    legend.add(new Key("dash", Chart.REFERENCE_COLOR, "perfectly calibrated"));
    panels.add(
        panel(
            "Top-class calibration",
            "Accuracy of the predicted class against its probability, "
                + CALIBRATION_BINS
                + " equal-width bins.",
            legend,
            cal.build(),
            ""));
    double chance = 1.0 / classes.size();
    panels.add(
        histogramPanel(
            models,
            confidence,
            "Probability of the predicted class",
            "Top-class probability histograms",
            chance,
            "uniform 1/" + classes.size(),
            "Confidence distribution",
            "How sure each model is of its predicted class; shares of all rows."));
    return panels;
  }

  /**
   * A panel of one histogram of values in [0, 1] per model ({@value #SCORE_BINS} bins, weighted
   * shares), drawn last model first, with a vertical reference line at {@code reference}.
   */
  private static Panel histogramPanel(
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
    Chart.Builder sh =
        Chart.builder(Axis.unit(), Axis.nice(0, top, 5))
            .titles(xLabel, "Share of rows")
            .description(chartTitle);
    sh.reference(reference, 0, reference, sh.yMax());
    for (int k = models.size() - 1; k >= 0; k--) {
      sh.histogram(edges, hist.get(k), models.get(k).color());
    }
    List<Key> legend = new ArrayList<>();
    for (Model m : models) {
      legend.add(new Key("box", m.color(), m.name()));
    }
    legend.add(new Key("dash", Chart.REFERENCE_COLOR, referenceLabel));
    return panel(title, caption, legend, sh.build(), "");
  }

  private static Matrix confusion(List<String> classes, Model m) {
    int k = classes.size();
    double[][] counts = new double[k][k];
    double[] labels = m.scored().labels();
    double[][] out = m.scored().outputs();
    double[] w = m.scored().weights();
    for (int i = 0; i < labels.length; i++) {
      counts[(int) labels[i]][Metrics.argmax(out[i])] += w == null ? 1 : w[i];
    }
    int shown = Math.min(k, ComparisonViews.MAX_MATRIX_CLASSES);
    boolean production = m.color().equals(Chart.PRODUCTION_COLOR);
    String rgb = production ? "232,89,12" : "37,99,235";
    List<Label> columns = new ArrayList<>();
    for (int j = 0; j < shown; j++) {
      columns.add(new Label(shorten(classes.get(j), 14), classes.get(j)));
    }
    List<MatrixRow> rows = new ArrayList<>();
    for (int t = 0; t < shown; t++) {
      double total = 0;
      for (int j = 0; j < k; j++) {
        total += counts[t][j];
      }
      List<MatrixCell> cells = new ArrayList<>();
      for (int j = 0; j < shown; j++) {
        double share = total > 0 ? counts[t][j] / total : 0;
        double alpha = share > 0 ? 0.06 + 0.84 * share : 0;
        cells.add(
            new MatrixCell(
                count(counts[t][j]),
                "background:rgba("
                    + rgb
                    + ","
                    + fixed(alpha, 2)
                    + ")"
                    + (alpha > 0.5 ? ";color:#fff" : ""),
                t == j));
      }
      rows.add(
          new MatrixRow(
              new Label(shorten(classes.get(t), 18), classes.get(t)),
              cells,
              count(total),
              total > 0 ? fixed(100 * counts[t][t] / total, 1) + "%" : DASH));
    }
    return new Matrix(
        columns,
        rows,
        shown < k
            ? Optional.of("The first " + shown + " of " + k + " classes are shown.")
            : Optional.empty());
  }

  private static List<Panel> regression(Comparison c, List<Model> models) {
    List<Panel> panels = new ArrayList<>();
    double[] actual = c.candidate().labels();
    int[] rows =
        Curves.sample(actual.length, ComparisonViews.MAX_SCATTER_POINTS, c.policy().seed());
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
    Axis axis = Axis.nice(lo, hi, 8);
    Chart.Builder sc =
        Chart.builder(axis, axis)
            .titles("Actual value", "Predicted value")
            .description("Predicted against actual")
            .reference(axis.min(), axis.min(), axis.max(), axis.max());
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
    List<Key> legend = new ArrayList<>();
    for (int k = 0; k < models.size(); k++) {
      legend.add(new Key("dot", models.get(k).color(), metricLabel(c, k, "rmse", "RMSE")));
    }
    legend.add(new Key("dash", Chart.REFERENCE_COLOR, "predicted = actual"));
    panels.add(
        panel(
            "Predicted vs actual",
            rows.length < actual.length
                ? String.format(
                    Locale.ROOT, "A seeded sample of %,d of %,d rows.", rows.length, actual.length)
                : String.format(Locale.ROOT, "All %,d rows.", rows.length),
            legend,
            sc.build(),
            ""));
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
    Axis rx = Axis.nice(rlo, rhi, 8);
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
    Chart.Builder rh =
        Chart.builder(rx, Axis.nice(0, top, 5))
            .titles("Residual (predicted \u2212 actual)", "Share of rows")
            .description("Residual histograms");
    if (rx.min() < 0 && rx.max() > 0) {
      rh.reference(0, 0, 0, rh.yMax());
    }
    for (int k = models.size() - 1; k >= 0; k--) {
      rh.histogram(edges, hist.get(k), models.get(k).color());
    }
    legend = new ArrayList<>();
    for (int k = 0; k < models.size(); k++) {
      legend.add(new Key("box", models.get(k).color(), metricLabel(c, k, "mae", "MAE")));
    }
    legend.add(new Key("dash", Chart.REFERENCE_COLOR, "zero error"));
    panels.add(
        panel(
            "Residuals",
            RESIDUAL_BINS
                + " bins over the 0.5th to 99.5th percentile; rows beyond fall into the end bins.",
            legend,
            rh.build(),
            ""));
    return panels;
  }

  private static Panel panel(
      String title, String subtitle, List<Key> legend, Chart chart, String empty) {
    return new Panel(
        title,
        subtitle,
        legend,
        Optional.ofNullable(chart),
        Optional.empty(),
        chart == null ? Optional.of(empty) : Optional.empty());
  }

  /** "candidate v3 · AUC 0.9123", with the model's metric estimate when there is one. */
  private static String metricLabel(Comparison c, int k, String metric, String abbreviation) {
    Interval i = (k == 0 ? c.candidateMetrics() : c.productionMetrics()).get(metric);
    String name = k == 0 ? ComparisonViews.candidateName(c) : ComparisonViews.productionName(c);
    if (i == null || Double.isNaN(i.estimate())) {
      return name;
    }
    // Both models' legend entries show the same number of decimals.
    Interval other = (k == 0 ? c.productionMetrics() : c.candidateMetrics()).get(metric);
    int d = decimals(i.estimate(), other == null ? Double.NaN : other.estimate());
    return name + " \u00b7 " + abbreviation + " " + fixed(i.estimate(), d);
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
