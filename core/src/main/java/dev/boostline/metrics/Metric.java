package dev.boostline.metrics;

import dev.boostline.task.Task;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The evaluation metrics Boostline computes, each with its one name (the key in every map, file and
 * policy), its direction, the tasks it applies to and how it is shown. This type is the only list
 * of metric names: the per-task sets ({@link #of(Task)}), the promotion policy, the reports and the
 * trainer all read it from here.
 */
public enum Metric {
  /** Area under the ROC curve (ties count one half). */
  AUC("auc", "ROC AUC", true, EnumSet.of(Task.BINARY)),
  /** Average precision: the step-wise area under the precision-recall curve. */
  PR_AUC("pr_auc", "PR AUC", true, EnumSet.of(Task.BINARY)),
  /** Mean negative log-likelihood of the true class (probabilities clipped to [1e-15, 1-1e-15]). */
  LOGLOSS("logloss", "log loss", false, EnumSet.of(Task.BINARY)),
  /** Mean squared difference between the probability and the 0/1 outcome. */
  BRIER("brier", "Brier score", false, EnumSet.of(Task.BINARY)),
  /** Share of rows whose predicted class (threshold, or argmax) is the true class. */
  ACCURACY("accuracy", "accuracy", true, EnumSet.of(Task.BINARY, Task.MULTICLASS)),
  /** Of the rows predicted positive, the share that are positive. */
  PRECISION("precision", "precision", true, EnumSet.of(Task.BINARY)),
  /** Of the positive rows, the share predicted positive. */
  RECALL("recall", "recall", true, EnumSet.of(Task.BINARY)),
  /** Harmonic mean of precision and recall. */
  F1("f1", "F1", true, EnumSet.of(Task.BINARY)),
  /** Expected calibration error over 10 equal-width probability bins. */
  ECE("ece", "calibration error", false, EnumSet.of(Task.BINARY)),
  /** Unweighted mean of the per-class F1 scores. */
  MACRO_F1("macro_f1", "macro F1", true, EnumSet.of(Task.MULTICLASS)),
  /** Mean negative log-likelihood of the true class over K classes. */
  MLOGLOSS("mlogloss", "multiclass log loss", false, EnumSet.of(Task.MULTICLASS)),
  /** Root mean squared error. */
  RMSE("rmse", "RMSE", false, EnumSet.of(Task.REGRESSION)),
  /** Mean absolute error. */
  MAE("mae", "MAE", false, EnumSet.of(Task.REGRESSION)),
  /** Coefficient of determination. */
  R2("r2", "R\u00b2", true, EnumSet.of(Task.REGRESSION)),
  /** Mean absolute percentage error, as a fraction; only defined when no true value is 0. */
  MAPE("mape", "MAPE", false, EnumSet.of(Task.REGRESSION));

  private static final List<Metric> BINARY =
      List.of(AUC, PR_AUC, LOGLOSS, BRIER, ACCURACY, PRECISION, RECALL, F1, ECE);
  private static final List<Metric> MULTICLASS = List.of(ACCURACY, MACRO_F1, MLOGLOSS);
  private static final List<Metric> REGRESSION = List.of(RMSE, MAE, R2, MAPE);

  private final String id;
  private final String display;
  private final boolean higherIsBetter;
  private final Set<Task> tasks;

  Metric(String id, String display, boolean higherIsBetter, Set<Task> tasks) {
    this.id = id;
    this.display = display;
    this.higherIsBetter = higherIsBetter;
    this.tasks = tasks;
  }

  /** The name used in maps, files and policies, e.g. {@code pr_auc}. */
  public String id() {
    return id;
  }

  /** The name shown to people, e.g. {@code PR AUC}. */
  public String display() {
    return display;
  }

  /** Whether a larger value is better (true for scores, false for losses and errors). */
  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /** The tasks this metric is computed for. */
  public Set<Task> tasks() {
    return tasks;
  }

  /**
   * Whether {@code candidate} is better than {@code baseline} by more than {@code margin} (an
   * absolute amount in the metric's units, {@code >= 0}), in this metric's direction.
   */
  public boolean improves(double candidate, double baseline, double margin) {
    return gain(candidate, baseline) > margin;
  }

  /** How much better {@code candidate} is than {@code baseline}: positive is better. */
  public double gain(double candidate, double baseline) {
    return higherIsBetter ? candidate - baseline : baseline - candidate;
  }

  /**
   * The metrics of a task, in report order: binary {@code auc, pr_auc, logloss, brier, accuracy,
   * precision, recall, f1, ece}; multiclass {@code accuracy, macro_f1, mlogloss}; regression {@code
   * rmse, mae, r2, mape}.
   */
  public static List<Metric> of(Task task) {
    return switch (task) {
      case BINARY -> BINARY;
      case MULTICLASS -> MULTICLASS;
      case REGRESSION -> REGRESSION;
    };
  }

  /**
   * The metric a promotion decides on by default: {@code auc} (binary), {@code mlogloss}
   * (multiclass), {@code rmse} (regression).
   */
  public static Metric primary(Task task) {
    return switch (task) {
      case BINARY -> AUC;
      case MULTICLASS -> MLOGLOSS;
      case REGRESSION -> RMSE;
    };
  }

  /** The metric named {@code id} (exactly as {@link #id()}), if there is one. */
  public static Optional<Metric> find(String id) {
    return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
  }

  /**
   * The metric named {@code id}.
   *
   * @throws IllegalArgumentException naming the known metrics
   */
  public static Metric parse(String id) {
    return find(id.trim().toLowerCase(Locale.ROOT))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown metric \"" + id + "\"; known: " + names(List.of(values()))));
  }

  /**
   * The metric named {@code id} for {@code task}.
   *
   * @throws IllegalArgumentException when it is unknown or not computed for the task, naming the
   *     task's metrics
   */
  public static Metric parse(String id, Task task) {
    Metric m = parse(id);
    if (!m.tasks.contains(task)) {
      throw new IllegalArgumentException(
          "metric \""
              + id
              + "\" is not computed for "
              + task.name().toLowerCase(Locale.ROOT)
              + " models; available: "
              + names(of(task)));
    }
    return m;
  }

  /** Comma-separated ids, for messages. */
  public static String names(List<Metric> metrics) {
    return metrics.stream().map(Metric::id).collect(Collectors.joining(", "));
  }

  /**
   * Whether larger is better for one of XGBoost's evaluation metrics ({@code eval_metric}), such as
   * {@code auc}, {@code aucpr}, {@code map@5}, {@code ndcg}, {@code pre@3} (larger is better) or
   * {@code logloss}, {@code rmse}, {@code error@0.7}, {@code tweedie-nloglik@1.5} (smaller is
   * better). These are XGBoost's names, watched by early stopping, not Boostline's {@link Metric}
   * ids.
   */
  public static boolean xgboostMaximizes(String evalMetric) {
    String m = evalMetric.toLowerCase(Locale.ROOT);
    return m.startsWith("auc")
        || m.startsWith("map")
        || m.startsWith("ndcg")
        || m.startsWith("pre");
  }

  @Override
  public String toString() {
    return id;
  }
}
