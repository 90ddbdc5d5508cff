package dev.boostline.train;

import dev.boostline.common.BoostlineException;
import dev.boostline.data.ColumnSchema;
import dev.boostline.data.ColumnType;
import dev.boostline.data.Dataset;
import dev.boostline.data.DatasetSplit;
import dev.boostline.features.FittedFeatures;
import dev.boostline.metrics.Metric;
import dev.boostline.metrics.Scored;
import dev.boostline.metrics.TaskMetricSet;
import dev.boostline.task.LabelEncoding;
import dev.boostline.task.Objective;
import dev.boostline.task.Task;
import dev.boostline.xgboost.internal.NativeBooster;
import dev.boostline.xgboost.internal.NativeMatrix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.selection.Selection;

/**
 * Trains XGBoost models from datasets: resolves the objective and labels from the target, splits,
 * fits the features on the training rows only, boosts round by round with optional early stopping,
 * and reports metrics and importance. Every native handle is released before a method returns, on
 * success and on failure. Stateless and thread-safe; runs share nothing.
 *
 * <p>Objective inference, when the parameters name none: a categorical, boolean or text target with
 * two values is binary (the second value in sorted order is the positive class), with more values
 * multiclass; a numeric target holding exactly the values 0 and 1 is binary too (labels kept as
 * they are: {@code 0} and {@code 1}, or {@code 0.0} and {@code 1.0}, the positive class 1); any
 * other numeric target is regression (squared error). {@code --objective} (the parameters'
 * objective) overrides the inference; the choice is reported through the listener either way. Rows
 * whose target is missing are dropped (and counted); a target with one class, or no rows left, is
 * an error.
 */
public final class Trainer {
  private Trainer() {}

  /** Trains on {@code data} with a validation split (see {@link TrainOptions}). */
  public static TrainResult train(Dataset data, TrainOptions options, TrainingListener listener) {
    Prepared p = prepare(data, options, listener);
    if (p.data.rowCount() == 0) {
      throw new BoostlineException("the dataset has no rows to train on");
    }
    if (!options.validation().hasValidation()) {
      int[] all = identity(p.data.rowCount());
      return trainOn(p, all, new int[0], options, listener);
    }
    DatasetSplit split = split(p, options);
    return trainOn(p, split.train(), split.valid(), options, listener);
  }

  /**
   * The train/validation split of prepared data (stratified on the target for classification),
   * refusing an empty side.
   */
  static DatasetSplit split(Prepared p, TrainOptions options) {
    DatasetSplit split =
        options
            .validation()
            .apply(
                p.data,
                p.labels.task() == Task.REGRESSION ? Optional.empty() : options.spec().target(),
                options.params().seed());
    if (split.validSize() == 0) {
      throw new BoostlineException(
          "the validation split is empty; lower the validation fraction or change the cut-off");
    }
    if (split.trainSize() == 0) {
      throw new BoostlineException("no training rows are left after the validation split");
    }
    return split;
  }

  /** The data after the target checks, with resolved labels. Reused by CV and search. */
  static final class Prepared {
    final Dataset data;
    final Objective objective;
    final LabelEncoding labels;
    final float[] y;
    final float[] weights;
    final int dropped;
    final List<String> notes;

    Prepared(
        Dataset data,
        Objective objective,
        LabelEncoding labels,
        float[] y,
        float[] weights,
        int dropped,
        List<String> notes) {
      this.data = data;
      this.objective = objective;
      this.labels = labels;
      this.y = y;
      this.weights = weights;
      this.dropped = dropped;
      this.notes = notes;
    }
  }

