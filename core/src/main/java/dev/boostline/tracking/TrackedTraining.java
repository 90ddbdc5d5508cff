package dev.boostline.tracking;

import dev.boostline.data.Dataset;
import dev.boostline.data.store.DatasetManifest;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.data.store.DatasetStore;
import dev.boostline.train.CrossValidation;
import dev.boostline.train.HyperparameterSearch;
import dev.boostline.train.SearchSpace;
import dev.boostline.train.TrainOptions;
import dev.boostline.train.TrainResult;
import dev.boostline.train.Trainer;
import dev.boostline.train.TrainingListener;
import dev.boostline.train.ValidationSplit;
import dev.boostline.util.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Trains on a registered dataset version and records the run: optional hyperparameter search,
 * optional cross-validation, then the final model with its artifacts ({@code model.ubj}, {@code
 * features.json}, {@code labels.json}). A failure is recorded as a FAILED run with its error before
 * the exception propagates.
 */
public final class TrackedTraining {
  /** Artifact names. */
  public static final String MODEL = "model.ubj";

  public static final String FEATURES = "features.json";
  public static final String LABELS = "labels.json";

  private TrackedTraining() {}

  /**
   * What to run.
   *
   * @param cvFolds 0 for no cross-validation
   * @param searchTrials 0 for no search; the best trial's parameters train the final model
   */
  public record Request(
      DatasetRef dataset,
      TrainOptions options,
      int cvFolds,
      int searchTrials,
      SearchSpace space,
      long searchSeed,
      boolean successiveHalving) {
    public Request {
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(space, "space");
      if (cvFolds < 0 || cvFolds == 1) {
        throw new IllegalArgumentException("cv folds must be 0 (none) or >= 2, got " + cvFolds);
      }
      if (searchTrials < 0) {
        throw new IllegalArgumentException("search trials must be >= 0, got " + searchTrials);
      }
    }

    /** Just a training run. */
    public static Request of(DatasetRef dataset, TrainOptions options) {
      return new Request(dataset, options, 0, 0, SearchSpace.defaults(), 0, false);
    }
  }

  /** The recorded run and the trained model. */
  public record Outcome(RunRecord run, TrainResult result) {}

  /**
   * Trains the final model of a run: {@link #LOCAL} is the single-node {@link Trainer} on the
   * version loaded into memory; boostline-spark provides a distributed one. Implementations throw
   * on failure (the run is then recorded as failed) and must not write into the home.
   */
  @FunctionalInterface
  public interface Engine {
    /**
     * @param dataset the manifest of the version to train on
     * @param load loads the version into memory (for engines that train in this JVM)
     */
    TrainResult train(
        DatasetManifest dataset,
        java.util.function.Supplier<Dataset> load,
        TrainOptions options,
        TrainingListener listener);
  }

  /** The single-node engine: {@link Trainer#train} on the loaded version. */
  public static final Engine LOCAL =
      (manifest, load, options, listener) -> Trainer.train(load.get(), options, listener);

  /** Runs and records a training run in {@code home} on this machine. */
  public static Outcome run(Path home, Request request, TrainingListener listener) {
    return run(home, request, listener, LOCAL);
  }

