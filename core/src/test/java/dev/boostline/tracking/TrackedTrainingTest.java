package dev.boostline.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.common.NotFoundException;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.data.store.DatasetStore;
import dev.boostline.data.store.RegisterOptions;
import dev.boostline.features.FeatureSpec;
import dev.boostline.features.FittedFeatures;
import dev.boostline.testing.TestData;
import dev.boostline.train.TrainOptions;
import dev.boostline.train.TrainingListener;
import dev.boostline.train.XgbParams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackedTrainingTest {
  @TempDir Path home;

  @BeforeEach
  void register() {
    DatasetStore.open(home)
        .register(
            "housing",
            TestData.file("california-housing/housing.csv"),
            CsvOptions.defaults(),
            java.util.Optional.empty(),
            RegisterOptions.defaults());
  }

  private static TrainOptions options(String target) {
    return TrainOptions.builder(FeatureSpec.forTarget(target))
        .params(XgbParams.builder().rounds(15).seed(5).build())
        .build();
  }

  @Test
  void a_run_records_lineage_params_metrics_environment_and_artifacts() {
    TrackedTraining.Outcome o =
        TrackedTraining.run(
            home,
            new TrackedTraining.Request(
                DatasetRef.parse("housing"),
                options("median_house_value"),
                3,
                0,
                dev.boostline.train.SearchSpace.defaults(),
                0,
                false),
            TrainingListener.NONE);
    RunStore runs = RunStore.open(home);
    RunRecord r = runs.get(o.run().runId());
    // Read back, the record serializes to the same JSON (numbers may come back as other boxes).
    assertThat(dev.boostline.util.internal.json.Json.toString(r))
        .isEqualTo(dev.boostline.util.internal.json.Json.toString(o.run()));
    assertThat(r.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(r.endedAt()).isPresent();
    assertThat(r.dataset().name()).isEqualTo("housing");
    assertThat(r.dataset().version()).isEqualTo(1);
    assertThat(r.dataset().contentSha256())
        .isEqualTo(DatasetStore.open(home).manifest(DatasetRef.parse("housing")).contentSha256());
    assertThat(r.featureSpecSha256())
        .isEqualTo(FeatureSpec.forTarget("median_house_value").sha256());
    assertThat(r.params()).containsEntry("seed", 5);
    assertThat(r.nativeParams()).containsEntry("objective", "reg:squarederror");
    assertThat(r.metrics().get("valid")).containsKeys("rmse", "mae", "r2");
    assertThat(r.cv().orElseThrow().k()).isEqualTo(3);
    assertThat(r.importance().get("gain")).isNotEmpty();
    assertThat(r.environment().xgboostVersion()).isNotBlank();
    assertThat(r.environment().cores()).isPositive();
    assertThat(r.artifacts()).containsExactly("model.ubj", "features.json", "labels.json");
    assertThat(runs.metrics(r.runId())).hasSize(15);
    assertThat(runs.metrics(r.runId()).get(14))
        .containsKeys("iteration", "train-rmse", "valid-rmse");
    FittedFeatures f =
        FittedFeatures.fromJson(
            new String(runs.readArtifact(r.runId(), "features.json"), StandardCharsets.UTF_8));
    assertThat(f.definition()).isEqualTo(o.result().features().definition());
    assertThat(runs.readArtifact(r.runId(), "model.ubj")).isEqualTo(o.result().model());
    assertThat(runs.list(Optional.of("housing"))).hasSize(1);
    assertThat(runs.list(Optional.of("other"))).isEmpty();
    assertThat(runs.get(r.runId().substring(0, 17)).runId()).isEqualTo(r.runId());
  }

  @Test
  void a_failed_run_is_recorded_as_failed_with_its_error() {
    assertThatThrownBy(
            () ->
                TrackedTraining.run(
                    home,
                    TrackedTraining.Request.of(
                        DatasetRef.parse("housing"), options("no_such_column")),
                    TrainingListener.NONE))
        .hasMessageContaining("target column \"no_such_column\" is not in the dataset");
    RunStore runs = RunStore.open(home);
    assertThat(runs.ids()).hasSize(1);
    RunRecord r = runs.get(runs.ids().get(0));
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.error().orElseThrow()).contains("no_such_column");
  }

  @Test
  void unknown_runs_and_datasets_are_reported() {
    assertThatThrownBy(() -> RunStore.open(home).get("20990101"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(
            () ->
                TrackedTraining.run(
                    home,
                    TrackedTraining.Request.of(DatasetRef.parse("nope"), options("x")),
                    TrainingListener.NONE))
        .isInstanceOf(NotFoundException.class);
    assertThat(RunStore.open(home).ids()).isEmpty();
  }

  @Test
  void git_commit_is_read_from_the_repository_files() {
    assertThat(Environment.gitCommit(Path.of("/"))).isEmpty();
  }
}
