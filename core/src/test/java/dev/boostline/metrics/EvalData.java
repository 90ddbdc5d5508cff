package dev.boostline.metrics;

import dev.boostline.task.Task;
import dev.boostline.util.internal.SplitMix64;
import java.util.List;

/** Seeded synthetic scored rows for the eval tests. */
final class EvalData {
  private EvalData() {}

  static double gaussian(SplitMix64 random) {
    // Box-Muller; 1 - u keeps the logarithm's argument in (0, 1].
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** Binary labels with the given positive rate. */
  static double[] binaryLabels(int n, double positiveRate, long seed) {
    SplitMix64 random = new SplitMix64(seed);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextDouble() < positiveRate ? 1 : 0;
    }
    return y;
  }

  /**
   * Probabilities that separate the labels with the given strength (0 is noise), kept inside
   * [0.001, 0.999] and rounded to {@code decimals} places so that ties occur.
   */
  static double[] probabilities(double[] labels, double strength, int decimals, long seed) {
    SplitMix64 random = new SplitMix64(seed);
    double scale = Math.pow(10, decimals);
    double[] p = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      double logit = strength * (labels[i] - 0.5) * 2 + gaussian(random);
      double q = Math.round(sigmoid(logit) * scale) / scale;
      p[i] = Math.min(Math.max(q, 0.001), 0.999);
    }
    return p;
  }

  static double[] weights(int n, long seed) {
    SplitMix64 random = new SplitMix64(seed);
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = 0.25 + 2 * random.nextDouble();
    }
    return w;
  }

  static double[][] column(double[] values) {
    double[][] out = new double[values.length][];
    for (int i = 0; i < values.length; i++) {
      out[i] = new double[] {values[i]};
    }
    return out;
  }

  static Scored binary(double[] labels, double[] p, double[] weights) {
    return new Scored(Task.BINARY, List.of("no", "yes"), labels, column(p), weights);
  }

  /** Multiclass rows: K classes, softmax of a noisy one-hot signal. */
  static Scored multiclass(int n, int classes, double strength, long seed, boolean weighted) {
    SplitMix64 random = new SplitMix64(seed);
    double[] labels = new double[n];
    double[][] probs = new double[n][classes];
    for (int i = 0; i < n; i++) {
      int label = random.nextInt(classes);
      labels[i] = label;
      double sum = 0;
      for (int k = 0; k < classes; k++) {
        probs[i][k] = Math.exp((k == label ? strength : 0) + gaussian(random));
        sum += probs[i][k];
      }
      for (int k = 0; k < classes; k++) {
        probs[i][k] /= sum;
      }
    }
    String[] names = new String[classes];
    for (int k = 0; k < classes; k++) {
      names[k] = "c" + k;
    }
    return new Scored(
        Task.MULTICLASS, List.of(names), labels, probs, weighted ? weights(n, seed + 1) : null);
  }

  /** Regression rows: labels around 50 (never 0), predictions with noise of sd {@code noise}. */
  static Scored regression(int n, double noise, long seed, boolean weighted) {
    SplitMix64 random = new SplitMix64(seed);
    double[] labels = new double[n];
    double[] predicted = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = 50 + 10 * gaussian(random);
      predicted[i] = labels[i] + noise * gaussian(random);
    }
    return new Scored(
        Task.REGRESSION,
        List.of(),
        labels,
        column(predicted),
        weighted ? weights(n, seed + 1) : null);
  }

  static int[] toInts(double[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (int) values[i];
    }
    return out;
  }

  static double[] first(double[][] outputs) {
    double[] out = new double[outputs.length];
    for (int i = 0; i < outputs.length; i++) {
      out[i] = outputs[i][0];
    }
    return out;
  }
}
