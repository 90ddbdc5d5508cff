package dev.boostline.train;

import dev.boostline.task.Objective;
import dev.boostline.task.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Validated XGBoost training parameters. Immutable; build with {@link #builder()}, change with
 * {@link #toBuilder()}. Defaults are XGBoost's, except {@code tree_method=hist} (needed for native
 * categorical features) and 100 rounds. {@link #toMap} is the one place the native parameter map is
 * built.
 */
public final class XgbParams {
  private final Optional<Objective> objective;
  private final int rounds;
  private final int maxDepth;
  private final double eta;
  private final double subsample;
  private final double colsampleBytree;
  private final double minChildWeight;
  private final double lambda;
  private final double alpha;
  private final double gamma;
  private final int maxBin;
  private final double scalePosWeight;
  private final String treeMethod;
  private final int nthread;
  private final long seed;
  private final String device;
  private final List<String> evalMetrics;
  private final Map<String, String> extra;

  private XgbParams(Builder b) {
    objective = Optional.ofNullable(b.objective);
    rounds = b.rounds;
    maxDepth = b.maxDepth;
    eta = b.eta;
    subsample = b.subsample;
    colsampleBytree = b.colsampleBytree;
    minChildWeight = b.minChildWeight;
    lambda = b.lambda;
    alpha = b.alpha;
    gamma = b.gamma;
    maxBin = b.maxBin;
    scalePosWeight = b.scalePosWeight;
    treeMethod = b.treeMethod;
    nthread = b.nthread;
    seed = b.seed;
    device = b.device;
    evalMetrics = List.copyOf(b.evalMetrics);
    extra = Map.copyOf(new TreeMap<>(b.extra));
  }

  public static XgbParams defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.objective = objective.orElse(null);
    b.rounds = rounds;
    b.maxDepth = maxDepth;
    b.eta = eta;
    b.subsample = subsample;
    b.colsampleBytree = colsampleBytree;
    b.minChildWeight = minChildWeight;
    b.lambda = lambda;
    b.alpha = alpha;
    b.gamma = gamma;
    b.maxBin = maxBin;
    b.scalePosWeight = scalePosWeight;
    b.treeMethod = treeMethod;
    b.nthread = nthread;
    b.seed = seed;
    b.device = device;
    b.evalMetrics.addAll(evalMetrics);
    b.extra.putAll(extra);
    return b;
  }

  /** The objective, when given (otherwise the trainer infers it from the target). */
  public Optional<Objective> objective() {
    return objective;
  }

  /** Maximum boosting rounds. */
  public int rounds() {
    return rounds;
  }

  public long seed() {
    return seed;
  }

  public double eta() {
    return eta;
  }

  public int maxDepth() {
    return maxDepth;
  }

  /** Metrics to evaluate, empty for the objective's defaults; the first drives early stopping. */
  public List<String> evalMetrics() {
    return evalMetrics;
  }

  /** Free-form parameters passed to XGBoost as given (they win over the typed ones). */
  public Map<String, String> extra() {
    return extra;
  }

  /**
   * The native parameter map for a resolved objective.
   *
   * @param numClass number of classes (multiclass only)
   */
  public Map<String, Object> toMap(Objective resolved, int numClass) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("booster", "gbtree");
    m.put("objective", resolved.xgboostName());
    if (resolved.task() == Task.MULTICLASS) {
      m.put("num_class", numClass);
    }
    // The typed parameters as tracked, less what XGBoost does not take (rounds) or gets here.
    Map<String, Object> typed = new LinkedHashMap<>(describe());
    typed.keySet().removeAll(List.of("rounds", "objective", "eval_metric"));
    typed.keySet().removeAll(extra.keySet());
    m.putAll(typed);
    m.put("validate_parameters", 1);
    m.put("verbosity", 1);
    // Evaluated every round: the given metrics, else only the stopping metric (the task's other
    // metrics are computed once, at the best round, from the final predictions: evaluating AUC
    // every round cost 10-30% of a 1M-row training run for a curve nobody stops on).
    List<String> metrics = evalMetrics.isEmpty() ? List.of(metrics(resolved).get(0)) : evalMetrics;
    m.put("eval_metric", metrics.size() == 1 ? metrics.get(0) : metrics);
    m.putAll(extra);
    return m;
  }

  /** The metrics evaluated for an objective: the given ones, or the objective's defaults. */
  public List<String> metrics(Objective resolved) {
    if (!evalMetrics.isEmpty()) {
      return evalMetrics;
    }
    if (resolved == Objective.TWEEDIE) {
      String power = extra.getOrDefault("tweedie_variance_power", "1.5");
      return List.of("tweedie-nloglik@" + power, "rmse");
    }
    return resolved.defaultMetrics();
  }

  /**
   * Rebuilds parameters from {@link #describe()}'s map (as read back from a run record).
   *
   * @throws IllegalArgumentException naming an invalid parameter
   */
  @com.fasterxml.jackson.annotation.JsonCreator
  public static XgbParams fromMap(Map<String, Object> values) {
    Builder b = builder();
    values.forEach(
        (k, v) ->
            b.set(
                k,
                v instanceof List<?> list
                    ? String.join(",", list.stream().map(String::valueOf).toList())
                    : String.valueOf(v)));
    return b.build();
  }

  /** Every parameter by its XGBoost name, for tracking. */
  @com.fasterxml.jackson.annotation.JsonValue
  public Map<String, Object> describe() {
    Map<String, Object> m = new TreeMap<>();
    objective.ifPresent(o -> m.put("objective", o.xgboostName()));
    m.put("rounds", rounds);
    m.put("max_depth", maxDepth);
    m.put("eta", eta);
    m.put("subsample", subsample);
    m.put("colsample_bytree", colsampleBytree);
    m.put("min_child_weight", minChildWeight);
    m.put("lambda", lambda);
    m.put("alpha", alpha);
    m.put("gamma", gamma);
    m.put("max_bin", maxBin);
    m.put("scale_pos_weight", scalePosWeight);
    m.put("tree_method", treeMethod);
    m.put("nthread", nthread);
    m.put("seed", seed);
    m.put("device", device);
    if (!evalMetrics.isEmpty()) {
      m.put("eval_metric", evalMetrics);
    }
    m.putAll(extra);
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof XgbParams p && p.describe().equals(describe());
  }

  @Override
  public int hashCode() {
    return describe().hashCode();
  }

  @Override
  public String toString() {
    return "XgbParams" + describe();
  }

  /** Builder for {@link XgbParams}; every setter validates its value. Not thread-safe. */
  public static final class Builder {
    private Objective objective;
    private int rounds = 100;
    private int maxDepth = 6;
    private double eta = 0.3;
    private double subsample = 1;
    private double colsampleBytree = 1;
    private double minChildWeight = 1;
    private double lambda = 1;
    private double alpha = 0;
    private double gamma = 0;
    private int maxBin = 256;
    private double scalePosWeight = 1;
    private String treeMethod = "hist";
    private int nthread = 0;
    private long seed = 0;
    private String device = "cpu";
    private final List<String> evalMetrics = new ArrayList<>();
    private final Map<String, String> extra = new LinkedHashMap<>();

    private Builder() {}

    public Builder objective(Objective value) {
      objective = value;
      return this;
    }

    /** Maximum boosting rounds, >= 1. */
    public Builder rounds(int value) {
      rounds = atLeast("rounds", value, 1);
      return this;
    }

    /** Maximum tree depth, >= 0 (0: no limit, only with tree_method hist). */
    public Builder maxDepth(int value) {
      maxDepth = atLeast("maxDepth", value, 0);
      return this;
    }

    /** Learning rate, in (0, 1]. */
    public Builder eta(double value) {
      eta = inHalfOpen("eta", value);
      return this;
    }

    /** Row subsampling per tree, in (0, 1]. */
    public Builder subsample(double value) {
      subsample = inHalfOpen("subsample", value);
      return this;
    }

    /** Column subsampling per tree, in (0, 1]. */
    public Builder colsampleBytree(double value) {
      colsampleBytree = inHalfOpen("colsampleBytree", value);
      return this;
    }

    public Builder minChildWeight(double value) {
      minChildWeight = nonNegative("minChildWeight", value);
      return this;
    }

    /** L2 regularization, >= 0. */
    public Builder lambda(double value) {
      lambda = nonNegative("lambda", value);
      return this;
    }

    /** L1 regularization, >= 0. */
    public Builder alpha(double value) {
      alpha = nonNegative("alpha", value);
      return this;
    }

    /** Minimum loss reduction to split, >= 0. */
    public Builder gamma(double value) {
      gamma = nonNegative("gamma", value);
      return this;
    }

    /** Histogram bins per feature, >= 2. */
    public Builder maxBin(int value) {
      maxBin = atLeast("maxBin", value, 2);
      return this;
    }

    /** Weight of positive examples (binary), > 0. */
    public Builder scalePosWeight(double value) {
      if (!(value > 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException("scalePosWeight must be > 0, got " + value);
      }
      scalePosWeight = value;
      return this;
    }

    /** hist (default), approx or exact. */
    public Builder treeMethod(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      if (!List.of("hist", "approx", "exact").contains(v)) {
        throw new IllegalArgumentException(
            "treeMethod must be hist, approx or exact, got \"" + value + "\"");
      }
      treeMethod = v;
      return this;
    }

    /** Threads, >= 0; 0 uses every core. */
    public Builder nthread(int value) {
      nthread = atLeast("nthread", value, 0);
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    /** Passed through to XGBoost (cpu, cuda, cuda:0, ...). */
    public Builder device(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("device must not be blank");
      }
      device = value.trim();
      return this;
    }

    /** Replaces the evaluation metrics; the first drives early stopping. */
    public Builder evalMetrics(List<String> metrics) {
      evalMetrics.clear();
      evalMetrics.addAll(metrics);
      return this;
    }

    /**
     * Sets a parameter by its XGBoost name from text ({@code --param max_depth=4}): known names go
     * to their typed field and are validated; anything else is passed through.
     *
     * @throws IllegalArgumentException naming the parameter when the value is invalid
     */
    public Builder set(String name, String value) {
      String n = name.trim();
      try {
        switch (n) {
          case "objective" -> objective(Objective.parse(value));
          case "rounds", "num_boost_round", "n_estimators" ->
              rounds(Integer.parseInt(value.trim()));
          case "max_depth" -> maxDepth(Integer.parseInt(value.trim()));
          case "eta", "learning_rate" -> eta(Double.parseDouble(value));
          case "subsample" -> subsample(Double.parseDouble(value));
          case "colsample_bytree" -> colsampleBytree(Double.parseDouble(value));
          case "min_child_weight" -> minChildWeight(Double.parseDouble(value));
          case "lambda", "reg_lambda" -> lambda(Double.parseDouble(value));
          case "alpha", "reg_alpha" -> alpha(Double.parseDouble(value));
          case "gamma", "min_split_loss" -> gamma(Double.parseDouble(value));
          case "max_bin" -> maxBin(Integer.parseInt(value.trim()));
          case "scale_pos_weight" -> scalePosWeight(Double.parseDouble(value));
          case "tree_method" -> treeMethod(value);
          case "nthread", "n_jobs" -> nthread(Integer.parseInt(value.trim()));
          case "seed", "random_state" -> seed(Long.parseLong(value.trim()));
          case "device" -> device(value);
          case "eval_metric" -> evalMetrics(List.of(value.split(",")));
          case "booster" -> {
            if (!value.trim().equals("gbtree")) {
              throw new IllegalArgumentException(
                  "booster must be gbtree (dart and gblinear are not supported), got \""
                      + value
                      + "\"");
            }
          }
          case "num_class" ->
              throw new IllegalArgumentException(
                  "num_class is derived from the target's classes; do not set it");
          default -> {
            if (n.isEmpty()) {
              throw new IllegalArgumentException("a parameter name must not be blank");
            }
            extra.put(n, value);
          }
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "parameter " + n + ": \"" + value + "\" is not a number", e);
      }
      return this;
    }

    public XgbParams build() {
      return new XgbParams(this);
    }

    private static int atLeast(String name, int value, int min) {
      if (value < min) {
        throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
      }
      return value;
    }

    private static double nonNegative(String name, double value) {
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException(name + " must be >= 0, got " + value);
      }
      return value;
    }

    private static double inHalfOpen(String name, double value) {
      if (!(value > 0 && value <= 1)) {
        throw new IllegalArgumentException(name + " must be in (0, 1], got " + value);
      }
      return value;
    }
  }
}
