package dev.boostline.eval;

import dev.boostline.metrics.DeLong;
import dev.boostline.metrics.Interval;
import dev.boostline.metrics.Scored;
import dev.boostline.task.Task;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A candidate model evaluated against production (or alone) on one dataset version, with the
 * policy's verdict. Holds the per-row outputs too, for curves in the report.
 *
 * @param candidate outputs and labels of the candidate on the evaluated rows
 * @param production the same rows scored by production, when there is one
 * @param candidateMetrics point estimate and bootstrap interval of every metric
 * @param differences candidate minus production, paired bootstrap
 * @param probabilityBetter bootstrap share of resamples where the candidate is better
 * @param delong DeLong's test of the two AUCs (binary with production)
 * @param agreement classification: share of rows with the same predicted label; regression:
 *     correlation of the predictions
 * @param checks every rule the policy judged, in order, as values
 * @param meanAbsShap candidate's mean |SHAP| per feature on (a sample of) the rows, margin units
 */
public record Comparison(
    String id,
    String model,
    int candidateVersion,
    Optional<Integer> productionVersion,
    String alias,
    String dataset,
    Task task,
    List<String> classes,
    Scored candidate,
    Optional<Scored> production,
    Map<String, Interval> candidateMetrics,
    Map<String, Interval> productionMetrics,
    Map<String, Interval> differences,
    Map<String, Double> probabilityBetter,
    Optional<DeLong.Result> delong,
    List<SliceResult> slices,
    Optional<Double> agreement,
    Map<String, Double> meanAbsShap,
    PromotionPolicy policy,
    Verdict verdict,
    List<Check> checks,
    Instant at) {
  public Comparison {
    checks = List.copyOf(checks);
  }

  /** Every check in words, in order (the {@link Check#reason()}s). */
  public List<String> reasons() {
    return checks.stream().map(Check::reason).toList();
  }

  /**
   * Metrics of one group of rows.
   *
   * @param judged whether the group was large enough to be judged by the policy
   */
  public record SliceResult(
      String column,
      String value,
      int rows,
      Map<String, Double> candidate,
      Map<String, Double> production,
      boolean judged) {}

  /** The stored form of this comparison. */
  public Decision decision() {
    return new Decision(
        id,
        model,
        candidateVersion,
        productionVersion,
        alias,
        dataset,
        candidate.size(),
        verdict,
        reasons(),
        checks,
        candidateMetrics,
        productionMetrics,
        differences,
        at,
        System.getProperty("user.name", "unknown"));
  }
}
