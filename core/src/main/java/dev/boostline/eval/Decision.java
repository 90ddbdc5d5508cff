package dev.boostline.eval;

import dev.boostline.metrics.Interval;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A promotion decision, stored with the candidate under {@code models/<name>/decisions/<id>.json}.
 * Immutable.
 *
 * @param id the decision id, {@code d-yyyyMMddHHmmss-<6 hex>} (UTC)
 * @param model the model name
 * @param candidate the version judged
 * @param production the version the candidate was compared with (absent: absolute thresholds)
 * @param alias the alias the production version was found by, or {@code vN} for a fixed version
 * @param dataset the dataset version both were scored on, {@code name@version}
 * @param rows the rows scored (those with a target value)
 * @param verdict the policy's verdict
 * @param reasons every check, passed or failed, in words
 * @param checks the same checks as values (empty in decisions written before they were stored)
 * @param candidateMetrics the candidate's point estimates and 95% intervals, by metric id
 * @param productionMetrics the same for production (empty without production)
 * @param differences candidate minus production, paired (empty without production)
 * @param at when the decision was made
 * @param by the operating-system user who ran the evaluation
 */
public record Decision(
    String id,
    String model,
    int candidate,
    Optional<Integer> production,
    String alias,
    String dataset,
    int rows,
    Verdict verdict,
    List<String> reasons,
    List<Check> checks,
    Map<String, Interval> candidateMetrics,
    Map<String, Interval> productionMetrics,
    Map<String, Interval> differences,
    Instant at,
    String by) {
  public Decision {
    reasons = List.copyOf(reasons);
    checks = checks == null ? List.of() : List.copyOf(checks);
    candidateMetrics = Map.copyOf(candidateMetrics);
    productionMetrics = Map.copyOf(productionMetrics);
    differences = Map.copyOf(differences);
  }

  /**
   * The checks that failed, in words: from {@link #checks()}, or for decisions stored before checks
   * were, every reason of a rejection.
   */
  public List<String> failures() {
    if (!checks.isEmpty()) {
      return checks.stream().filter(Check::failed).map(Check::reason).toList();
    }
    return verdict == Verdict.REJECT ? reasons : List.of();
  }
}