  static Prepared prepare(Dataset data, TrainOptions options, TrainingListener listener) {
    String target = options.spec().target().orElseThrow();
    Optional<ColumnSchema> ts = data.schema().find(target);
    if (ts.isEmpty()) {
      throw new BoostlineException(
          "target column \""
              + target
              + "\" is not in the dataset (columns: "
              + data.schema().names()
              + ")");
    }
    List<String> notes = new ArrayList<>();
    Column<?> tc = data.table().column(target);
    int missing = tc.countMissing();
    Dataset kept = data;
    if (missing > 0) {
      if (missing == data.rowCount()) {
        throw new BoostlineException("target column \"" + target + "\" has no value in any row");
      }
      Selection present = Selection.withRange(0, 0);
      for (int r = 0; r < tc.size(); r++) {
        if (!tc.isMissing(r)) {
          present.add(r);
        }
      }
      kept = Dataset.of(data.schema(), data.table().where(present));
      String note = missing + " rows with a missing target \"" + target + "\" were left out";
      notes.add(note);
      listener.onInfo(note);
    }
    ColumnType type = ts.get().type();
    if (type == ColumnType.DATETIME) {
      throw new BoostlineException(
          "target \""
              + target
              + "\" is a datetime column; a target must be a number (regression),"
              + " or a category or boolean (classification)");
    }
    Objective objective = options.params().objective().orElse(null);
    Column<?> y = kept.table().column(target);
    LabelEncoding labels;
    if (objective == null) {
      if (type.isNumeric() && !zeroOne(y)) {
        objective = Objective.SQUARED_ERROR;
      } else {
        int classes = classesOf(y, type).size();
        if (classes < 2) {
          throw new BoostlineException(
              "target \""
                  + target
                  + "\" has only one class ("
                  + classesOf(y, type)
                  + "): there is nothing to learn");
        }
        objective = classes == 2 ? Objective.BINARY_LOGISTIC : Objective.MULTI_SOFTPROB;
      }
      String note =
          "objective "
              + objective.xgboostName()
              + " inferred from the "
              + type.id()
              + " target \""
              + target
              + "\"";
      notes.add(note);
      listener.onInfo(note);
    }
    if (objective.task() == Task.REGRESSION) {
      if (!type.isNumeric()) {
        throw new BoostlineException(
            "objective "
                + objective.xgboostName()
                + " needs a numeric target; \""
                + target
                + "\" is "
                + type.id());
      }
      labels = new LabelEncoding(target, Task.REGRESSION, List.of());
    } else {
      List<String> classes = classesOf(y, type);
      if (classes.size() < 2) {
        throw new BoostlineException(
            "target \""
                + target
                + "\" has only one class ("
                + classes
                + "): there is nothing to learn");
      }
      if (objective.task() == Task.BINARY && classes.size() != 2) {
        throw new BoostlineException(
            "objective binary:logistic needs exactly two classes; \""
                + target
                + "\" has "
                + classes.size()
                + " (use multi:softprob)");
      }
      labels = new LabelEncoding(target, objective.task(), classes);
    }
    float[] yv = labelValues(y, labels);
    float[] w = null;
    if (options.spec().weight().isPresent()) {
      String wc = options.spec().weight().get();
      Column<?> col = kept.table().column(wc);
      w = new float[kept.rowCount()];
      for (int r = 0; r < w.length; r++) {
        double v = numeric(col, r);
        if (Double.isNaN(v) || v < 0) {
          throw new BoostlineException(
              "weight column \""
                  + wc
                  + "\" row "
                  + (r + 1)
                  + ": "
                  + (Double.isNaN(v) ? "missing" : v)
                  + " (weights must be present and >= 0)");
        }
        w[r] = (float) v;
      }
    }
    return new Prepared(kept, objective, labels, yv, w, missing, notes);
  }

  /**
   * Whether a numeric target holds exactly the values 0 and 1: it is then a binary label, not a
   * quantity (the trap of issue 10: a 0/1 column trained as regression by default).
   */
  private static boolean zeroOne(Column<?> y) {
    boolean zero = false;
    boolean one = false;
    for (int r = 0; r < y.size(); r++) {
      double v = numeric(y, r);
      if (v == 0) {
        zero = true;
      } else if (v == 1) {
        one = true;
      } else {
        return false;
      }
    }
    return zero && one;
  }

  private static List<String> classesOf(Column<?> y, ColumnType type) {
    if (type.isNumeric()) {
      TreeSet<Double> values = new TreeSet<>();
      for (int r = 0; r < y.size(); r++) {
        values.add(numeric(y, r));
      }
      return values.stream().map(v -> classText(v, type)).toList();
    }
    TreeSet<String> values = new TreeSet<>();
    for (int r = 0; r < y.size(); r++) {
      values.add(text(y, r));
    }
    return List.copyOf(values);
  }

  private static String classText(double v, ColumnType type) {
    return type == ColumnType.INTEGER ? Long.toString((long) v) : Double.toString(v);
  }

  private static String text(Column<?> y, int r) {
    if (y instanceof BooleanColumn b) {
      return String.valueOf(b.get(r));
    }
    return ((StringColumn) y).get(r);
  }

  private static double numeric(Column<?> c, int r) {
    if (c instanceof DoubleColumn d) {
      return d.getDouble(r);
    }
    LongColumn l = (LongColumn) c;
    return l.isMissing(r) ? Double.NaN : l.getLong(r);
  }

