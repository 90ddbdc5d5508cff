package dev.boostline.testing;

import dev.boostline.data.CsvOptions;
import dev.boostline.data.CsvReader;
import dev.boostline.data.Dataset;
import dev.boostline.data.DatasetProfile;
import dev.boostline.features.FeatureSpec;
import dev.boostline.model.BundleManifest;
import dev.boostline.model.ModelBundle;
import dev.boostline.model.TrainedModel;
import dev.boostline.train.TrainOptions;
import dev.boostline.train.TrainResult;
import dev.boostline.train.Trainer;
import dev.boostline.train.TrainingListener;
import dev.boostline.train.XgbParams;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Small trained bundles for tests, trained once per JVM and cached (by seed). */
public final class TestModels {
  private static final Map<String, ModelBundle> CACHE = new ConcurrentHashMap<>();
  private static volatile Dataset adult;

  private TestModels() {}

  /** The first 3,000 rows of adult_train.csv. */
  public static Dataset adultSample() {
    if (adult == null) {
      Dataset full =
          CsvReader.read(
                  TestData.file("adult/adult_train.csv"),
                  CsvOptions.defaults(),
                  java.util.Optional.empty())
              .dataset();
      adult = Dataset.of(full.schema(), full.table().inRange(0, 3000));
    }
    return adult;
  }

  /** A binary adult model (income) with {@code rounds} rounds and this seed. */
  public static ModelBundle adult(int rounds, long seed) {
    return adult(rounds, seed, FeatureSpec.forTarget("income"));
  }

  /** A binary adult model reading only the six numeric columns. */
  public static ModelBundle adultNumeric(int rounds, long seed) {
    return adult(
        rounds,
        seed,
        FeatureSpec.builder()
            .target("income")
            .ignore(
                "workclass",
                "education",
                "marital_status",
                "occupation",
                "relationship",
                "race",
                "sex",
                "native_country")
            .build());
  }

  /**
   * A binary adult model trained with early stopping that stops well before {@code rounds} (eta 1,
   * early stopping after 3 rounds): its training result holds more rounds than the best one, so the
   * bundle's model file is cut.
   */
  public static ModelBundle adultEarlyStopped(int rounds, long seed) {
    return trained(
        "adult-es-" + rounds + "-" + seed,
        adultSample(),
        TrainOptions.builder(FeatureSpec.forTarget("income"))
            .params(
                XgbParams.builder()
                    .rounds(rounds)
                    .eta(1.0)
                    .maxDepth(8)
                    .seed(seed)
                    .nthread(1)
                    .build())
            .earlyStoppingRounds(3)
            .build(),
        seed);
  }

  /** The training result of {@link #adultEarlyStopped} (full booster, every round trained). */
  public static TrainResult adultEarlyStoppedResult(int rounds, long seed) {
    return Trainer.train(
        adultSample(),
        TrainOptions.builder(FeatureSpec.forTarget("income"))
            .params(
                XgbParams.builder()
                    .rounds(rounds)
                    .eta(1.0)
                    .maxDepth(8)
                    .seed(seed)
                    .nthread(1)
                    .build())
            .earlyStoppingRounds(3)
            .build(),
        TrainingListener.NONE);
  }

  /** A bundle trained on {@code data} with {@code options}, cached under {@code key}. */
  public static ModelBundle trained(String key, Dataset data, TrainOptions options, long seed) {
    return CACHE.computeIfAbsent(
        key,
        k -> {
          TrainResult r = Trainer.train(data, options, TrainingListener.NONE);
          return bundle(r, data, seed);
        });
  }

  /** A bundle of a training result, with test lineage. */
  public static ModelBundle bundle(TrainResult r, Dataset data, long seed) {
    BundleManifest.Lineage lineage =
        BundleManifest.Lineage.builder("test", "0".repeat(64))
            .datasetVersion(1)
            .runId("20260101-000000-" + String.format("%06x", seed))
            .params(Map.of("seed", seed))
            .software("test", "3.4.0", "17", "Linux", "amd64")
            .build();
    return ModelBundle.create(
        TrainedModel.of(r),
        data,
        DatasetProfile.of(data),
        lineage,
        Map.of("train", r.trainMetrics(), "valid", r.validMetrics()));
  }

  private static ModelBundle adult(int rounds, long seed, FeatureSpec spec) {
    return CACHE.computeIfAbsent(
        "adult-" + rounds + "-" + seed + "-" + spec.sha256(),
        k -> {
          Dataset data = adultSample();
          TrainResult r =
              Trainer.train(
                  data,
                  TrainOptions.builder(spec)
                      .params(
                          XgbParams.builder()
                              .rounds(rounds)
                              .subsample(0.8)
                              .seed(seed)
                              .nthread(1)
                              .build())
                      .build(),
                  TrainingListener.NONE);
          BundleManifest.Lineage lineage =
              BundleManifest.Lineage.builder("adult", "0".repeat(64))
                  .datasetVersion(1)
                  .runId("20260101-000000-" + String.format("%06x", seed))
                  .params(Map.of("rounds", rounds, "seed", seed))
                  .software("test", "3.4.0", "17", "Linux", "amd64")
                  .build();
          return ModelBundle.create(
              TrainedModel.of(r),
              data,
              DatasetProfile.of(data),
              lineage,
              Map.of("train", r.trainMetrics(), "valid", r.validMetrics()));
        });
  }
}
