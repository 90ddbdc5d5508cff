package dev.boostline.train;

import dev.boostline.data.Dataset;
import dev.boostline.data.DatasetSplit;
import dev.boostline.metrics.Metric;
import dev.boostline.util.internal.SplitMix64;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Seeded random search over a {@link SearchSpace}: each trial trains with sampled parameters on the
 * same train/validation split (early stopping as the options say) and is scored by the validation
 * value of the first evaluation metric. With successive halving, all trials first get a third of
 * the rounds, the better half goes on with two thirds, and the best quarter with all of them;
 * trials cut early keep their last score.
 */
public final class HyperparameterSearch {
  private HyperparameterSearch() {}

  /**
   * One trial.
   *
   * @param number 1-based, in sampling order
   * @param params the sampled parameters (XGBoost names, values as text; copied)
   * @param rounds the round budget of its last rung
   * @param bestIteration 0-based best round of its last rung
   * @param score the validation score of the stopping metric at its best iteration
   */
  public record Trial(
      int number, Map<String, String> params, int rounds, int bestIteration, double score) {
    public Trial {
      params = Map.copyOf(params);
    }
  }

  /**
   * The trial table (in trial order) and the winner.
   *
   * @param metric the stopping metric, e.g. {@code valid-logloss}
   * @param maximize whether larger scores are better
   * @param trials every trial, by number (copied)
   * @param best the best trial among those that ran the full round budget
   * @param bestParams the options' parameters with the best trial's values set: what to train the
   *     final model with
   */
  public record Result(
      String metric, boolean maximize, List<Trial> trials, Trial best, XgbParams bestParams) {
    public Result {
      trials = List.copyOf(trials);
    }
  }

  /**
   * Runs {@code trials} trials (>= 1) seeded with {@code seed}; the validation split and the
   * training itself are seeded by the options' parameters, as in {@link Trainer#train}. Successive
   * halving needs at least 4 trials and is skipped below that. Trials run one after the other on
   * the calling thread (each uses XGBoost's threads); the listener gets one info line per trial.
   *
   * @param options the base options: the search's values replace theirs, trial by trial; they must
   *     have a validation set
   * @throws IllegalArgumentException when {@code trials} is below 1 or the options have no
   *     validation set
   * @throws dev.boostline.common.BoostlineException as {@link Trainer#train} for the data
   */
  public static Result run(
      Dataset data,
      TrainOptions options,
      SearchSpace space,
      int trials,
      long seed,
      boolean successiveHalving,
      TrainingListener listener) {
    if (trials < 1) {
      throw new IllegalArgumentException("search trials must be >= 1, got " + trials);
    }
    if (!options.validation().hasValidation()) {
      throw new IllegalArgumentException("a search needs a validation set to score trials");
    }
    Trainer.Prepared p = Trainer.prepare(data, options, listener);
    DatasetSplit split = Trainer.split(p, options);
    SplitMix64 rng = new SplitMix64(seed);
    List<Map<String, String>> sampled = new ArrayList<>();
    for (int t = 0; t < trials; t++) {
      sampled.add(space.sample(rng));
    }
    int fullRounds = options.params().rounds();
    List<Integer> alive = new ArrayList<>();
    for (int t = 0; t < trials; t++) {
      alive.add(t);
    }
    Trial[] last = new Trial[trials];
    int[] budgets =
        successiveHalving && trials >= 4
            ? new int[] {Math.max(1, fullRounds / 3), Math.max(1, 2 * fullRounds / 3), fullRounds}
            : new int[] {fullRounds};
    String metric = null;
    boolean maximize = false;
    for (int rung = 0; rung < budgets.length; rung++) {
      for (int t : alive) {
        XgbParams.Builder b = options.params().toBuilder().rounds(budgets[rung]);
        sampled.get(t).forEach(b::set);
        TrainOptions o = options.toBuilder().params(b.build()).build();
        listener.onInfo(
            "search trial "
                + (t + 1)
                + "/"
                + trials
                + " ("
                + budgets[rung]
                + " rounds): "
                + sampled.get(t));
        TrainResult r = Trainer.trainOn(p, split.train(), split.valid(), o, TrainingListener.NONE);
        metric = r.stoppingMetric();
        maximize = Metric.xgboostMaximizes(metric.substring(metric.indexOf('-') + 1));
        last[t] = new Trial(t + 1, sampled.get(t), budgets[rung], r.bestIteration(), r.bestScore());
      }
      if (rung < budgets.length - 1) {
        boolean max = maximize;
        alive.sort(Comparator.comparingDouble(t -> max ? -last[t].score() : last[t].score()));
        alive = new ArrayList<>(alive.subList(0, Math.max(1, alive.size() / 2)));
      }
    }
    boolean max = maximize;
    Trial best =
        java.util.Arrays.stream(last)
            .filter(tr -> tr.rounds() == fullRounds)
            .min(Comparator.comparingDouble(tr -> max ? -tr.score() : tr.score()))
            .orElseThrow();
    XgbParams.Builder bp = options.params().toBuilder();
    best.params().forEach(bp::set);
    return new Result(metric, maximize, List.of(last), best, bp.build());
  }
}
