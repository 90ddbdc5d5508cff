package dev.boostline.tracking;

import dev.boostline.features.FeatureSpec;
import dev.boostline.train.CrossValidation;
import dev.boostline.train.HyperparameterSearch;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything recorded about a training run, stored as {@code runs/<id>/run.json}; per-round metrics
 * are in {@code metrics.jsonl} beside it and files in {@code artifacts/}.
 *
 * @param dataset the dataset version trained on
 * @param split how rows were split and how many went where
 * @param params the parameters as given (XGBoost names); {@code nativeParams} what XGBoost got
 * @param metrics {@code train} and {@code valid} task metrics at the best iteration
 * @param importance per type (gain, cover, weight) the score of each used feature
 * @param artifacts file names under {@code artifacts/}
 * @param error the failure message of a FAILED run
 */
public record RunRecord(
    int formatVersion,
    String runId,
    RunStatus status,
    Instant startedAt,
    Optional<Instant> endedAt,
    DatasetLineage dataset,
    String target,
    Optional<String> objective,
    List<String> classes,
    SplitInfo split,
    FeatureSpec featureSpec,
    String featureSpecSha256,
    Map<String, Object> params,
    Map<String, Object> nativeParams,
    int earlyStoppingRounds,
    Optional<Integer> bestIteration,
    Optional<Integer> roundsTrained,
    Optional<String> stoppingMetric,
    Optional<Double> bestScore,
    Map<String, Map<String, Double>> metrics,
    Optional<CrossValidation.Result> cv,
    Optional<HyperparameterSearch.Result> search,
    Map<String, Map<String, Double>> importance,
    Environment environment,
    List<String> artifacts,
    List<String> notes,
    Optional<String> error) {
  /** The run format this library writes and reads. */
  public static final int FORMAT_VERSION = 1;

  public RunRecord {
    classes = List.copyOf(classes);
    params = Map.copyOf(params);
    nativeParams = Map.copyOf(nativeParams);
    metrics = Map.copyOf(metrics);
    importance = Map.copyOf(importance);
    artifacts = List.copyOf(artifacts);
    notes = List.copyOf(notes);
  }

  /** A dataset version as a run saw it. */
  public record DatasetLineage(String name, int version, String contentSha256) {}

  /**
   * The split of a run.
   *
   * @param validation how the validation set was chosen, in words
   */
  public record SplitInfo(
      String validation, long seed, int trainRows, int validRows, int droppedRows) {}
}
