package dev.boostline.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.data.CsvOptions;
import dev.boostline.data.Dataset;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.data.store.DatasetStore;
import dev.boostline.data.store.RegisterOptions;
import dev.boostline.features.FeatureSpec;
import dev.boostline.model.ModelBundles;
import dev.boostline.model.Scorer;
import dev.boostline.registry.AliasMove;
import dev.boostline.registry.ModelRef;
import dev.boostline.registry.ModelVersion;
import dev.boostline.registry.local.LocalModelRegistry;
import dev.boostline.testing.TestData;
import dev.boostline.tracking.TrackedTraining;
import dev.boostline.train.TrainOptions;
import dev.boostline.train.TrainingListener;
import dev.boostline.train.XgbParams;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario on adult: v1 is promoted (no production, sanity bounds); v2 with worse
 * settings is rejected with reasons; v3 with better settings is promoted; the audit log shows each
 * move.
 */
@Tag("slow")
class PromotionScenarioTest {
  @TempDir Path home;

  private ModelVersion trainAndRegister(LocalModelRegistry registry, XgbParams params, int early) {
    TrainOptions options =
        TrainOptions.builder(FeatureSpec.forTarget("income"))
            .params(params)
            .earlyStoppingRounds(early)
            .build();
    var outcome =
        TrackedTraining.run(
            home,
            TrackedTraining.Request.of(DatasetRef.parse("adult"), options),
            TrainingListener.NONE);
    return registry.register(
        "income", ModelBundles.fromRun(home, outcome.run().runId()), Optional.empty());
  }

  private Comparison evaluate(LocalModelRegistry registry, ModelVersion candidate, Dataset test) {
    Optional<ModelVersion> prod =
        Optional.ofNullable(registry.aliases("income").get("production"))
            .map(v -> registry.resolve(ModelRef.of("income", v)));
    PromotionPolicy policy = PromotionPolicy.defaults().withSlices(List.of("sex"));
    try (Scorer c = registry.bundle(candidate.ref()).open();
        Scorer p = prod.isPresent() ? registry.bundle(prod.get().ref()).open() : null) {
      Comparison result =
          ModelComparison.run(
              new ModelComparison.Subject(
                  "income",
                  candidate.version(),
                  prod.map(ModelVersion::version),
                  "production",
                  "adult-test@1"),
              c,
              Optional.ofNullable(p),
              test,
              policy);
      Decisions.open(home).save(result.decision());
      return result;
    }
  }

  @Test
  void train_promote_reject_promote_with_an_audit_trail() {
    DatasetStore datasets = DatasetStore.open(home);
    datasets.register(
        "adult",
        TestData.file("adult/adult_train.csv"),
        CsvOptions.defaults(),
        java.util.Optional.empty(),
        RegisterOptions.defaults());
    datasets.register(
        "adult-test",
        TestData.file("adult/adult_test.csv"),
        CsvOptions.defaults(),
        java.util.Optional.empty(),
        RegisterOptions.defaults());
    Dataset test = datasets.load(DatasetRef.parse("adult-test"));
    LocalModelRegistry registry = LocalModelRegistry.open(home);

    ModelVersion v1 =
        trainAndRegister(registry, XgbParams.builder().rounds(40).seed(1).nthread(2).build(), 0);
    Comparison first = evaluate(registry, v1, test);
    assertThat(first.verdict()).isEqualTo(Verdict.PROMOTE);
    assertThat(first.reasons()).anyMatch(r -> r.contains("no production model"));
    registry.setAlias("income", "production", v1.version(), "first model", Optional.of(first.id()));

    ModelVersion v2 =
        trainAndRegister(
            registry, XgbParams.builder().rounds(5).maxDepth(1).seed(1).nthread(2).build(), 0);
    Comparison worse = evaluate(registry, v2, test);
    assertThat(worse.verdict()).isEqualTo(Verdict.REJECT);
    assertThat(worse.reasons()).anyMatch(r -> r.startsWith("FAIL primary auc"));
    assertThat(worse.differences().get("auc").upper()).isNegative();
    assertThat(worse.delong().orElseThrow().pValue()).isLessThan(0.001);
    assertThat(worse.slices()).extracting(Comparison.SliceResult::value).contains("Male", "Female");

    ModelVersion v3 =
        trainAndRegister(
            registry, XgbParams.builder().rounds(1000).eta(0.1).seed(1).nthread(2).build(), 30);
    Comparison better = evaluate(registry, v3, test);
    assertThat(better.verdict()).as(String.join("\n", better.reasons())).isEqualTo(Verdict.PROMOTE);
    assertThat(better.differences().get("auc").estimate()).isPositive();
    registry.setAlias("income", "production", v3.version(), "better", Optional.of(better.id()));

    List<AliasMove> audit = registry.history("income");
    assertThat(audit).hasSize(2);
    assertThat(audit.get(0).to()).contains(1);
    assertThat(audit.get(1).from()).contains(1);
    assertThat(audit.get(1).to()).contains(3);
    assertThat(audit.get(1).decisionId()).contains(better.id());
    assertThat(Decisions.open(home).latestFor("income", 2).orElseThrow().verdict())
        .isEqualTo(Verdict.REJECT);
    assertThat(better.meanAbsShap()).containsKey("relationship");
  }

  @Test
  void comparing_models_of_different_targets_is_refused() {
    DatasetStore datasets = DatasetStore.open(home);
    datasets.register(
        "adult",
        TestData.file("adult/adult_train.csv"),
        CsvOptions.defaults(),
        java.util.Optional.empty(),
        RegisterOptions.defaults());
    LocalModelRegistry registry = LocalModelRegistry.open(home);
    ModelVersion income = trainAndRegister(registry, XgbParams.builder().rounds(3).build(), 0);
    var sexRun =
        TrackedTraining.run(
            home,
            TrackedTraining.Request.of(
                DatasetRef.parse("adult"),
                TrainOptions.builder(FeatureSpec.forTarget("sex"))
                    .params(XgbParams.builder().rounds(3).build())
                    .build()),
            TrainingListener.NONE);
    ModelVersion sex =
        registry.register(
            "sex", ModelBundles.fromRun(home, sexRun.run().runId()), Optional.empty());
    Dataset data = datasets.load(DatasetRef.parse("adult"));
    try (Scorer a = registry.bundle(income.ref()).open();
        Scorer b = registry.bundle(sex.ref()).open()) {
      assertThatThrownBy(
              () ->
                  ModelComparison.run(
                      new ModelComparison.Subject(
                          "income", 1, Optional.of(1), "production", "adult@1"),
                      a,
                      Optional.of(b),
                      data,
                      PromotionPolicy.defaults()))
          .hasMessageContaining("cannot compare models of different targets");
      Dataset noTarget =
          Dataset.of(
              new dev.boostline.data.Schema(data.schema().columns().subList(0, 14)),
              data.table().copy().removeColumns("income"));
      assertThatThrownBy(
              () ->
                  ModelComparison.run(
                      new ModelComparison.Subject(
                          "income", 1, Optional.empty(), "production", "x@1"),
                      a,
                      Optional.empty(),
                      noTarget,
                      PromotionPolicy.defaults()))
          .hasMessageContaining("has no target column \"income\"");
    }
  }
}
