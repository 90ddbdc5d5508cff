package dev.boostline.report;

import dev.boostline.eval.Comparison;
import dev.boostline.eval.Comparison.SliceResult;
import dev.boostline.eval.PromotionPolicy;
import dev.boostline.metrics.Bootstrap;
import dev.boostline.metrics.DeLong;
import dev.boostline.metrics.Interval;
import dev.boostline.metrics.Scored;
import dev.boostline.metrics.TaskMetricSet;
import dev.boostline.task.Task;
import dev.boostline.util.internal.SplitMix64;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Seeded synthetic comparisons for the report tests: scored rows drawn from SplitMix64, metrics and
 * intervals from the real {@link Bootstrap}, slices over a generated "region" and "plan" column,
 * and reasons worded as {@code ModelComparison} words them. The slice value {@code "<b>&"} is where
 * the candidate is weak, so a judged slice fails.
 */
final class ReportFixtures {
  static final Instant AT = Instant.parse("2025-03-14T09:26:53Z");
  static final String TRICKY_SLICE = "<b>&";
  private static final String[] REGIONS = {"north", "south", TRICKY_SLICE, "islands"};
  private static final double[] REGION_SHARE = {0.45, 0.33, 0.19, 0.03};

  private ReportFixtures() {}

  static Comparison binary(int n, boolean withProduction, long seed) {
    SplitMix64 random = new SplitMix64(seed);
    String[] region = new String[n];
    String[] plan = new String[n];
    double[] y = new double[n];
    double[][] cand = new double[n][1];
    double[][] prod = new double[n][1];
    for (int i = 0; i < n; i++) {
      region[i] = region(random);
      plan[i] = random.nextDouble() < 0.6 ? "basic" : "premium";
      y[i] = random.nextDouble() < 0.3 ? 1 : 0;
      double sign = 2 * y[i] - 1;
      double noise = gaussian(random);
      double strength = region[i].equals(TRICKY_SLICE) ? 0.45 : 1.55;
      cand[i][0] = sigmoid(strength * sign + noise - 0.85);
      double shared = 0.7 * noise + 0.7 * gaussian(random);
      prod[i][0] = sigmoid(1.35 * (1.15 * sign + shared) - 1.1);
    }
    List<String> classes = List.of("stays", "churns");
    Scored c = new Scored(Task.BINARY, classes, y, cand, null);
    Scored p = new Scored(Task.BINARY, classes, y, prod, null);
    return assemble(
        "churn-risk", Task.BINARY, classes, c, withProduction ? p : null, region, plan, seed);
  }

  static Comparison multiclass(int n, boolean withProduction, long seed) {
    SplitMix64 random = new SplitMix64(seed);
    List<String> classes = List.of("bronze", "silver", "gold", "platinum");
    int k = classes.size();
    String[] region = new String[n];
    String[] plan = new String[n];
    double[] y = new double[n];
    double[][] cand = new double[n][];
    double[][] prod = new double[n][];
    for (int i = 0; i < n; i++) {
      region[i] = region(random);
      plan[i] = random.nextDouble() < 0.6 ? "basic" : "premium";
      int label = random.nextDouble() < 0.4 ? 0 : 1 + random.nextInt(k - 1);
      y[i] = label;
      cand[i] = softmax(label, 2.3, k, random);
      prod[i] = softmax(label, 1.8, k, random);
    }
    Scored c = new Scored(Task.MULTICLASS, classes, y, cand, null);
    Scored p = new Scored(Task.MULTICLASS, classes, y, prod, null);
    return assemble(
        "tier-classifier",
        Task.MULTICLASS,
        classes,
        c,
        withProduction ? p : null,
        region,
        plan,
        seed);
  }

