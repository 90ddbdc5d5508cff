package dev.boostline.eval;

/**
 * Model quality metrics, computed in double precision. Stateless; every method is thread-safe.
 *
 * <p>Conventions shared by every method:
 *
 * <ul>
 *   <li>All arrays have one entry per row and must have the same length, else {@link
 *       IllegalArgumentException}.
 *   <li>Binary labels: a label above 0.5 is the positive class, anything else negative (so 0/1
 *       class indices work). Multiclass labels and predictions are class indices 0..K-1.
 *   <li>{@code weights} may be null for equal weights; otherwise each must be finite and {@code >=
 *       0}, else {@link IllegalArgumentException}. A row of weight 0 counts as absent, so weighting
 *       rows by integer counts equals repeating them.
 *   <li>A metric over zero total weight (no rows) is NaN, as is one that is undefined for the data,
 *       as each method says. Inputs are expected to be finite ({@link Scored} checks this): a NaN
 *       probability or value makes the mean-based metrics NaN, and a NaN score makes the rank
 *       metrics NaN; threshold metrics treat a NaN probability as below the threshold.
 * </ul>
 */
public final class Metrics {
  private static final double EPS = 1e-15;

  /** Number of equal-width probability bins of {@link #expectedCalibrationError}. */
  static final int CALIBRATION_BINS = 10;

  private Metrics() {}

  /**
   * Area under the ROC curve of scores for binary labels, ties counted half (the Mann-Whitney
   * statistic), in [0, 1]. Scores may be on any scale; only their order matters. NaN when either
   * class is absent or any score is NaN. O(n log n).
   */
  public static double rocAuc(double[] scores, double[] labels, double[] weights) {
    checkRows(scores, labels, weights);
    if (hasNaN(scores)) {
      return Double.NaN;
    }
    return ScoreOrder.of(scores).rocAuc(positives(labels), weights);
  }

  /**
   * Area under the precision-recall curve as average precision, in [0, 1]: the sum over distinct
   * score thresholds, from the highest down, of the recall gained at the threshold times the
   * precision there. Step-wise, not interpolated, exactly as scikit-learn's {@code
   * average_precision_score}; rows with equal scores enter together. NaN when there is no positive
   * row or any score is NaN. O(n log n).
   */
  public static double prAuc(double[] scores, double[] labels, double[] weights) {
    checkRows(scores, labels, weights);
    if (hasNaN(scores)) {
      return Double.NaN;
    }
    return ScoreOrder.of(scores).averagePrecision(positives(labels), weights);
  }

