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
  /** Artifact name of the trained booster, in XGBoost's UBJSON model format. */
  public static final String MODEL = "model.ubj";

  /** Artifact name of the fitted features (see {@code FittedFeatures.toJson()}). */
  public static final String FEATURES = "features.json";

  /** Artifact name of the label encoding (target, task, classes) as JSON. */
  public static final String LABELS = "labels.json";

  private TrackedTraining() {}

  /**
   * What to run.
   *
   * <p>The constructor throws {@link IllegalArgumentException} for folds below 0 or equal to 1, or
   * trials below 0.
   *
   * @param dataset the registered dataset version to train on
   * @param options features, parameters, validation split and early stopping of the final model
   * @param cvFolds 0 for no cross-validation, else 2 or more folds (run after any search, with the
   *     parameters the final model uses)
   * @param searchTrials 0 for no search; the best trial's parameters train the final model
   * @param space where the search samples parameters (unused without a search)
   * @param searchSeed the seed of the parameter sampling, so a search can be repeated
   * @param successiveHalving whether a search of 4 or more trials first trains every trial on a
   *     third, then the better half on two thirds of the rounds, before the full budget
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
  /**
   * The recorded run and the trained model.
   *
   * @param timings seconds per phase, in order: {@code load} (the version into memory), the
   *     engine's own phases ({@link TrainResult#timings()}), {@code record} (artifacts and the run
   *     record)
   */
  public record Outcome(RunRecord run, TrainResult result, Map<String, Double> timings) {
    public Outcome {
      timings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(timings));
    }
  }

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
      long[] loadNanos = {0};
      java.util.function.Supplier<Dataset> load =
          () -> {
            if (loaded[0] == null) {
              long t0 = System.nanoTime();
              loaded[0] = datasets.load(manifest.ref());
              loadNanos[0] = System.nanoTime() - t0;
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
      long recordStart = System.nanoTime();
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
      Map<String, Double> timings = new java.util.LinkedHashMap<>();
      timings.put("load", loadNanos[0] / 1e9);
      result.timings().forEach((k, v) -> timings.merge(k, v, Double::sum));
      timings.put("record", (System.nanoTime() - recordStart) / 1e9);
      return new Outcome(finished, result, timings);
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
