package dev.boostline.eval;

import dev.boostline.metrics.Interval;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A promotion decision, stored with the candidate under {@code models/<name>/decisions/<id>.json}.
 *
 * @param production the version the candidate was compared with (absent: absolute thresholds)
 * @param dataset the dataset version both were scored on, {@code name@version}
 * @param reasons every check, passed or failed, in words
 * @param candidateMetrics, productionMetrics, differences: point estimates and intervals
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
    Map<String, Interval> candidateMetrics,
    Map<String, Interval> productionMetrics,
    Map<String, Interval> differences,
    Instant at,
    String by) {
  public Decision {
    reasons = List.copyOf(reasons);
    candidateMetrics = Map.copyOf(candidateMetrics);
    productionMetrics = Map.copyOf(productionMetrics);
    differences = Map.copyOf(differences);
  }
}