  static Comparison regression(int n, boolean withProduction, long seed) {
    SplitMix64 random = new SplitMix64(seed);
    String[] region = new String[n];
    String[] plan = new String[n];
    double[] y = new double[n];
    double[][] cand = new double[n][1];
    double[][] prod = new double[n][1];
    for (int i = 0; i < n; i++) {
      region[i] = region(random);
      plan[i] = random.nextDouble() < 0.6 ? "basic" : "premium";
      double signal = 240 + 55 * gaussian(random) + 20 * gaussian(random);
      y[i] = signal + 18 * gaussian(random);
      cand[i][0] = signal + 6 * gaussian(random);
      prod[i][0] = 0.9 * signal + 30 + 14 * gaussian(random);
    }
    Scored c = new Scored(Task.REGRESSION, List.of(), y, cand, null);
    Scored p = new Scored(Task.REGRESSION, List.of(), y, prod, null);
    return assemble(
        "delivery-minutes",
        Task.REGRESSION,
        List.of(),
        c,
        withProduction ? p : null,
        region,
        plan,
        seed);
  }

  /** The same comparison under another model name. */
  static Comparison withModel(Comparison c, String model) {
    return new Comparison(
        c.id(),
        model,
        c.candidateVersion(),
        c.productionVersion(),
        c.alias(),
        c.dataset(),
        c.task(),
        c.classes(),
        c.candidate(),
        c.production(),
        c.candidateMetrics(),
        c.productionMetrics(),
        c.differences(),
        c.probabilityBetter(),
        c.delong(),
        c.slices(),
        c.agreement(),
        c.meanAbsShap(),
        c.policy(),
        c.verdict(),
        c.checks(),
        c.at());
  }

  private static Comparison assemble(
      String model,
      Task task,
      List<String> classes,
      Scored cand,
      Scored prod,
      String[] region,
      String[] plan,
      long seed) {
    PromotionPolicy policy = PromotionPolicy.defaults().withSlices(List.of("region", "plan"));
    if (cand.size() > 10_000) {
      // Large fixtures only test size; fewer resamples keep the test fast.
      policy = withResamples(policy, 100);
    }
    double threshold = policy.decisionThreshold();
    int resamples = policy.resamples();
    Map<String, Interval> candidateMetrics =
        Bootstrap.intervals(cand, threshold, resamples, seed, 0.95);
    Map<String, Interval> productionMetrics = Map.of();
    Map<String, Interval> differences = Map.of();
    Map<String, Double> better = Map.of();
    Optional<DeLong.Result> delong = Optional.empty();
    Optional<Double> agreement = Optional.empty();
    if (prod != null) {
      productionMetrics = Bootstrap.intervals(prod, threshold, resamples, seed, 0.95);
      Bootstrap.Comparison b = Bootstrap.compare(cand, prod, threshold, resamples, seed, 0.95);
      differences = b.difference();
      better = b.probabilityBetter();
      if (task == Task.BINARY) {
        delong = Optional.of(DeLong.test(first(cand), first(prod), cand.labels()));
      }
      agreement = Optional.of(agreement(cand, prod, threshold));
    }
    List<SliceResult> slices = new ArrayList<>();
    slices.addAll(slices("region", region, cand, prod, policy));
    slices.addAll(slices("plan", plan, cand, prod, policy));
    PromotionPolicy.Judgement judgement =
        policy.judge(
            task,
            task == Task.REGRESSION ? 1 : classes.size(),
            candidateMetrics,
            differences,
            better,
            slices,
            prod != null);
    return new Comparison(
        "cmp-" + Long.toHexString(SplitMix64.mix(seed)).substring(0, 8),
        model,
        prod == null ? 1 : 7,
        prod == null ? Optional.empty() : Optional.of(6),
        "production",
        model + "-eval@3",
        task,
        classes,
        cand,
        Optional.ofNullable(prod),
        candidateMetrics,
        productionMetrics,
        differences,
        better,
        delong,
        slices,
        agreement,
        shap(seed),
        policy,
        judgement.verdict(),
        judgement.checks(),
        AT);
  }

  private static PromotionPolicy withResamples(PromotionPolicy p, int resamples) {
    return new PromotionPolicy(
        p.primaryMetric(),
        p.minImprovement(),
        p.confidence(),
        p.maxRegression(),
        p.metricRegression(),
        p.slices(),
        p.minSliceSize(),
        p.maxSliceRegression(),
        p.thresholds(),
        p.decisionThreshold(),
        resamples,
        p.seed());
  }

