package dev.boostline.eval;

import dev.boostline.common.BoostlineException;
import dev.boostline.data.Dataset;
import dev.boostline.features.FeatureException;
import dev.boostline.metrics.Bootstrap;
import dev.boostline.metrics.DeLong;
import dev.boostline.metrics.Interval;
import dev.boostline.metrics.Metrics;
import dev.boostline.metrics.Scored;
import dev.boostline.metrics.TaskMetricSet;
import dev.boostline.model.Scorer;
import dev.boostline.task.LabelEncoding;
import dev.boostline.task.Task;
import dev.boostline.util.internal.SplitMix64;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;
import tech.tablesaw.selection.Selection;

/**
 * Scores a dataset with a candidate and (optionally) the production model, computes every metric
 * with bootstrap intervals, the paired differences, DeLong's test, slices, agreement and mean
 * |SHAP|, and applies a {@link PromotionPolicy}. Stateless.
 */
public final class ModelComparison {
  /** Rows used for mean |SHAP| (a seeded sample of larger datasets). */
  static final int SHAP_ROWS = 2000;

  private ModelComparison() {}

  /**
   * Who is compared with whom, for the record.
   *
   * @param model the model name
   * @param candidateVersion the version judged
   * @param productionVersion the version it is compared with, absent when there is none
   * @param alias the alias the baseline was found by, or {@code vN} for a fixed version
   * @param dataset the dataset version scored, {@code name@version}
   */
  public record Subject(
      String model,
      int candidateVersion,
      Optional<Integer> productionVersion,
      String alias,
      String dataset) {}