  private static float[] labelValues(Column<?> y, LabelEncoding labels) {
    float[] out = new float[y.size()];
    if (labels.task() == Task.REGRESSION) {
      for (int r = 0; r < out.length; r++) {
        double v = numeric(y, r);
        if (!Double.isFinite(v) || Float.isInfinite((float) v)) {
          throw new BoostlineException(
              "target \""
                  + labels.target()
                  + "\" row "
                  + (r + 1)
                  + " is "
                  + v
                  + "; a regression target must be a finite number within float32 range (|v| < 3.4e38)");
        }
        out[r] = (float) v;
      }
      return out;
    }
    Map<String, Integer> index = labels.index();
    boolean numericTarget = y instanceof DoubleColumn || y instanceof LongColumn;
    ColumnType type = y instanceof LongColumn ? ColumnType.INTEGER : ColumnType.DOUBLE;
    for (int r = 0; r < out.length; r++) {
      String v = numericTarget ? classText(numeric(y, r), type) : text(y, r);
      out[r] = index.get(v);
    }
    return out;
  }

  static TrainResult trainOn(
      Prepared p,
      int[] trainRows,
      int[] validRows,
      TrainOptions options,
      TrainingListener listener) {
    FittedFeatures features = options.spec().fit(p.data, trainRows);
    features.definition().notes().forEach(listener::onInfo);
    Table table = p.data.table();
    int width = features.size();
    float[] xTrain = features.transform(table, trainRows);
    float[] xValid = validRows.length == 0 ? null : features.transform(table, validRows);
    requireFinite(xTrain, width, features, trainRows);
    if (xValid != null) {
      requireFinite(xValid, width, features, validRows);
    }
    float[] yTrain = pick(p.y, trainRows);
    float[] yValid = pick(p.y, validRows);
    float[] wTrain = p.weights == null ? null : pick(p.weights, trainRows);
    float[] wValid = p.weights == null ? null : pick(p.weights, validRows);
    XgbParams params = options.params();
    Map<String, Object> nativeParams = params.toMap(p.objective, p.labels.numClass());
    List<String> metrics = params.metrics(p.objective);
    String watched = (validRows.length > 0 ? "valid-" : "train-") + metrics.get(0);
    boolean maximize = Metric.xgboostMaximizes(metrics.get(0));
    List<Map<String, Double>> history = new ArrayList<>();
    int best = -1;
    double bestScore = Double.NaN;
    int rounds = 0;
    try (NativeMatrix dtrain =
            NativeMatrix.dense(
                xTrain,
                trainRows.length,
                width,
                features.featureNames(),
                features.featureTypes(),
                yTrain,
                wTrain);
        NativeMatrix dvalid =
            xValid == null
                ? null
                : NativeMatrix.dense(
                    xValid,
                    validRows.length,
                    width,
                    features.featureNames(),
                    features.featureTypes(),
                    yValid,
                    wValid);
        NativeMatrix dtrainSample =
            trainSample(xTrain, yTrain, wTrain, width, features, params.seed());
        NativeBooster booster = NativeBooster.create(nativeParams, dtrain)) {
      List<NativeMatrix> sets = new ArrayList<>();
      List<String> names = new ArrayList<>();
      sets.add(dtrainSample != null ? dtrainSample : dtrain);
      names.add("train");
      if (dvalid != null) {
        sets.add(dvalid);
        names.add("valid");
      }
      for (int i = 0; i < params.rounds(); i++) {
        booster.update(dtrain, i);
        rounds = i + 1;
        Map<String, Double> m = parseEval(booster.evaluate(sets, names, i));
        history.add(m);
        listener.onIteration(i, params.rounds(), m);
        Double score = m.get(watched);
        if (score == null) {
          throw new IllegalStateException("xgboost reported no " + watched + " in " + m);
        }
        if (best < 0 || (maximize ? score > bestScore : score < bestScore)) {
          best = i;
          bestScore = score;
        }
        if (options.earlyStoppingRounds() > 0 && i - best >= options.earlyStoppingRounds()) {
          listener.onInfo(
              "early stopping at round "
                  + (i + 1)
                  + ": best "
                  + watched
                  + " "
                  + String.format(Locale.ROOT, "%.6g", bestScore)
                  + " at round "
                  + (best + 1));
          break;
        }
      }
      if (options.earlyStoppingRounds() == 0) {
        // Without early stopping the model is the last round, whatever the best score was.
        best = rounds - 1;
        bestScore = history.get(best).get(watched);
      }
      booster.setAttribute("best_iteration", Integer.toString(best));
      booster.setAttribute("best_score", Double.toString(bestScore));
      booster.setAttribute("boostline_stopping_metric", watched);
      // When the model is every round, XGBoost's prediction cache holds the margins of the
      // matrices it trained and evaluated on: reading it is far cheaper than predicting again.
      boolean allRounds = best == rounds - 1;
      Map<String, Double> trainMetrics =
          finalMetrics(
              p.labels,
              allRounds
                  ? booster.predictAll(dtrain)
                  : booster.predict(xTrain, trainRows.length, width, best + 1, false),
              yTrain,
              wTrain);
      Map<String, Double> validMetrics =
          xValid == null
              ? Map.of()
              : finalMetrics(
                  p.labels,
                  allRounds
                      ? booster.predictAll(dvalid)
                      : booster.predict(xValid, validRows.length, width, best + 1, false),
                  yValid,
                  wValid);
      Map<String, Map<String, Double>> importance = new LinkedHashMap<>();
      for (String type : List.of("gain", "cover", "weight")) {
        importance.put(type, booster.importance(features.featureNames(), type));
      }
      return TrainResult.builder()
          .objective(p.objective)
          .labels(p.labels)
          .features(features)
          .model(booster.toUbj())
          .rounds(best, rounds)
          .stopping(watched, bestScore)
          .history(history)
          .metrics(trainMetrics, validMetrics)
          .importance(importance)
          .split(new TrainResult.SplitSizes(trainRows.length, validRows.length, p.dropped))
          .nativeParams(nativeParams)
          .notes(p.notes)
          .build();
    }
  }

