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
 * are in {@code metrics.jsonl} beside it and files in {@code artifacts/}. A record is rewritten as
 * the run moves from {@link RunStatus#RUNNING} to {@link RunStatus#FINISHED} or {@link
 * RunStatus#FAILED}; fields only known at the end are empty or absent before. Immutable.
 *
 * @param formatVersion the run format it was written in ({@link #FORMAT_VERSION})
 * @param runId the run id, {@code yyyyMMdd-HHmmss-<6 hex>} (UTC start time)
 * @param status where the run is in its lifecycle
 * @param startedAt when the run started (millisecond precision)
 * @param endedAt when it finished or failed; absent while running
 * @param dataset the dataset version trained on
 * @param target the target column
 * @param objective XGBoost's objective name; absent at the start when the parameters leave it to be
 *     inferred from the target
 * @param classes the class values, index = label (empty for regression, and until the run finishes)
 * @param split how rows were split and how many went where
 * @param featureSpec the unfitted feature spec the run used
 * @param featureSpecSha256 SHA-256 of the feature spec's canonical JSON, to find runs with the same
 *     features
 * @param params the parameters as given (XGBoost names)
 * @param nativeParams the parameter map XGBoost received (empty until the run finishes)
 * @param earlyStoppingRounds rounds without improvement before training stops (0: no early
 *     stopping)
 * @param bestIteration 0-based round with the best validation score
 * @param roundsTrained rounds actually boosted
 * @param stoppingMetric the metric early stopping watched, e.g. {@code valid-logloss}
 * @param bestScore that metric's value at the best iteration
 * @param metrics {@code train} and {@code valid} task metrics at the best iteration
 * @param cv the cross-validation result, when folds were asked for
 * @param search the hyperparameter search's trials and winner, when a search ran
 * @param importance per type (gain, cover, weight) the score of each used feature
 * @param environment library versions, JVM, OS and git commit of the process that trained
 * @param artifacts file names under {@code artifacts/}
 * @param notes what training decided on its own and a person should know (dropped rows, columns
 *     left out, ...)
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

  /**
   * A dataset version as a run saw it.
   *
   * @param contentSha256 the version's content hash, so a run can be matched to its data even if
   *     the dataset were re-registered elsewhere
   */
  public record DatasetLineage(String name, int version, String contentSha256) {}

  /**
   * The split of a run.
   *
   * @param validation how the validation set was chosen, in words
   * @param seed the seed of the split (and of training)
   * @param trainRows rows trained on (0 until the run finishes)
   * @param validRows rows in the validation set (0 when none)
   * @param droppedRows rows left out because the target was missing
   */
  public record SplitInfo(
      String validation, long seed, int trainRows, int validRows, int droppedRows) {}
}
