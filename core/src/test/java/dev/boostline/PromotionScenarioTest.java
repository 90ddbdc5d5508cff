package dev.boostline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.common.BoostlineException;
import dev.boostline.common.ConflictException;
import dev.boostline.common.NotFoundException;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.data.store.RegisterOptions;
import dev.boostline.eval.Check;
import dev.boostline.eval.Comparison;
import dev.boostline.eval.Verdict;
import dev.boostline.features.FeatureSpec;
import dev.boostline.registry.AliasMove;
import dev.boostline.registry.ModelRef;
import dev.boostline.registry.ModelVersion;
import dev.boostline.testing.TestData;
import dev.boostline.train.TrainOptions;
import dev.boostline.train.XgbParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production strategy through the {@link Boostline} API on adult: v1 is promoted (no
 * production, sanity bounds); v2 with worse settings is rejected with its failed checks and cannot
 * be promoted; v3 with better settings is promoted; a stale decision and a concurrent move are
 * refused; the audit log shows each move.
 */
@Tag("slow")
class PromotionScenarioTest {
  @TempDir Path dir;

  private ModelVersion trainAndRegister(Boostline home, XgbParams params, int early) {
    TrainOptions options =
        TrainOptions.builder(FeatureSpec.forTarget("income"))
            .params(params)
            .earlyStoppingRounds(early)
            .build();
    var outcome = home.train(DatasetRef.parse("adult"), options);
    return home.registerModel(outcome.run().runId(), "income", Optional.empty());
  }

  private static Evaluation evaluate(Boostline home, ModelVersion candidate) {
    return home.evaluate(
        EvaluationRequest.builder(candidate.ref(), DatasetRef.parse("adult-test"))
            .slices(List.of("sex"))
            .build());
  }

