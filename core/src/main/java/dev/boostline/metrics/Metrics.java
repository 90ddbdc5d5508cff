package dev.boostline.metrics;

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
 *       0}, else {@link IllegalArgumentException}. A row of weight 0 is dropped before anything
 *       else, so weighting rows by integer counts equals repeating them.
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
    return rankMetrics(scores, labels, weights)[0];
  }

  /**
   * Area under the precision-recall curve as average precision, in [0, 1]: the sum over distinct
   * score thresholds, from the highest down, of the recall gained at the threshold times the
   * precision there. Step-wise, not interpolated, exactly as scikit-learn's {@code
   * average_precision_score}; rows with equal scores enter together. NaN when there is no positive
   * row or any score is NaN. O(n log n).
   */
  public static double prAuc(double[] scores, double[] labels, double[] weights) {
    return rankMetrics(scores, labels, weights)[1];
  }

  /**
   * Binary log loss (cross-entropy, natural log) of positive-class probabilities, each clipped to
   * [1e-15, 1 - 1e-15] so that a confident mistake costs at most about 34.5 per row. In [0, 34.6].
   */
  public static double logLoss(double[] p, double[] labels, double[] weights) {
    Rows r = Rows.of(p, labels, weights);
    double[] terms = new double[r.size()];
    for (int i = 0; i < terms.length; i++) {
      terms[i] = logLossTerm(r.values[i], r.labels[i] > 0.5);
    }
    return weightedMean(terms, r.weights);
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
      boolean absent = weights != null && weights[i] == 0;
      terms[i] = absent ? 0 : multiLogLossTerm(probs[i], (int) labels[i]);
    }
    return weightedMean(terms, weights);
  }

  /**
   * Brier score: the mean squared difference between the positive-class probability and the 0/1
   * outcome, in [0, 1] for probabilities in [0, 1]; lower is better.
   */
  public static double brier(double[] p, double[] labels, double[] weights) {
    Rows r = Rows.of(p, labels, weights);
    double[] terms = new double[r.size()];
    for (int i = 0; i < terms.length; i++) {
      terms[i] = brierTerm(r.values[i], r.labels[i] > 0.5);
    }
    return weightedMean(terms, r.weights);
  }

  /** Share of rows, in [0, 1], whose predicted class equals the label (compared exactly). */
  public static double accuracy(double[] predicted, double[] labels, double[] weights) {
    Rows r = Rows.of(predicted, labels, weights);
    double[] hits = new double[r.size()];
    for (int i = 0; i < hits.length; i++) {
      hits[i] = r.values[i] == r.labels[i] ? 1 : 0;
    }
    return weightedMean(hits, r.weights);
  }

  /**
   * Precision at a threshold: of the rows predicted positive ({@code p >= threshold}), the share
   * that are positive, in [0, 1]. NaN when no row is predicted positive.
   */
  public static double precision(double[] p, double[] labels, double threshold, double[] weights) {
    return precision(counts(p, labels, threshold, weights));
  }

  /**
   * Recall (sensitivity, true positive rate) at a threshold: of the positive rows, the share
   * predicted positive ({@code p >= threshold}), in [0, 1]. NaN when there is no positive row.
   */
  public static double recall(double[] p, double[] labels, double threshold, double[] weights) {
    return recall(counts(p, labels, threshold, weights));
  }

  /**
   * F1 at a threshold: the harmonic mean of precision and recall, computed as {@code 2 TP / (2 TP +
   * FP + FN)}, in [0, 1]. It is 0 when there are positives or predicted positives but no true
   * positive; NaN only when there is neither a positive row nor a predicted positive.
   */
  public static double f1(double[] p, double[] labels, double threshold, double[] weights) {
    return f1(counts(p, labels, threshold, weights));
  }

  /**
   * Expected calibration error of positive-class probabilities, in [0, 1]: rows fall into 10
   * equal-width bins by probability (bin b holds {@code floor(10 p) == b}, the last bin also takes
   * p = 1); the result is the sum over bins of the bin's share of the total weight times the
   * absolute difference between its mean probability and its positive rate. Empty bins add nothing.
   * Probabilities are expected in [0, 1]; values outside are put in the nearest end bin.
   */
  public static double expectedCalibrationError(double[] p, double[] labels, double[] weights) {
    Rows r = Rows.of(p, labels, weights);
    return calibrationError(
        calibrationBins(r.values), calibrationGaps(r.values, positives(r.labels)), r.weights);
  }

  /**
   * Macro-averaged F1 for class predictions: the unweighted mean over classes of each class's
   * one-vs-rest F1 ({@code 2 TP / (2 TP + FP + FN)}), in [0, 1]. Averages over the classes that
   * occur (with positive weight) as a label or a prediction, as scikit-learn's {@code f1_score(...,
   * average="macro")} does by default; a class that occurs in neither has no F1 and is left out.
   * Labels and predictions must be class indices {@code >= 0}, else {@link
   * IllegalArgumentException}.
   */
  public static double macroF1(double[] predicted, double[] labels, double[] weights) {
    Rows r = Rows.of(predicted, labels, weights);
    for (int i = 0; i < labels.length; i++) {
      checkClassIndex(predicted[i], "predicted", i);
      checkClassIndex(labels[i], "labels", i);
    }
    int n = r.size();
    int[] pred = new int[n];
    int[] label = new int[n];
    int classes = 0;
    for (int i = 0; i < n; i++) {
      pred[i] = (int) r.values[i];
      label[i] = (int) r.labels[i];
      classes = Math.max(classes, Math.max(pred[i], label[i]) + 1);
    }
    return macroF1(pred, label, classes, r.weights);
  }

  /** Root mean squared error, in the unit of the values, {@code >= 0}. */
  public static double rmse(double[] predicted, double[] actual, double[] weights) {
    Rows r = Rows.of(predicted, actual, weights);
    return Math.sqrt(weightedMean(squaredErrors(r.values, r.labels), r.weights));
  }

  /** Mean absolute error, in the unit of the values, {@code >= 0}. */
  public static double mae(double[] predicted, double[] actual, double[] weights) {
    Rows r = Rows.of(predicted, actual, weights);
    double[] terms = new double[r.size()];
    for (int i = 0; i < terms.length; i++) {
      terms[i] = Math.abs(r.values[i] - r.labels[i]);
    }
    return weightedMean(terms, r.weights);
  }

  /**
   * Coefficient of determination {@code 1 - SSE / SST} (weighted; SST about the weighted mean of
   * the actual values), at most 1 and unbounded below (a model worse than predicting the mean is
   * negative). NaN when the actual values are all equal.
   */
  public static double r2(double[] predicted, double[] actual, double[] weights) {
    Rows r = Rows.of(predicted, actual, weights);
    return coefficientOfDetermination(squaredErrors(r.values, r.labels), r.labels, r.weights);
  }

  /**
   * Mean absolute percentage error as a fraction ({@code 0.05} is 5%): the mean of {@code |actual -
   * predicted| / |actual|}, {@code >= 0}. NaN when any actual value is 0, where the ratio is
   * undefined.
   */
  public static double mape(double[] predicted, double[] actual, double[] weights) {
    Rows r = Rows.of(predicted, actual, weights);
    double[] terms = new double[r.size()];
    for (int i = 0; i < terms.length; i++) {
      terms[i] = apeTerm(r.values[i], r.labels[i]);
    }
    return weightedMean(terms, r.weights);
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

  // ---- Kernels shared with MetricEvaluator ----
  //
  // Per-row terms are prepared once; each kernel is then one branch-free O(n) pass per weighting
  // (null weights mean all 1). A bootstrap resample gives a third or so of the rows weight 0 in
  // random places, where a skip-if-zero branch would mispredict; instead the terms must be finite,
  // which Scored guarantees and the public methods above ensure by dropping weight-0 rows.

  /** Weighted mean of per-row terms; NaN for zero total weight. */
  static double weightedMean(double[] terms, double[] weights) {
    double sum = 0;
    double total = 0;
    if (weights == null) {
      for (double t : terms) {
        sum += t;
      }
      total = terms.length;
    } else {
      for (int i = 0; i < terms.length; i++) {
        sum += weights[i] * terms[i];
        total += weights[i];
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

  static double[] squaredErrors(double[] predicted, double[] actual) {
    double[] terms = new double[actual.length];
    for (int i = 0; i < actual.length; i++) {
      double d = predicted[i] - actual[i];
      terms[i] = d * d;
    }
    return terms;
  }

  static boolean[] positives(double[] labels) {
    boolean[] positive = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      positive[i] = labels[i] > 0.5;
    }
    return positive;
  }

  /**
   * Per-row indicators for {@link #binaryCounts}: {@code [0]} true positive, {@code [1]} predicted
   * positive ({@code p >= threshold}), {@code [2]} positive; each 1 or 0.
   */
  static double[][] indicators(double[] p, boolean[] positive, double threshold) {
    int n = p.length;
    double[][] ind = new double[3][n];
    for (int i = 0; i < n; i++) {
      boolean predicted = p[i] >= threshold;
      ind[0][i] = predicted && positive[i] ? 1 : 0;
      ind[1][i] = predicted ? 1 : 0;
      ind[2][i] = positive[i] ? 1 : 0;
    }
    return ind;
  }

  /** Weighted {true positives, predicted positives, positives, total}. */
  static double[] binaryCounts(double[][] indicators, double[] weights) {
    double[] tp = indicators[0];
    double[] predicted = indicators[1];
    double[] positive = indicators[2];
    double a = 0;
    double b = 0;
    double c = 0;
    double total = 0;
    for (int i = 0; i < tp.length; i++) {
      double w = weights == null ? 1 : weights[i];
      a += w * tp[i];
      b += w * predicted[i];
      c += w * positive[i];
      total += w;
    }
    return new double[] {a, b, c, total};
  }

  static double precision(double[] counts) {
    return counts[1] == 0 ? Double.NaN : counts[0] / counts[1];
  }

  static double recall(double[] counts) {
    return counts[2] == 0 ? Double.NaN : counts[0] / counts[2];
  }

  static double f1(double[] counts) {
    double d = counts[1] + counts[2];
    return d == 0 ? Double.NaN : 2 * counts[0] / d;
  }

  /** (TP + TN) / total, with TN = total - predicted - positive + TP. */
  static double accuracy(double[] counts) {
    double total = counts[3];
    return total == 0 ? Double.NaN : (total - counts[1] - counts[2] + 2 * counts[0]) / total;
  }

  static int[] calibrationBins(double[] p) {
    int[] bins = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      // The cast maps NaN to 0; the clamp keeps p = 1 (and strays) in the end bins.
      int b = (int) Math.floor(p[i] * CALIBRATION_BINS);
      bins[i] = Math.min(Math.max(b, 0), CALIBRATION_BINS - 1);
    }
    return bins;
  }

  /** Per row, probability minus outcome. */
  static double[] calibrationGaps(double[] p, boolean[] positive) {
    double[] gaps = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      gaps[i] = p[i] - (positive[i] ? 1 : 0);
    }
    return gaps;
  }

  /**
   * Sum over bins of (bin weight / total weight) * |mean p - mean y|, which simplifies to the sum
   * over bins of |sum of w (p - y)| / total weight.
   */
  static double calibrationError(int[] bins, double[] gaps, double[] weights) {
    double[] gap = new double[CALIBRATION_BINS];
    double total = 0;
    for (int i = 0; i < gaps.length; i++) {
      double w = weights == null ? 1 : weights[i];
      gap[bins[i]] += w * gaps[i];
      total += w;
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

  /**
   * Per class, F1 = 2 TP / (label weight + predicted weight); classes with neither are left out.
   */
  static double macroF1(int[] pred, int[] label, int classes, double[] weights) {
    double[] tp = new double[classes];
    double[] labelled = new double[classes];
    double[] predicted = new double[classes];
    for (int i = 0; i < label.length; i++) {
      double w = weights == null ? 1 : weights[i];
      tp[label[i]] += pred[i] == label[i] ? w : 0;
      labelled[label[i]] += w;
      predicted[pred[i]] += w;
    }
    double sum = 0;
    int present = 0;
    for (int k = 0; k < classes; k++) {
      double d = labelled[k] + predicted[k];
      if (d > 0) {
        sum += 2 * tp[k] / d;
        present++;
      }
    }
    return present == 0 ? Double.NaN : sum / present;
  }

  /**
   * 1 - SSE / SST from per-row squared errors. Sums are taken about the first positively weighted
   * actual value, so equal actual values give SST exactly 0 (and NaN) rather than a rounding
   * residue.
   */
  static double coefficientOfDetermination(
      double[] squaredErrors, double[] actual, double[] weights) {
    int n = actual.length;
    int first = 0;
    while (first < n && weights != null && weights[first] == 0) {
      first++;
    }
    if (first == n) {
      return Double.NaN;
    }
    double origin = actual[first];
    double total = 0;
    double shifted = 0;
    double sse = 0;
    for (int i = 0; i < n; i++) {
      double w = weights == null ? 1 : weights[i];
      total += w;
      shifted += w * (actual[i] - origin);
      sse += w * squaredErrors[i];
    }
    double mean = shifted / total;
    double sst = 0;
    for (int i = 0; i < n; i++) {
      double w = weights == null ? 1 : weights[i];
      double d = actual[i] - origin - mean;
      sst += w * d * d;
    }
    return sst == 0 ? Double.NaN : 1 - sse / sst;
  }

  // ---- Argument handling ----

  private static double[] rankMetrics(double[] scores, double[] labels, double[] weights) {
    Rows r = Rows.of(scores, labels, weights);
    for (double v : r.values) {
      if (Double.isNaN(v)) {
        return new double[] {Double.NaN, Double.NaN};
      }
    }
    return ScoreOrder.of(r.values, positives(r.labels)).rocAucAndAveragePrecision(r.weights);
  }

  private static double[] counts(double[] p, double[] labels, double threshold, double[] weights) {
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("threshold must be a number, got NaN");
    }
    Rows r = Rows.of(p, labels, weights);
    return binaryCounts(indicators(r.values, positives(r.labels), threshold), r.weights);
  }

  /** The arguments with the rows of weight 0 removed, after checking lengths and weights. */
  private record Rows(double[] values, double[] labels, double[] weights) {
    static Rows of(double[] values, double[] labels, double[] weights) {
      checkRows(values.length, labels, weights);
      int kept = 0;
      if (weights != null) {
        for (double w : weights) {
          kept += w == 0 ? 0 : 1;
        }
      }
      if (weights == null || kept == weights.length) {
        return new Rows(values, labels, weights);
      }
      double[] v = new double[kept];
      double[] l = new double[kept];
      double[] w = new double[kept];
      int k = 0;
      for (int i = 0; i < weights.length; i++) {
        if (weights[i] != 0) {
          v[k] = values[i];
          l[k] = labels[i];
          w[k++] = weights[i];
        }
      }
      return new Rows(v, l, w);
    }

    int size() {
      return labels.length;
    }
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

  private static void checkClassIndex(double value, String what, int row) {
    if (!(value >= 0) || value != Math.rint(value) || value > Integer.MAX_VALUE - 1) {
      throw new IllegalArgumentException(
          what + "[" + row + "] must be a class index (an integer >= 0), got " + value);
    }
  }
}