  /**
   * Rounds are evaluated on the training rows too, for the per-round history; above this many
   * training rows, on a seeded sample of this size (null is returned below it): the per-round train
   * curve is for watching progress, and evaluating it must stay a small part of a round (XGBoost's
   * logloss + AUC + error cost 7.7 ms a round on 50,000 rows here, 1.7 ms on 10,000, for rounds of
   * about 110 ms on a million rows). The final train metrics always use every training row.
   */
  static final int TRAIN_EVAL_ROWS = 10_000;

  private static NativeMatrix trainSample(
      float[] x, float[] y, float[] w, int width, FittedFeatures features, long seed) {
    int n = y.length;
    if (n <= TRAIN_EVAL_ROWS) {
      return null; // evaluate on the training matrix itself
    }
    int[] rows = identity(n);
    new dev.boostline.util.internal.SplitMix64(seed ^ 0x5EED).shuffle(rows);
    rows = java.util.Arrays.copyOf(rows, TRAIN_EVAL_ROWS);
    java.util.Arrays.sort(rows);
    float[] xs = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(x, rows[i] * width, xs, i * width, width);
    }
    return NativeMatrix.dense(
        xs,
        rows.length,
        width,
        features.featureNames(),
        features.featureTypes(),
        pick(y, rows),
        w == null ? null : pick(w, rows));
  }

  /**
   * The task's metrics of model outputs, the set evaluation reports ({@link TaskMetricSet} at the
   * default threshold 0.5).
   *
   * @param outputs per row one probability (binary), one per class (multiclass) or the value
   * @param y per row the label index or value
   * @param w per row the weight, or null
   */
  public static Map<String, Double> finalMetrics(
      LabelEncoding labels, float[][] outputs, float[] y, float[] w) {
    int n = y.length;
    double[] yy = new double[n];
    double[][] out = new double[n][];
    double[] ww = w == null ? null : new double[n];
    for (int i = 0; i < n; i++) {
      yy[i] = y[i];
      out[i] = new double[outputs[i].length];
      for (int k = 0; k < outputs[i].length; k++) {
        out[i][k] = outputs[i][k];
      }
      if (ww != null) {
        ww[i] = w[i];
      }
    }
    return TaskMetricSet.compute(new Scored(labels.task(), labels.classes(), yy, out, ww), 0.5);
  }

  /** Parses {@code [3]\ttrain-logloss:0.5\tvalid-logloss:0.6} into a map. */
  static Map<String, Double> parseEval(String line) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (String part : line.trim().split("\t")) {
      int colon = part.lastIndexOf(':');
      if (part.startsWith("[") || colon < 0) {
        continue;
      }
      m.put(part.substring(0, colon), number(part.substring(colon + 1).trim()));
    }
    return m;
  }

  /** A metric value as XGBoost prints it ({@code nan} and {@code inf} included). */
  private static double number(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "nan", "-nan" -> Double.NaN;
      case "inf", "+inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  /** Refuses features that float32 made infinite (numbers beyond 3.4e38), naming one. */
  private static void requireFinite(float[] x, int width, FittedFeatures f, int[] rows) {
    for (int i = 0; i < x.length; i++) {
      if (Float.isInfinite(x[i])) {
        throw new BoostlineException(
            "feature \""
                + f.featureNames().get(i % width)
                + "\" row "
                + (rows[i / width] + 1)
                + " is beyond float32 range (|v| >= 3.4e38); XGBoost computes in float32");
      }
    }
  }

  private static float[] pick(float[] values, int[] rows) {
    float[] out = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = values[rows[i]];
    }
    return out;
  }

  static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }
}
