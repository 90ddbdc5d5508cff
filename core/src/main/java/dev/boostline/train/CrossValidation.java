package dev.boostline.train;

import dev.boostline.common.BoostlineException;
import dev.boostline.data.Dataset;
import dev.boostline.task.Task;
import dev.boostline.util.internal.SplitMix64;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * k-fold cross-validation: each fold validates on one k-th of the rows and trains on the rest
 * (features fitted on the training folds only; early stopping on the held-out fold when the options
 * ask for it). Folds are stratified on the target for classification and seeded with the
 * parameters' seed.
 */
public final class CrossValidation {
  private CrossValidation() {}

  /**
   * The per-fold validation metrics and their mean and standard deviation (population).
   *
   * @param k the number of folds
   * @param folds per fold, in fold order: the validation metrics, plus {@code best_iteration}
   *     (0-based); copied
   * @param mean per metric (and {@code best_iteration}), the mean over the folds
   * @param std per metric, the population standard deviation over the folds
   */
  public record Result(
      int k, List<Map<String, Double>> folds, Map<String, Double> mean, Map<String, Double> std) {
    public Result {
      folds = List.copyOf(folds);
      mean = Map.copyOf(mean);
      std = Map.copyOf(std);
    }
  }

  /**
   * Runs {@code k}-fold cross-validation, k in [2, rows with a target]; the folds train one after
   * the other on the calling thread. The options' validation split is not used (each fold holds out
   * its own rows); their early stopping watches the held-out fold.
   *
   * @throws IllegalArgumentException when {@code k} is out of range
   * @throws dev.boostline.common.BoostlineException as {@link Trainer#train} for the data, or when
   *     a fold is empty
   */
  public static Result run(Dataset data, TrainOptions options, int k, TrainingListener listener) {
    Trainer.Prepared p = Trainer.prepare(data, options, listener);
    int n = p.data.rowCount();
    if (k < 2 || k > n) {
      throw new IllegalArgumentException("cv folds must be in [2, " + n + "], got " + k);
    }
    int[] fold = assignFolds(p, k, options.params().seed());
    List<Map<String, Double>> results = new ArrayList<>();
    for (int f = 0; f < k; f++) {
      List<Integer> tr = new ArrayList<>();
      List<Integer> va = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        (fold[r] == f ? va : tr).add(r);
      }
      if (va.isEmpty() || tr.isEmpty()) {
        throw new BoostlineException("fold " + (f + 1) + " of " + k + " is empty");
      }
      listener.onInfo("cross-validation fold " + (f + 1) + "/" + k);
      TrainResult r =
          Trainer.trainOn(
              p,
              tr.stream().mapToInt(Integer::intValue).toArray(),
              va.stream().mapToInt(Integer::intValue).toArray(),
              options,
              TrainingListener.NONE);
      Map<String, Double> m = new LinkedHashMap<>(r.validMetrics());
      m.put("best_iteration", (double) r.bestIteration());
      results.add(m);
    }
    Map<String, Double> mean = new TreeMap<>();
    Map<String, Double> std = new TreeMap<>();
    for (String key : results.get(0).keySet()) {
      double s = 0;
      for (Map<String, Double> m : results) {
        s += m.get(key);
      }
      double mu = s / k;
      double v = 0;
      for (Map<String, Double> m : results) {
        v += (m.get(key) - mu) * (m.get(key) - mu);
      }
      mean.put(key, mu);
      std.put(key, Math.sqrt(v / k));
    }
    return new Result(k, results, mean, std);
  }

  /** Fold of each row: shuffled within each class (classification) and dealt round-robin. */
  private static int[] assignFolds(Trainer.Prepared p, int k, long seed) {
    int n = p.data.rowCount();
    SplitMix64 rng = new SplitMix64(seed);
    Map<Float, List<Integer>> strata = new LinkedHashMap<>();
    for (int r = 0; r < n; r++) {
      float key = p.labels.task() == Task.REGRESSION ? 0f : p.y[r];
      strata.computeIfAbsent(key, x -> new ArrayList<>()).add(r);
    }
    int[] fold = new int[n];
    int next = 0;
    for (List<Integer> rows : strata.values()) {
      int[] g = rows.stream().mapToInt(Integer::intValue).toArray();
      rng.shuffle(g);
      for (int r : g) {
        fold[r] = next;
        next = (next + 1) % k;
      }
    }
    return fold;
  }
}