  /**
   * Runs and records a training run in {@code home}, the final model trained by {@code engine}
   * (search and cross-validation always run on this machine).
   */
  public static Outcome run(Path home, Request request, TrainingListener listener, Engine engine) {
    DatasetStore datasets = DatasetStore.open(home);
    DatasetManifest manifest = datasets.manifest(request.dataset());
    RunStore runs = RunStore.open(home);
    String runId = runs.newRunId();
    TrainOptions options = request.options();
    RunRecord started =
        new RunRecord(
            RunRecord.FORMAT_VERSION,
            runId,
            RunStatus.RUNNING,
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            Optional.empty(),
            new RunRecord.DatasetLineage(
                manifest.name(), manifest.version(), manifest.contentSha256()),
            options.spec().target().orElseThrow(),
            options.params().objective().map(o -> o.xgboostName()),
            List.of(),
            new RunRecord.SplitInfo(
                describe(options.validation()), options.params().seed(), 0, 0, 0),
            options.spec(),
            options.spec().sha256(),
            options.params().describe(),
            Map.of(),
            options.earlyStoppingRounds(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            Environment.capture(),
            List.of(),
            List.of(),
            Optional.empty());
    runs.create(started);
    listener.onInfo("run " + runId + " on " + manifest.ref());
    try {
      Dataset[] loaded = new Dataset[1];
      java.util.function.Supplier<Dataset> load =
          () -> {
            if (loaded[0] == null) {
              loaded[0] = datasets.load(manifest.ref());
            }
            return loaded[0];
          };
      Optional<HyperparameterSearch.Result> search = Optional.empty();
      if (request.searchTrials() > 0) {
        HyperparameterSearch.Result s =
            HyperparameterSearch.run(
                load.get(),
                options,
                request.space(),
                request.searchTrials(),
                request.searchSeed(),
                request.successiveHalving(),
                listener);
        search = Optional.of(s);
        options = options.toBuilder().params(s.bestParams()).build();
        listener.onInfo("search: best trial " + s.best().number() + " " + s.best().params());
      }
      Optional<CrossValidation.Result> cv = Optional.empty();
      if (request.cvFolds() > 0) {
        cv = Optional.of(CrossValidation.run(load.get(), options, request.cvFolds(), listener));
      }
      TrainingListener recording =
          new TrainingListener() {
            @Override
            public void onIteration(int iteration, int rounds, Map<String, Double> metrics) {
              runs.appendMetrics(runId, iteration, metrics);
              listener.onIteration(iteration, rounds, metrics);
            }

            @Override
            public void onInfo(String message) {
              listener.onInfo(message);
            }
          };
      TrainResult result = engine.train(manifest, load, options, recording);
      runs.writeArtifact(runId, MODEL, result.model());
      runs.writeArtifact(
          runId, FEATURES, result.features().toJson().getBytes(StandardCharsets.UTF_8));
      runs.writeArtifact(runId, LABELS, Json.toBytes(result.labels()));
      List<String> notes = new ArrayList<>(result.notes());
      notes.addAll(result.features().definition().notes());
      RunRecord finished =
          new RunRecord(
              RunRecord.FORMAT_VERSION,
              runId,
              RunStatus.FINISHED,
              started.startedAt(),
              Optional.of(Instant.now().truncatedTo(ChronoUnit.MILLIS)),
              started.dataset(),
              started.target(),
              Optional.of(result.objective().xgboostName()),
              result.labels().classes(),
              new RunRecord.SplitInfo(
                  describe(options.validation()),
                  options.params().seed(),
                  result.split().train(),
                  result.split().valid(),
                  result.split().dropped()),
              options.spec(),
              started.featureSpecSha256(),
              options.params().describe(),
              result.nativeParams(),
              options.earlyStoppingRounds(),
              Optional.of(result.bestIteration()),
              Optional.of(result.roundsTrained()),
              Optional.of(result.stoppingMetric()),
              Optional.of(result.bestScore()),
              Map.of("train", result.trainMetrics(), "valid", result.validMetrics()),
              cv,
              search,
              result.importance(),
              started.environment(),
              List.of(MODEL, FEATURES, LABELS),
              notes,
              Optional.empty());
      runs.write(finished);
      return new Outcome(finished, result);
    } catch (RuntimeException | Error e) {
      RunRecord failed =
          new RunRecord(
              started.formatVersion(),
              runId,
              RunStatus.FAILED,
              started.startedAt(),
              Optional.of(Instant.now().truncatedTo(ChronoUnit.MILLIS)),
              started.dataset(),
              started.target(),
              started.objective(),
              List.of(),
              started.split(),
              started.featureSpec(),
              started.featureSpecSha256(),
              started.params(),
              Map.of(),
              started.earlyStoppingRounds(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Map.of(),
              Optional.empty(),
              Optional.empty(),
              Map.of(),
              started.environment(),
              List.of(),
              List.of(),
              Optional.of(String.valueOf(e.getMessage())));
      runs.write(failed);
      throw e;
    }
  }

  private static String describe(ValidationSplit v) {
    if (v.timeColumn().isPresent()) {
      return "time: " + v.timeColumn().get() + " >= " + v.validFrom().get();
    }
    if (v.groupBy().isPresent()) {
      return "group by " + v.groupBy().get() + ", fraction " + v.fraction();
    }
    if (v.fraction() == 0) {
      return "none";
    }
    return "random fraction " + v.fraction() + " (stratified for classification)";
  }
}
