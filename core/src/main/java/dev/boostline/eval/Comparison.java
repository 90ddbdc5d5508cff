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
 * policy's verdict. Holds the per-row outputs too, for curves in the report. A value to read, not
 * to change. Every interval is a 95% bootstrap interval with the policy's resamples and seed.
 *
 * @param id the decision id this comparison is stored under ({@link Decisions#newId()})
 * @param model the model name
 * @param candidateVersion the version judged
 * @param productionVersion the version it was compared with; absent when there was none
 * @param alias the alias the baseline was found by ({@code production} by default), or {@code vN}
 *     when compared with a fixed version
 * @param dataset the dataset version scored, {@code name@version}
 * @param task what both models predict
 * @param classes the class values, index = label (empty for regression)
 * @param candidate outputs and labels of the candidate on the evaluated rows (rows with a target
 *     value)
 * @param production the same rows scored by production, when there is one
 * @param candidateMetrics point estimate and bootstrap interval of every metric, by metric id
 * @param productionMetrics the same for production (empty without production)
 * @param differences candidate minus production, paired bootstrap (empty without production)
 * @param probabilityBetter bootstrap share of resamples where the candidate is better
 * @param delong DeLong's test of the two AUCs (binary with production)
 * @param slices per group of each slice column of the policy, the primary and other metrics of both
 *     models
 * @param agreement classification: share of rows with the same predicted label; regression:
 *     correlation of the predictions
 * @param checks every rule the policy judged, in order, as values
 * @param meanAbsShap candidate's mean |SHAP| per feature on (a sample of) the rows, margin units
 * @param policy the policy that judged
 * @param verdict the policy's verdict
 * @param at when the comparison was made (millisecond precision)
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
   * @param column the slice column
   * @param value the group's value in that column
   * @param rows the rows in the group
   * @param candidate the candidate's metrics on the group, by metric id (point estimates)
   * @param production production's metrics on the group (empty without production)
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