  @Test
  void train_promote_reject_promote_with_an_audit_trail() throws Exception {
    Boostline home = Boostline.open(dir);
    home.registerDataset(
        "adult",
        TestData.file("adult/adult_train.csv"),
        CsvOptions.defaults(),
        RegisterOptions.defaults());
    home.registerDataset(
        "adult-test",
        TestData.file("adult/adult_test.csv"),
        CsvOptions.defaults(),
        RegisterOptions.defaults());

    ModelVersion v1 =
        trainAndRegister(home, XgbParams.builder().rounds(40).seed(1).nthread(2).build(), 0);
    assertThatThrownBy(() -> home.promote(PromotionRequest.builder(v1.ref()).build()))
        .isInstanceOf(BoostlineException.class)
        .hasMessageContaining("not promoting income@1 to production: it has not been evaluated");
    Path report = dir.resolve("reports/v1.html");
    Evaluation first =
        home.evaluate(
            EvaluationRequest.builder(v1.ref(), DatasetRef.parse("adult-test"))
                .report(report)
                .build());
    assertThat(first.verdict()).isEqualTo(Verdict.PROMOTE);
    assertThat(first.baseline()).isEmpty();
    assertThat(first.decision().checks())
        .extracting(Check::rule)
        .containsExactly(Check.Rule.BOUNDS, Check.Rule.THRESHOLD);
    assertThat(Files.readString(report)).contains("PROMOTE");
    Promotion p1 = home.promote(PromotionRequest.builder(v1.ref()).build());
    assertThat(p1.changed()).isTrue();
    assertThat(p1.forced()).isFalse();
    assertThat(p1.decision().map(d -> d.id())).contains(first.decision().id());
    assertThat(home.promote(PromotionRequest.builder(v1.ref()).build()).changed()).isFalse();

    ModelVersion v2 =
        trainAndRegister(
            home, XgbParams.builder().rounds(5).maxDepth(1).seed(1).nthread(2).build(), 0);
    Evaluation worse = evaluate(home, v2);
    Comparison w = worse.comparison();
    assertThat(worse.verdict()).isEqualTo(Verdict.REJECT);
    Check primary =
        worse.decision().checks().stream()
            .filter(c -> c.rule() == Check.Rule.IMPROVEMENT)
            .findFirst()
            .orElseThrow();
    assertThat(primary.failed()).isTrue();
    assertThat(primary.metric()).contains("auc");
    assertThat(primary.measured().orElseThrow()).isNegative();
    assertThat(w.differences().get("auc").upper()).isNegative();
    assertThat(w.delong().orElseThrow().pValue()).isLessThan(0.001);
    assertThat(w.slices()).extracting(Comparison.SliceResult::value).contains("Male", "Female");
    assertThatThrownBy(() -> home.promote(PromotionRequest.builder(v2.ref()).build()))
        .hasMessageContaining("its latest evaluation (" + worse.decision().id() + ") rejected it")
        .hasMessageContaining("FAIL primary auc changes by");
    assertThatThrownBy(() -> PromotionRequest.builder(v2.ref()).force(" ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a reason");

    ModelVersion v3 =
        trainAndRegister(
            home, XgbParams.builder().rounds(1000).eta(0.1).seed(1).nthread(2).build(), 30);
    Evaluation better = evaluate(home, v3);
    assertThat(better.verdict())
        .as(String.join("\n", better.comparison().reasons()))
        .isEqualTo(Verdict.PROMOTE);
    assertThat(better.comparison().differences().get("auc").estimate()).isPositive();
    assertThat(better.comparison().meanAbsShap()).containsKey("relationship");

    // Production moves after the evaluation (a forced hotfix): the decision is stale.
    Promotion hotfix =
        home.promote(PromotionRequest.builder(v2.ref()).force("hotfix while on call").build());
    assertThat(hotfix.forced()).isTrue();
    assertThatThrownBy(() -> home.promote(PromotionRequest.builder(v3.ref()).build()))
        .hasMessageContaining("compared it with version 1, but production is now version 2");
    home.rollback("income", "production", "hotfix reverted");
    Promotion p3 =
        home.promote(PromotionRequest.builder(v3.ref()).reason("better on adult-test").build());
    assertThat(p3.from()).contains(1);

    List<AliasMove> audit = home.models().history("income");
    assertThat(audit).extracting(m -> m.to().orElseThrow()).containsExactly(1, 2, 1, 3);
    assertThat(audit.get(1).reason()).isEqualTo("FORCED: hotfix while on call");
    assertThat(audit.get(1).decisionId()).isEmpty();
    assertThat(audit.get(3).decisionId()).contains(better.decision().id());
    assertThat(audit.get(3).reason()).isEqualTo("better on adult-test");
    assertThat(home.decisions().latestFor("income", 2).orElseThrow().verdict())
        .isEqualTo(Verdict.REJECT);
  }

  @Test
  void a_move_between_the_gate_and_the_write_is_refused_by_compare_and_set() {
    Boostline home = Boostline.open(dir);
    home.registerDataset(
        "adult",
        TestData.file("adult/adult_train.csv"),
        CsvOptions.defaults(),
        RegisterOptions.defaults());
    ModelVersion v1 = trainAndRegister(home, XgbParams.builder().rounds(3).build(), 0);
    ModelVersion v2 = trainAndRegister(home, XgbParams.builder().rounds(6).build(), 0);
    home.models().setAlias("income", "production", 1, "first", Optional.empty());
    // What a second process does between this one's read and its write:
    assertThatThrownBy(
            () ->
                home.models()
                    .compareAndSetAlias(
                        "income",
                        "production",
                        Optional.empty(),
                        v2.version(),
                        "late",
                        Optional.empty()))
        .isInstanceOf(ConflictException.class);
    assertThat(home.models().aliases("income")).containsEntry("production", v1.version());
    assertThatThrownBy(() -> home.rollback("income", "staging", "x"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void comparing_models_of_different_targets_is_refused() {
    Boostline home = Boostline.open(dir);
    home.registerDataset(
        "adult",
        TestData.file("adult/adult_train.csv"),
        CsvOptions.defaults(),
        RegisterOptions.defaults());
    ModelVersion income = trainAndRegister(home, XgbParams.builder().rounds(3).build(), 0);
    var sexRun =
        home.train(
            DatasetRef.parse("adult"),
            TrainOptions.builder(FeatureSpec.forTarget("sex"))
                .params(XgbParams.builder().rounds(3).build())
                .build());
    ModelVersion sex = home.registerModel(sexRun.run().runId(), "sex", Optional.empty());
    assertThatThrownBy(
            () ->
                home.evaluate(
                    EvaluationRequest.builder(income.ref(), DatasetRef.parse("adult"))
                        .against(sex.ref())
                        .build()))
        .hasMessageContaining("cannot compare models of different targets");
    assertThatThrownBy(
            () ->
                home.evaluate(
                    EvaluationRequest.builder(ModelRef.of("income", 7), DatasetRef.parse("adult"))
                        .build()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no version 7");
  }
}