  /**
   * Binary log loss (cross-entropy, natural log) of positive-class probabilities, each clipped to
   * [1e-15, 1 - 1e-15] so that a confident mistake costs at most about 34.5 per row. In [0, 34.6].
   */
  public static double logLoss(double[] p, double[] labels, double[] weights) {
    checkRows(p, labels, weights);
    boolean[] positive = positives(labels);
    double[] terms = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      terms[i] = logLossTerm(p[i], positive[i]);
    }
    return weightedMean(terms, weights);
  }

  /**
   * Multiclass log loss (natural log): the mean of {@code -log(probs[i][label])}, the probability
   * clipped to [1e-15, 1 - 1e-15]. {@code probs[i]} holds one probability per class; only the
   * label's entry is read.
   */
  public static double multiLogLoss(double[][] probs, double[] labels, double[] weights) {
    checkRows(probs.length, labels, weights);
    double[] terms = new double[probs.length];
    for (int i = 0; i < probs.length; i++) {
      terms[i] = multiLogLossTerm(probs[i], (int) labels[i]);
    }
    return weightedMean(terms, weights);
  }

  /**
   * Brier score: the mean squared difference between the positive-class probability and the 0/1
   * outcome, in [0, 1] for probabilities in [0, 1]; lower is better.
   */
  public static double brier(double[] p, double[] labels, double[] weights) {
    checkRows(p, labels, weights);
    boolean[] positive = positives(labels);
    double[] terms = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      terms[i] = brierTerm(p[i], positive[i]);
    }
    return weightedMean(terms, weights);
  }

  /** Share of rows, in [0, 1], whose predicted class equals the label (compared exactly). */
  public static double accuracy(double[] predicted, double[] labels, double[] weights) {
    checkRows(predicted, labels, weights);
    double[] hits = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      hits[i] = predicted[i] == labels[i] ? 1 : 0;
    }
    return weightedMean(hits, weights);
  }

  /**
   * Precision at a threshold: of the rows predicted positive ({@code p >= threshold}), the share
   * that are positive, in [0, 1]. NaN when no row is predicted positive.
   */
  public static double precision(double[] p, double[] labels, double threshold, double[] weights) {
    double[] c = confusion(p, labels, threshold, weights);
    return precision(c);
  }

  /**
   * Recall (sensitivity, true positive rate) at a threshold: of the positive rows, the share
   * predicted positive ({@code p >= threshold}), in [0, 1]. NaN when there is no positive row.
   */
  public static double recall(double[] p, double[] labels, double threshold, double[] weights) {
    double[] c = confusion(p, labels, threshold, weights);
    return recall(c);
  }

  /**
   * F1 at a threshold: the harmonic mean of precision and recall, computed as {@code 2 TP / (2 TP +
   * FP + FN)}, in [0, 1]. It is 0 when there are positives or predicted positives but no true
   * positive; NaN only when there is neither a positive row nor a predicted positive.
   */
  public static double f1(double[] p, double[] labels, double threshold, double[] weights) {
    double[] c = confusion(p, labels, threshold, weights);
    return f1(c);
  }

  /**
   * Expected calibration error of positive-class probabilities, in [0, 1]: rows fall into 10
   * equal-width bins by probability (bin b holds {@code floor(10 p) == b}, the last bin also takes
   * p = 1); the result is the sum over bins of the bin's share of the total weight times the
   * absolute difference between its mean probability and its positive rate. Empty bins add nothing.
   * Probabilities are expected in [0, 1]; values outside are put in the nearest end bin.
   */
  public static double expectedCalibrationError(double[] p, double[] labels, double[] weights) {
    checkRows(p, labels, weights);
    return calibrationError(calibrationBins(p), p, toOutcomes(positives(labels)), weights);
  }

  /**
   * Macro-averaged F1 for class predictions: the unweighted mean over classes of each class's
   * one-vs-rest F1 ({@code 2 TP / (2 TP + FP + FN)}), in [0, 1]. Averages over the classes that
   * occur (with positive weight) as a label or a prediction, as scikit-learn's {@code f1_score(...,
   * average="macro")} does by default; a class that occurs in neither has no F1 and is left out.
   * Labels and predictions must be class indices {@code >= 0}.
   */
  public static double macroF1(double[] predicted, double[] labels, double[] weights) {
    checkRows(predicted, labels, weights);
    int n = labels.length;
    int[] pred = new int[n];
    int[] label = new int[n];
    int classes = 0;
    for (int i = 0; i < n; i++) {
      pred[i] = classIndex(predicted[i], "predicted", i);
      label[i] = classIndex(labels[i], "label", i);
      classes = Math.max(classes, Math.max(pred[i], label[i]) + 1);
    }
    return macroF1(pred, label, classes, weights);
  }

  /** Root mean squared error, in the unit of the values, {@code >= 0}. */
  public static double rmse(double[] predicted, double[] actual, double[] weights) {
    checkRows(predicted, actual, weights);
    double[] terms = new double[actual.length];
    for (int i = 0; i < actual.length; i++) {
      double d = predicted[i] - actual[i];
      terms[i] = d * d;
    }
    return Math.sqrt(weightedMean(terms, weights));
  }

  /** Mean absolute error, in the unit of the values, {@code >= 0}. */
  public static double mae(double[] predicted, double[] actual, double[] weights) {
    checkRows(predicted, actual, weights);
    double[] terms = new double[actual.length];
    for (int i = 0; i < actual.length; i++) {
      terms[i] = Math.abs(predicted[i] - actual[i]);
    }
    return weightedMean(terms, weights);
  }

  /**
   * Coefficient of determination {@code 1 - SSE / SST} (weighted; SST about the weighted mean of
   * the actual values), at most 1 and unbounded below (a model worse than predicting the mean is
   * negative). NaN when the actual values are all equal.
   */
  public static double r2(double[] predicted, double[] actual, double[] weights) {
    checkRows(predicted, actual, weights);
    return coefficientOfDetermination(predicted, actual, weights);
  }

  static double coefficientOfDetermination(double[] predicted, double[] actual, double[] weights) {
    double total = 0;
    double mean = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < actual.length; i++) {
      double w = weights == null ? 1 : weights[i];
      if (w != 0) {
        mean += w * actual[i];
        total += w;
        min = Math.min(min, actual[i]);
        max = Math.max(max, actual[i]);
      }
    }
    // Tested directly: a rounded mean of equal values can leave SST a tiny non-zero number.
    if (total == 0 || min == max) {
      return Double.NaN;
    }
    mean /= total;
    double sse = 0;
    double sst = 0;
    for (int i = 0; i < actual.length; i++) {
      double w = weights == null ? 1 : weights[i];
      if (w != 0) {
        sse += w * (predicted[i] - actual[i]) * (predicted[i] - actual[i]);
        sst += w * (actual[i] - mean) * (actual[i] - mean);
      }
    }
    return sst == 0 ? Double.NaN : 1 - sse / sst;
  }

  /**
   * Mean absolute percentage error as a fraction ({@code 0.05} is 5%): the mean of {@code |actual -
   * predicted| / |actual|}, {@code >= 0}. NaN when any actual value (of a row with positive weight)
   * is 0, where the ratio is undefined.
   */
  public static double mape(double[] predicted, double[] actual, double[] weights) {
    checkRows(predicted, actual, weights);
    double[] terms = new double[actual.length];
    for (int i = 0; i < actual.length; i++) {
      terms[i] = apeTerm(predicted[i], actual[i]);
    }
    return weightedMean(terms, weights);
  }

  /** Index of the largest value (the first on ties); 0 for an empty array. */
  public static int argmax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  // ---- Kernels shared with MetricEvaluator: per-row terms, then one O(n) pass per weighting. ----

  /** Weighted mean of per-row terms; rows of weight 0 are skipped, so their terms may be NaN. */
  static double weightedMean(double[] terms, double[] weights) {
    double sum = 0;
    double total = 0;
    for (int i = 0; i < terms.length; i++) {
      double w = weights == null ? 1 : weights[i];
      if (w != 0) {
        sum += w * terms[i];
        total += w;
      }
    }
    return total == 0 ? Double.NaN : sum / total;
  }

  static double logLossTerm(double p, boolean positive) {
    double q = Math.min(Math.max(p, EPS), 1 - EPS);
    return positive ? -Math.log(q) : -Math.log(1 - q);
  }

  static double multiLogLossTerm(double[] probs, int label) {
    return -Math.log(Math.min(Math.max(probs[label], EPS), 1 - EPS));
  }

  static double brierTerm(double p, boolean positive) {
    double d = p - (positive ? 1 : 0);
    return d * d;
  }

  /** Absolute percentage error as a fraction; NaN (not infinity) when the actual value is 0. */
  static double apeTerm(double predicted, double actual) {
    return actual == 0 ? Double.NaN : Math.abs(actual - predicted) / Math.abs(actual);
  }

  static boolean[] positives(double[] labels) {
    boolean[] positive = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      positive[i] = labels[i] > 0.5;
    }
    return positive;
  }

  static double[] toOutcomes(boolean[] positive) {
    double[] y = new double[positive.length];
    for (int i = 0; i < positive.length; i++) {
      y[i] = positive[i] ? 1 : 0;
    }
    return y;
  }

  /** Weighted {TP, FP, FN, TN} for predictions against labels. */
  static double[] confusion(boolean[] predictedPositive, boolean[] positive, double[] weights) {
    double tp = 0;
    double fp = 0;
    double fn = 0;
    double tn = 0;
    for (int i = 0; i < positive.length; i++) {
      double w = weights == null ? 1 : weights[i];
      if (predictedPositive[i]) {
        if (positive[i]) {
          tp += w;
        } else {
          fp += w;
        }
      } else if (positive[i]) {
        fn += w;
      } else {
        tn += w;
      }
    }
    return new double[] {tp, fp, fn, tn};
  }

  static double precision(double[] c) {
    return c[0] + c[1] == 0 ? Double.NaN : c[0] / (c[0] + c[1]);
  }

  static double recall(double[] c) {
    return c[0] + c[2] == 0 ? Double.NaN : c[0] / (c[0] + c[2]);
  }

  static double f1(double[] c) {
    double d = 2 * c[0] + c[1] + c[2];
    return d == 0 ? Double.NaN : 2 * c[0] / d;
  }

  static double accuracy(double[] c) {
    double total = c[0] + c[1] + c[2] + c[3];
    return total == 0 ? Double.NaN : (c[0] + c[3]) / total;
  }

  static boolean[] predictPositive(double[] p, double threshold) {
    boolean[] predicted = new boolean[p.length];
    for (int i = 0; i < p.length; i++) {
      predicted[i] = p[i] >= threshold;
    }
    return predicted;
  }

  static int[] calibrationBins(double[] p) {
    int[] bins = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      // The cast truncates toward 0 and maps NaN to 0; the clamp keeps p = 1 (and strays) inside.
      int b = (int) Math.floor(p[i] * CALIBRATION_BINS);
      bins[i] = Math.min(Math.max(b, 0), CALIBRATION_BINS - 1);
    }
    return bins;
  }

  /**
   * Sum over bins of (bin weight / total weight) * |mean p - mean y|, which simplifies to sum over
   * bins of |sum w p - sum w y| / total weight.
   */
  static double calibrationError(int[] bins, double[] p, double[] y, double[] weights) {
    double[] gap = new double[CALIBRATION_BINS];
    double total = 0;
    for (int i = 0; i < p.length; i++) {
      double w = weights == null ? 1 : weights[i];
      if (w != 0) {
        gap[bins[i]] += w * (p[i] - y[i]);
        total += w;
      }
    }
    if (total == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (double g : gap) {
      sum += Math.abs(g);
    }
    return sum / total;
  }

  static double macroF1(int[] pred, int[] label, int classes, double[] weights) {
    double[] tp = new double[classes];
    double[] fp = new double[classes];
    double[] fn = new double[classes];
    for (int i = 0; i < label.length; i++) {
      double w = weights == null ? 1 : weights[i];
      if (pred[i] == label[i]) {
        tp[label[i]] += w;
      } else {
        fp[pred[i]] += w;
        fn[label[i]] += w;
      }
    }
    double sum = 0;
    int present = 0;
    for (int k = 0; k < classes; k++) {
      double d = 2 * tp[k] + fp[k] + fn[k];
      if (d > 0) {
        sum += 2 * tp[k] / d;
        present++;
      }
    }
    return present == 0 ? Double.NaN : sum / present;
  }

  // ---- Argument checks ----

  private static double[] confusion(
      double[] p, double[] labels, double threshold, double[] weights) {
    checkRows(p, labels, weights);
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("threshold must be a number, got NaN");
    }
    return confusion(predictPositive(p, threshold), positives(labels), weights);
  }

  private static void checkRows(double[] values, double[] labels, double[] weights) {
    checkRows(values.length, labels, weights);
  }

  private static void checkRows(int rows, double[] labels, double[] weights) {
    if (labels.length != rows) {
      throw new IllegalArgumentException(
          "labels has " + labels.length + " rows but the predictions have " + rows);
    }
    if (weights != null) {
      if (weights.length != rows) {
        throw new IllegalArgumentException(
            "weights has " + weights.length + " rows but the predictions have " + rows);
      }
      for (int i = 0; i < rows; i++) {
        if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
          throw new IllegalArgumentException(
              "weights[" + i + "] must be finite and >= 0, got " + weights[i]);
        }
      }
    }
  }

  private static int classIndex(double value, String what, int row) {
    if (!(value >= 0) || value != Math.rint(value) || value > Integer.MAX_VALUE - 1) {
      throw new IllegalArgumentException(
          what + "[" + row + "] must be a class index (an integer >= 0), got " + value);
    }
    return (int) value;
  }

  private static boolean hasNaN(double[] values) {
    for (double v : values) {
      if (Double.isNaN(v)) {
        return true;
      }
    }
    return false;
  }
}