  private static List<SliceResult> slices(
      String column, String[] values, Scored cand, Scored prod, PromotionPolicy policy) {
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      groups.computeIfAbsent(values[i], k -> new ArrayList<>()).add(i);
    }
    List<SliceResult> out = new ArrayList<>();
    for (var g : groups.entrySet()) {
      int[] idx = g.getValue().stream().mapToInt(Integer::intValue).toArray();
      Map<String, Double> cm = TaskMetricSet.compute(cand.subset(idx), policy.decisionThreshold());
      Map<String, Double> pm =
          prod == null
              ? Map.of()
              : TaskMetricSet.compute(prod.subset(idx), policy.decisionThreshold());
      out.add(
          new SliceResult(
              column, g.getKey(), idx.length, cm, pm, idx.length >= policy.minSliceSize()));
    }
    return out;
  }

  private static Map<String, Double> shap(long seed) {
    String[] names = {
      "tenure_months",
      "monthly_charges",
      "contract=month-to-month",
      "support_calls_90d",
      "total_charges",
      "payment_method=electronic_check",
      "internet_service=fiber_optic",
      "age",
      "days_since_last_login_across_all_devices_and_channels",
      "num_products",
      "paperless_billing",
      "discount_pct",
      "region=south",
      "dependents",
      "streaming_tv",
      "device_count",
      "promo_eligible",
      "late_payments_12m",
      "zip_density",
      "referral"
    };
    SplitMix64 random = new SplitMix64(seed + 99);
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      out.put(names[i], 0.9 * Math.pow(0.78, i) * (0.85 + 0.3 * random.nextDouble()));
    }
    return out;
  }

  private static double agreement(Scored a, Scored b, double threshold) {
    double[][] x = a.outputs();
    double[][] y = b.outputs();
    if (a.task() == Task.REGRESSION) {
      double mx = 0;
      double my = 0;
      for (int i = 0; i < x.length; i++) {
        mx += x[i][0] / x.length;
        my += y[i][0] / y.length;
      }
      double sxy = 0;
      double sxx = 0;
      double syy = 0;
      for (int i = 0; i < x.length; i++) {
        sxy += (x[i][0] - mx) * (y[i][0] - my);
        sxx += (x[i][0] - mx) * (x[i][0] - mx);
        syy += (y[i][0] - my) * (y[i][0] - my);
      }
      return sxy / Math.sqrt(sxx * syy);
    }
    int same = 0;
    for (int i = 0; i < x.length; i++) {
      boolean eq =
          a.task() == Task.BINARY
              ? (x[i][0] >= threshold) == (y[i][0] >= threshold)
              : argmax(x[i]) == argmax(y[i]);
      same += eq ? 1 : 0;
    }
    return (double) same / x.length;
  }

  private static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  private static double[] first(Scored s) {
    double[][] o = s.outputs();
    double[] v = new double[o.length];
    for (int i = 0; i < o.length; i++) {
      v[i] = o[i][0];
    }
    return v;
  }

  private static String region(SplitMix64 random) {
    double u = random.nextDouble();
    for (int r = 0; r < REGIONS.length - 1; r++) {
      u -= REGION_SHARE[r];
      if (u < 0) {
        return REGIONS[r];
      }
    }
    return REGIONS[REGIONS.length - 1];
  }

  private static double[] softmax(int label, double strength, int k, SplitMix64 random) {
    double[] p = new double[k];
    double sum = 0;
    for (int j = 0; j < k; j++) {
      p[j] = Math.exp((j == label ? strength : 0) + 1.1 * gaussian(random));
      sum += p[j];
    }
    for (int j = 0; j < k; j++) {
      p[j] /= sum;
    }
    return p;
  }

  static double gaussian(SplitMix64 random) {
    // Box-Muller; 1 - u keeps the logarithm's argument in (0, 1].
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
