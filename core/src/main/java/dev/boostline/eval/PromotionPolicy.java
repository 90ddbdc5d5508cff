package dev.boostline.eval;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.boostline.common.BoostlineException;
import dev.boostline.metrics.Interval;
import dev.boostline.metrics.Metric;
import dev.boostline.task.Task;
import dev.boostline.util.internal.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * When a candidate replaces production. Immutable; {@link #defaults()}, or read from YAML/JSON with
 * {@link #read(Path)} (every field optional):
 *
 * <pre>
 * primaryMetric: auc        # default: auc (binary), mlogloss (multiclass), rmse (regression)
 * minImprovement: 0.0       # the primary metric must improve by more than this (absolute)
 * confidence: 0.9           # ...with at least this bootstrap probability of being better
 * maxRegression: 0.02       # any other metric may worsen by at most this share (2%),
 *                           # judged when its 95% paired-bootstrap interval excludes no change
 * metricRegression: {ece: 0.5}   # per-metric overrides of maxRegression
 * slices: [sex, race]       # categorical columns whose groups are compared
 * minSliceSize: 200         # groups smaller than this are reported, not judged
 * maxSliceRegression: 0.05  # the primary metric may worsen by at most 5% in any group
 * thresholds: {auc: 0.8}    # absolute bounds, used when there is no production model
 * decisionThreshold: 0.5    # probability threshold for binary labels
 * resamples: 1000           # bootstrap resamples
 * seed: 0                   # bootstrap seed
 * </pre>
 *
 * With no production model and no thresholds, sanity bounds apply: AUC above 0.5 (binary), accuracy
 * above chance (multiclass), R2 above 0 (regression).
 */
public record PromotionPolicy(
    Optional<String> primaryMetric,
    double minImprovement,
    double confidence,
    double maxRegression,
    Map<String, Double> metricRegression,
    List<String> slices,
    int minSliceSize,
    double maxSliceRegression,
    Map<String, Double> thresholds,
    double decisionThreshold,
    int resamples,
    long seed) {
  public PromotionPolicy {
    metricRegression = Map.copyOf(metricRegression);
    slices = List.copyOf(slices);
    thresholds = Map.copyOf(thresholds);
    primaryMetric.ifPresent(m -> requireKnown("primaryMetric", m));
    metricRegression.keySet().forEach(m -> requireKnown("metricRegression", m));
    thresholds.keySet().forEach(m -> requireKnown("thresholds", m));
    if (!(confidence >= 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in [0, 1), got " + confidence);
    }
    if (!(maxRegression >= 0) || !(maxSliceRegression >= 0)) {
      throw new IllegalArgumentException("allowed regressions must be >= 0");
    }
    if (minSliceSize < 1) {
      throw new IllegalArgumentException("minSliceSize must be >= 1, got " + minSliceSize);
    }
    if (!(decisionThreshold > 0 && decisionThreshold < 1)) {
      throw new IllegalArgumentException(
          "decisionThreshold must be in (0, 1), got " + decisionThreshold);
    }
    if (resamples < 100) {
      throw new IllegalArgumentException("resamples must be >= 100, got " + resamples);
    }
  }

  private static void requireKnown(String field, String metric) {
    if (Metric.find(metric).isEmpty()) {
      throw new IllegalArgumentException(
          field
              + ": unknown metric \""
              + metric
              + "\"; known: "
              + Metric.names(List.of(Metric.values())));
    }
  }

  /** The defaults listed in the class doc. */
  public static PromotionPolicy defaults() {
    return new PromotionPolicy(
        Optional.empty(), 0.0, 0.9, 0.02, Map.of(), List.of(), 200, 0.05, Map.of(), 0.5, 1000, 0);
  }

  /** The file form: missing fields take the defaults. */
  @JsonCreator
  static PromotionPolicy fromFile(
      @JsonProperty("primaryMetric") String primaryMetric,
      @JsonProperty("minImprovement") Double minImprovement,
      @JsonProperty("confidence") Double confidence,
      @JsonProperty("maxRegression") Double maxRegression,
      @JsonProperty("metricRegression") Map<String, Double> metricRegression,
      @JsonProperty("slices") List<String> slices,
      @JsonProperty("minSliceSize") Integer minSliceSize,
      @JsonProperty("maxSliceRegression") Double maxSliceRegression,
      @JsonProperty("thresholds") Map<String, Double> thresholds,
      @JsonProperty("decisionThreshold") Double decisionThreshold,
      @JsonProperty("resamples") Integer resamples,
      @JsonProperty("seed") Long seed) {
    PromotionPolicy d = defaults();
    return new PromotionPolicy(
        Optional.ofNullable(primaryMetric),
        minImprovement == null ? d.minImprovement() : minImprovement,
        confidence == null ? d.confidence() : confidence,
        maxRegression == null ? d.maxRegression() : maxRegression,
        metricRegression == null ? Map.of() : metricRegression,
        slices == null ? List.of() : slices,
        minSliceSize == null ? d.minSliceSize() : minSliceSize,
        maxSliceRegression == null ? d.maxSliceRegression() : maxSliceRegression,
        thresholds == null ? Map.of() : thresholds,
        decisionThreshold == null ? d.decisionThreshold() : decisionThreshold,
        resamples == null ? d.resamples() : resamples,
        seed == null ? d.seed() : seed);
  }

  /** Reads a policy file (YAML when named .yaml/.yml, else JSON). */
  public static PromotionPolicy read(Path file) {
    try {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
      PromotionPolicy p =
          (yaml ? Json.yaml() : Json.mapper())
              .readValue(Files.readAllBytes(file), PromotionPolicy.class);
      if (p == null) {
        throw new BoostlineException(file + ": the policy file is empty");
      }
      return p;
    } catch (NoSuchFileException e) {
      throw new BoostlineException("policy file not found: " + file, e);
    } catch (IOException | IllegalArgumentException e) {
      throw new BoostlineException(file + ": not a valid promotion policy: " + Json.describe(e), e);
    }
  }

  /** A copy with these slice columns. */
  public PromotionPolicy withSlices(List<String> columns) {
    return new PromotionPolicy(
        primaryMetric,
        minImprovement,
        confidence,
        maxRegression,
        metricRegression,
        columns,
        minSliceSize,
        maxSliceRegression,
        thresholds,
        decisionThreshold,
        resamples,
        seed);
  }

  /**
   * The primary metric for a task: {@link #primaryMetric()} when set, else {@link
   * Metric#primary(Task)}.
   *
   * @throws IllegalArgumentException when the configured metric is not computed for the task
   */
  public Metric primary(Task task) {
    return primaryMetric.map(m -> Metric.parse(m, task)).orElse(Metric.primary(task));
  }

  /** The allowed relative worsening of a non-primary metric. */
  public double allowedRegression(String metric) {
    return metricRegression.getOrDefault(metric, maxRegression);
  }

  /**
   * The verdict of this policy on a candidate's metrics, with every check it made.
   *
   * @param task what the models predict
   * @param classes the number of classes (1 for regression), for the multiclass sanity bound
   * @param candidate the candidate's metrics (estimate and interval) by metric id
   * @param differences candidate minus production by metric id (empty without production)
   * @param better the bootstrap probability that the candidate is better, by metric id
   * @param slices the per-group metrics (only judged groups are held to the policy)
   * @param hasProduction whether there is a production model; without one, absolute thresholds (or
   *     the sanity bounds) apply
   * @throws BoostlineException when the primary metric or a threshold's metric is not among the
   *     candidate's metrics
   */
  public Judgement judge(
      Task task,
      int classes,
      Map<String, Interval> candidate,
      Map<String, Interval> differences,
      Map<String, Double> better,
      List<Comparison.SliceResult> slices,
      boolean hasProduction) {
    List<Check> checks = new ArrayList<>();
    PromotionPolicy policy = this;
    Metric primary = policy.primary(task);
    if (!candidate.containsKey(primary.id())) {
      throw new BoostlineException(
          "primary metric \""
              + primary
              + "\" is not computed for "
              + task.name().toLowerCase(Locale.ROOT)
              + " models (available: "
              + candidate.keySet()
              + ")");
    }
    if (!hasProduction) {
      Map<String, Double> bounds = new LinkedHashMap<>(policy.thresholds());
      if (bounds.isEmpty()) {
        switch (task) {
          case BINARY -> bounds.put(Metric.AUC.id(), 0.5);
          case MULTICLASS -> bounds.put(Metric.ACCURACY.id(), 1.0 / classes);
          case REGRESSION -> bounds.put(Metric.R2.id(), 0.0);
        }
        checks.add(info(Check.Rule.BOUNDS, "no production model: sanity bounds apply " + bounds));
      } else {
        checks.add(
            info(Check.Rule.BOUNDS, "no production model: absolute thresholds apply " + bounds));
      }
      for (var b : bounds.entrySet()) {
        Interval v = candidate.get(b.getKey());
        if (v == null) {
          throw new BoostlineException(
              "threshold on unknown metric \""
                  + b.getKey()
                  + "\" (available: "
                  + candidate.keySet()
                  + ")");
        }
        Metric m = Metric.parse(b.getKey());
        boolean pass = m.improves(v.estimate(), b.getValue(), 0);
        checks.add(
            judged(
                Check.Rule.THRESHOLD,
                pass,
                m,
                v.estimate(),
                b.getValue(),
                String.format(
                    Locale.ROOT,
                    "%s %.4f %s %.4f",
                    m,
                    v.estimate(),
                    m.higherIsBetter() ? ">" : "<",
                    b.getValue())));
      }
      return new Judgement(verdict(checks), checks);
    }
    Interval d = differences.get(primary.id());
    double gain = primary.higherIsBetter() ? d.estimate() : -d.estimate();
    checks.add(
        judged(
            Check.Rule.IMPROVEMENT,
            gain > policy.minImprovement(),
            primary,
            gain,
            policy.minImprovement(),
            String.format(
                Locale.ROOT,
                "primary %s changes by %+.5f [%+.5f, %+.5f] (needs an improvement above %.5f)",
                primary,
                d.estimate(),
                d.lower(),
                d.upper(),
                policy.minImprovement())));
    double p = better.getOrDefault(primary.id(), Double.NaN);
    checks.add(
        judged(
            Check.Rule.CONFIDENCE,
            p >= policy.confidence(),
            primary,
            p,
            policy.confidence(),
            String.format(
                Locale.ROOT,
                "bootstrap probability that %s is better: %.3f (needs >= %.3f)",
                primary,
                p,
                policy.confidence())));
    boolean regressed = false;
    for (var e : differences.entrySet()) {
      Metric m = Metric.parse(e.getKey());
      if (m == primary) {
        continue;
      }
      Interval diff = e.getValue();
      double base = candidate.get(m.id()).estimate() - diff.estimate();
      double worse = -m.gain(diff.estimate(), 0);
      double allowed = policy.allowedRegression(m.id()) * Math.max(Math.abs(base), 1e-12);
      if (worse > allowed) {
        // A worsening beyond the allowed share fails only when the paired bootstrap interval
        // lies wholly on the worse side: a near-zero metric (calibration error, say) otherwise
        // rejects better models for noise.
        boolean significant = m.higherIsBetter() ? diff.upper() < 0 : diff.lower() > 0;
        String text =
            String.format(
                Locale.ROOT,
                "%s worsens by %.5f [%+.5f, %+.5f] (allowed %.1f%% of %.5f)",
                m,
                worse,
                diff.lower(),
                diff.upper(),
                100 * policy.allowedRegression(m.id()),
                base);
        if (significant) {
          checks.add(judged(Check.Rule.REGRESSION, false, m, worse, allowed, text));
          regressed = true;
        } else {
          checks.add(
              new Check(
                  Check.Rule.REGRESSION,
                  Check.Outcome.INFO,
                  Optional.of(m.id()),
                  Optional.of(worse),
                  Optional.of(allowed),
                  text + ", within noise: the 95% interval includes no change"));
        }
      }
    }
    for (Comparison.SliceResult s : slices) {
      if (!s.judged()) {
        continue;
      }
      Double c = s.candidate().get(primary.id());
      Double pr = s.production().get(primary.id());
      if (c == null || pr == null || c.isNaN() || pr.isNaN()) {
        continue;
      }
      double worse = -primary.gain(c, pr);
      double allowed = policy.maxSliceRegression() * Math.max(Math.abs(pr), 1e-12);
      if (worse > allowed) {
        checks.add(
            judged(
                Check.Rule.SLICE,
                false,
                primary,
                c,
                pr,
                String.format(
                    Locale.ROOT,
                    "slice %s=%s (%d rows): %s %.5f vs %.5f in production",
                    s.column(),
                    s.value(),
                    s.rows(),
                    primary,
                    c,
                    pr)));
        regressed = true;
      }
    }
    if (!regressed && verdict(checks) == Verdict.PROMOTE) {
      checks.add(
          new Check(
              Check.Rule.NO_REGRESSION,
              Check.Outcome.PASS,
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              "PASS no other metric or slice regresses beyond the policy"));
    }
    return new Judgement(verdict(checks), checks);
  }

  /**
   * A policy's verdict and the checks behind it.
   *
   * @param checks every check, in the order made
   */
  public record Judgement(Verdict verdict, List<Check> checks) {
    public Judgement {
      checks = List.copyOf(checks);
    }
  }

  private static Verdict verdict(List<Check> checks) {
    return checks.stream().anyMatch(Check::failed) ? Verdict.REJECT : Verdict.PROMOTE;
  }

  private static Check info(Check.Rule rule, String text) {
    return new Check(
        rule, Check.Outcome.INFO, Optional.empty(), Optional.empty(), Optional.empty(), text);
  }

  private static Check judged(
      Check.Rule rule, boolean pass, Metric metric, double measured, double bound, String text) {
    return new Check(
        rule,
        pass ? Check.Outcome.PASS : Check.Outcome.FAIL,
        Optional.of(metric.id()),
        Optional.of(measured),
        Optional.of(bound),
        (pass ? "PASS " : "FAIL ") + text);
  }
}