  /**
   * Runs the comparison.
   *
   * @throws BoostlineException when the models differ in objective, target or classes, or the
   *     dataset lacks the target, does not fit the model's schema, or has no rows
   */
  public static Comparison run(
      Subject subject,
      Scorer candidate,
      Optional<Scorer> production,
      Dataset data,
      PromotionPolicy policy) {
    LabelEncoding labels = candidate.labels();
    production.ifPresent(p -> requireSameTask(candidate, p));
    String target = labels.target();
    if (data.schema().find(target).isEmpty()) {
      throw new BoostlineException(
          "dataset "
              + subject.dataset()
              + " has no target column \""
              + target
              + "\"; evaluation needs the true values");
    }
    Column<?> y = data.table().column(target);
    Selection present = Selection.withRange(0, 0);
    for (int r = 0; r < y.size(); r++) {
      if (!y.isMissing(r)) {
        present.add(r);
      }
    }
    Dataset rows =
        present.size() == data.rowCount()
            ? data
            : Dataset.of(data.schema(), data.table().where(present));
    if (rows.rowCount() == 0) {
      throw new BoostlineException(
          "dataset " + subject.dataset() + " has no row with a target value");
    }
    double[] truth = labels(rows, labels, subject.dataset());
    Scored cand = scored(candidate, rows, truth, subject.dataset(), "candidate");
    Optional<Scored> prod =
        production.map(p -> scored(p, rows, truth, subject.dataset(), "production"));
    double threshold = policy.decisionThreshold();
    double level = 0.95;
    Map<String, Interval> candidateMetrics =
        Bootstrap.intervals(cand, threshold, policy.resamples(), policy.seed(), level);
    Map<String, Interval> productionMetrics =
        prod.map(p -> Bootstrap.intervals(p, threshold, policy.resamples(), policy.seed(), level))
            .orElse(Map.of());
    Map<String, Interval> differences = Map.of();
    Map<String, Double> better = Map.of();
    if (prod.isPresent()) {
      Bootstrap.Comparison c =
          Bootstrap.compare(cand, prod.get(), threshold, policy.resamples(), policy.seed(), level);
      differences = c.difference();
      better = c.probabilityBetter();
    }
    Optional<DeLong.Result> delong = Optional.empty();
    if (prod.isPresent() && labels.task() == Task.BINARY) {
      delong = Optional.of(DeLong.test(column(cand, 0), column(prod.get(), 0), truth));
    }
    List<Comparison.SliceResult> slices = slices(rows, policy, cand, prod, threshold);
    Optional<Double> agreement = prod.map(p -> agreement(cand, p, threshold));
    Map<String, Double> shap = meanAbsShap(candidate, rows);
    PromotionPolicy.Judgement judgement =
        policy.judge(
            labels.task(),
            labels.numClass(),
            candidateMetrics,
            differences,
            better,
            slices,
            prod.isPresent());
    return new Comparison(
        Decisions.newId(),
        subject.model(),
        subject.candidateVersion(),
        subject.productionVersion(),
        subject.alias(),
        subject.dataset(),
        labels.task(),
        labels.classes(),
        cand,
        prod,
        candidateMetrics,
        productionMetrics,
        differences,
        better,
        delong,
        slices,
        agreement,
        shap,
        policy,
        judgement.verdict(),
        judgement.checks(),
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  private static void requireSameTask(Scorer a, Scorer b) {
    LabelEncoding x = a.labels();
    LabelEncoding y = b.labels();
    if (a.manifest().objective() != b.manifest().objective()) {
      throw new BoostlineException(
          "cannot compare models of different objectives: candidate "
              + a.manifest().objective().xgboostName()
              + ", production "
              + b.manifest().objective().xgboostName());
    }
    if (!x.target().equals(y.target()) || !x.classes().equals(y.classes())) {
      throw new BoostlineException(
          "cannot compare models of different targets: candidate predicts "
              + x.target()
              + x.classes()
              + ", production "
              + y.target()
              + y.classes());
    }
  }

  private static double[] labels(Dataset rows, LabelEncoding labels, String dataset) {
    Column<?> y = rows.table().column(labels.target());
    double[] out = new double[rows.rowCount()];
    Map<String, Integer> index = labels.index();
    for (int r = 0; r < out.length; r++) {
      if (labels.task() == Task.REGRESSION) {
        if (y instanceof DoubleColumn d) {
          out[r] = d.getDouble(r);
        } else if (y instanceof LongColumn l) {
          out[r] = l.getLong(r);
        } else {
          throw new BoostlineException(
              "dataset " + dataset + ": target \"" + labels.target() + "\" is not numeric");
        }
      } else {
        String v =
            y instanceof LongColumn l
                ? Long.toString(l.getLong(r))
                : y instanceof DoubleColumn d
                    ? Double.toString(d.getDouble(r))
                    : y instanceof BooleanColumn b
                        ? String.valueOf(b.get(r))
                        : ((StringColumn) y).get(r);
        Integer k = index.get(v);
        if (k == null) {
          throw new BoostlineException(
              "dataset "
                  + dataset
                  + " row "
                  + (r + 1)
                  + ": target value \""
                  + v
                  + "\" is not one of the model's classes "
                  + labels.classes());
        }
        out[r] = k;
      }
    }
    return out;
  }

  private static Scored scored(Scorer s, Dataset rows, double[] truth, String dataset, String who) {
    float[][] out;
    try {
      out = s.outputs(rows.table());
    } catch (FeatureException e) {
      throw new BoostlineException(
          "dataset " + dataset + " does not fit the " + who + " model: " + e.getMessage(), e);
    }
    double[][] o = new double[out.length][];
    for (int i = 0; i < out.length; i++) {
      o[i] = new double[out[i].length];
      for (int k = 0; k < out[i].length; k++) {
        o[i][k] = out[i][k];
      }
    }
    return new Scored(s.task(), s.labels().classes(), truth.clone(), o, null);
  }

  private static double[] column(Scored s, int k) {
    double[][] o = s.outputs(); // a copy: take it once
    double[] v = new double[o.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = o[i][k];
    }
    return v;
  }

  private static List<Comparison.SliceResult> slices(
      Dataset rows, PromotionPolicy policy, Scored cand, Optional<Scored> prod, double threshold) {
    List<Comparison.SliceResult> out = new ArrayList<>();
    for (String column : policy.slices()) {
      if (rows.schema().find(column).isEmpty()) {
        throw new BoostlineException(
            "slice column \""
                + column
                + "\" is not in the dataset (columns: "
                + rows.schema().names()
                + ")");
      }
      Column<?> c = rows.table().column(column);
      if (!(c instanceof StringColumn || c instanceof BooleanColumn)) {
        throw new BoostlineException(
            "slice column \"" + column + "\" must be categorical or boolean");
      }
      Map<String, List<Integer>> groups = new LinkedHashMap<>();
      for (int r = 0; r < c.size(); r++) {
        String key = c.isMissing(r) ? "(missing)" : String.valueOf(c.get(r));
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
      }
      for (var g : groups.entrySet()) {
        int[] idx = g.getValue().stream().mapToInt(Integer::intValue).toArray();
        Map<String, Double> cm = TaskMetricSet.compute(cand.subset(idx), threshold);
        Map<String, Double> pm =
            prod.map(p -> TaskMetricSet.compute(p.subset(idx), threshold)).orElse(Map.of());
        out.add(
            new Comparison.SliceResult(
                column, g.getKey(), idx.length, cm, pm, idx.length >= policy.minSliceSize()));
      }
    }
    return out;
  }

  private static double agreement(Scored a, Scored b, double threshold) {
    int n = a.size();
    if (a.task() == Task.REGRESSION) {
      double[] x = column(a, 0);
      double[] y = column(b, 0);
      double mx = Arrays.stream(x).average().orElse(0);
      double my = Arrays.stream(y).average().orElse(0);
      double sxy = 0;
      double sxx = 0;
      double syy = 0;
      for (int i = 0; i < n; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
      }
      return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }
    double[][] oa = a.outputs();
    double[][] ob = b.outputs();
    int same = 0;
    for (int i = 0; i < n; i++) {
      if (predicted(a.task(), oa[i], threshold) == predicted(b.task(), ob[i], threshold)) {
        same++;
      }
    }
    return (double) same / n;
  }

  private static int predicted(Task task, double[] o, double threshold) {
    return task == Task.BINARY ? (o[0] >= threshold ? 1 : 0) : Metrics.argmax(o);
  }

  private static Map<String, Double> meanAbsShap(Scorer scorer, Dataset rows) {
    int n = rows.rowCount();
    int[] idx;
    if (n <= SHAP_ROWS) {
      idx = null;
    } else {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      new SplitMix64(17).shuffle(all);
      idx = Arrays.copyOf(all, SHAP_ROWS);
      Arrays.sort(idx);
    }
    var table = idx == null ? rows.table() : rows.table().rows(idx);
    float[][] contrib = scorer.contributions(table);
    List<String> names = scorer.features().featureNames();
    int width = names.size() + 1;
    double[] sum = new double[names.size()];
    for (float[] row : contrib) {
      // Multiclass rows hold one block per class: sum |SHAP| over classes.
      for (int j = 0; j < row.length; j++) {
        int f = j % width;
        if (f < names.size()) {
          sum[f] += Math.abs(row[j]);
        }
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (int f = 0; f < names.size(); f++) {
      out.put(names.get(f), sum[f] / Math.max(1, contrib.length));
    }
    return out;
  }
}
