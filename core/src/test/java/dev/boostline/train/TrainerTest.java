package dev.boostline.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.data.CsvOptions;
import dev.boostline.data.CsvReader;
import dev.boostline.data.Dataset;
import dev.boostline.features.FeatureSpec;
import dev.boostline.task.Objective;
import dev.boostline.testing.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrainerTest {
  static Dataset housing;
  static Dataset adultSample;

  @BeforeAll
  static void load() {
    housing =
        CsvReader.read(
                TestData.file("california-housing/housing.csv"),
                CsvOptions.defaults(),
                java.util.Optional.empty())
            .dataset();
    Dataset adult =
        CsvReader.read(
                TestData.file("adult/adult_train.csv"),
                CsvOptions.defaults(),
                java.util.Optional.empty())
            .dataset();
    adultSample = Dataset.of(adult.schema(), adult.table().inRange(0, 5000));
  }

  private static TrainOptions.Builder options(String target) {
    return TrainOptions.builder(FeatureSpec.forTarget(target))
        .params(XgbParams.builder().rounds(30).seed(3).nthread(2).build());
  }

  @Test
  void same_data_spec_params_and_seed_give_a_byte_identical_model() {
    TrainOptions o =
        options("income")
            .params(
                XgbParams.builder().rounds(25).subsample(0.8).colsampleBytree(0.8).seed(11).build())
            .build();
    byte[] a = Trainer.train(adultSample, o, TrainingListener.NONE).model();
    byte[] b = Trainer.train(adultSample, o, TrainingListener.NONE).model();
    assertThat(b).isEqualTo(a);
    TrainOptions other = o.toBuilder().params(o.params().toBuilder().seed(12).build()).build();
    assertThat(Trainer.train(adultSample, other, TrainingListener.NONE).model()).isNotEqualTo(a);
  }

  @Test
  void regression_is_inferred_for_a_numeric_target_and_reports_metrics() {
    List<String> info = new ArrayList<>();
    List<Integer> rounds = new ArrayList<>();
    TrainResult r =
        Trainer.train(
            housing,
            options("median_house_value").build(),
            new TrainingListener() {
              @Override
              public void onIteration(int iteration, int total, Map<String, Double> metrics) {
                rounds.add(iteration);
                assertThat(metrics).containsKeys("train-rmse", "valid-rmse");
              }

              @Override
              public void onInfo(String message) {
                info.add(message);
              }
            });
    assertThat(r.objective()).isEqualTo(Objective.SQUARED_ERROR);
    assertThat(info).anyMatch(m -> m.contains("objective reg:squarederror inferred"));
    assertThat(rounds).hasSize(30);
    assertThat(r.validMetrics()).containsKeys("rmse", "mae", "r2");
    assertThat(r.validMetrics().get("r2")).isGreaterThan(0.7);
    assertThat(r.split().valid()).isEqualTo(4128);
    // Without early stopping the model is the last round.
    assertThat(r.bestIteration()).isEqualTo(29);
    assertThat(r.history()).hasSize(30);
    assertThat(r.importance()).containsKeys("gain", "cover", "weight");
  }

  @Test
  void early_stopping_records_the_best_round_and_stops() {
    TrainResult r =
        Trainer.train(
            housing,
            options("median_house_value")
                .params(XgbParams.builder().rounds(2000).eta(0.5).seed(1).build())
                .earlyStoppingRounds(5)
                .build(),
            TrainingListener.NONE);
    assertThat(r.roundsTrained()).isLessThan(2000);
    assertThat(r.roundsTrained()).isEqualTo(r.bestIteration() + 1 + 5);
    double best = r.history().get(r.bestIteration()).get("valid-rmse");
    assertThat(r.history())
        .allSatisfy(m -> assertThat(m.get("valid-rmse")).isGreaterThanOrEqualTo(best));
    assertThat(r.bestScore()).isEqualTo(best);
  }

  @Test
  void multiclass_keeps_the_original_class_labels() {
    Dataset letter =
        CsvReader.read(
                TestData.file("letter-recognition/letter.csv"),
                CsvOptions.defaults(),
                java.util.Optional.empty())
            .dataset();
    Dataset small = Dataset.of(letter.schema(), letter.table().inRange(0, 3000));
    TrainResult r =
        Trainer.train(
            small,
            options("letter").params(XgbParams.builder().rounds(10).seed(1).build()).build(),
            TrainingListener.NONE);
    assertThat(r.objective()).isEqualTo(Objective.MULTI_SOFTPROB);
    assertThat(r.labels().classes()).hasSize(26).startsWith("A", "B").endsWith("Z");
    assertThat(r.validMetrics()).containsKeys("mlogloss", "accuracy");
    assertThat(Predict.outputs(r, small)[0]).hasSize(26);
  }

  @Test
  void numeric_target_with_a_classification_objective_uses_its_values_as_classes() {
    Dataset d =
        CsvReader.read(
                TestData.write(
                    java.nio.file.Path.of(System.getProperty("java.io.tmpdir")),
                    "boostline-trainer-" + ProcessHandle.current().pid() + ".csv",
                    buildBinaryCsv()),
                CsvOptions.defaults(),
                java.util.Optional.empty())
            .dataset();
    TrainResult r =
        Trainer.train(
            d,
            options("y")
                .params(XgbParams.builder().rounds(5).objective(Objective.BINARY_LOGISTIC).build())
                .build(),
            TrainingListener.NONE);
    assertThat(r.labels().classes()).containsExactly("0", "1");
    assertThat(r.validMetrics().get("auc")).isGreaterThan(0.9);
  }

  private static String buildBinaryCsv() {
    StringBuilder sb = new StringBuilder("x,y\n");
    for (int i = 0; i < 400; i++) {
      sb.append(i).append(',').append(i < 200 ? 0 : 1).append('\n');
    }
    return sb.toString();
  }

  @Test
  void cross_validation_reports_mean_and_std_per_metric() {
    CrossValidation.Result cv =
        CrossValidation.run(
            adultSample,
            options("income").params(XgbParams.builder().rounds(20).seed(2).build()).build(),
            3,
            TrainingListener.NONE);
    assertThat(cv.folds()).hasSize(3);
    assertThat(cv.mean()).containsKeys("auc", "logloss", "accuracy", "best_iteration");
    assertThat(cv.mean().get("auc")).isBetween(0.85, 0.95);
    assertThat(cv.std().get("auc")).isBetween(0.0, 0.05);
    double mean = cv.folds().stream().mapToDouble(f -> f.get("auc")).average().orElseThrow();
    assertThat(cv.mean().get("auc")).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void random_search_is_seeded_and_picks_the_best_trial() {
    TrainOptions o =
        options("income").params(XgbParams.builder().rounds(12).seed(2).build()).build();
    SearchSpace space =
        new SearchSpace(
            Map.of(
                "max_depth", SearchSpace.Range.parse("int:2:6"),
                "eta", SearchSpace.Range.parse("log:0.05:0.5")));
    HyperparameterSearch.Result a =
        HyperparameterSearch.run(adultSample, o, space, 4, 9, true, TrainingListener.NONE);
    HyperparameterSearch.Result b =
        HyperparameterSearch.run(adultSample, o, space, 4, 9, true, TrainingListener.NONE);
    assertThat(a.trials()).isEqualTo(b.trials());
    assertThat(a.metric()).isEqualTo("valid-logloss");
    assertThat(a.maximize()).isFalse();
    assertThat(a.trials()).hasSize(4);
    // Successive halving: two trials stop at the first rung (4 rounds), two go to the full 12.
    assertThat(a.trials().stream().filter(t -> t.rounds() == 12)).hasSize(1);
    double bestScore =
        a.trials().stream()
            .filter(t -> t.rounds() == 12)
            .mapToDouble(HyperparameterSearch.Trial::score)
            .min()
            .orElseThrow();
    assertThat(a.best().score()).isEqualTo(bestScore);
    assertThat(a.bestParams().maxDepth())
        .isEqualTo(Integer.parseInt(a.best().params().get("max_depth")));
  }

  @Test
  void params_are_validated_with_the_bad_value_named() {
    assertThatThrownBy(() -> XgbParams.builder().maxDepth(-1))
        .hasMessage("maxDepth must be >= 0, got -1");
    assertThatThrownBy(() -> XgbParams.builder().eta(0))
        .hasMessage("eta must be in (0, 1], got 0.0");
    assertThatThrownBy(() -> XgbParams.builder().set("max_depth", "deep"))
        .hasMessage("parameter max_depth: \"deep\" is not a number");
    assertThatThrownBy(() -> XgbParams.builder().set("booster", "dart"))
        .hasMessageContaining("dart");
    assertThatThrownBy(() -> Objective.parse("rank:pairwise"))
        .hasMessageContaining("unknown objective");
    XgbParams p =
        XgbParams.builder().set("learning_rate", "0.05").set("grow_policy", "lossguide").build();
    assertThat(p.eta()).isEqualTo(0.05);
    assertThat(p.toMap(Objective.BINARY_LOGISTIC, 2)).containsEntry("grow_policy", "lossguide");
    assertThat(XgbParams.fromMap(p.describe())).isEqualTo(p);
  }

  @Test
  void eval_lines_parse_into_metrics() {
    assertThat(Trainer.parseEval("[3]\ttrain-logloss:0.5\tvalid-auc:0.75"))
        .containsEntry("train-logloss", 0.5)
        .containsEntry("valid-auc", 0.75);
    assertThat(dev.boostline.metrics.Metric.xgboostMaximizes("auc")).isTrue();
    assertThat(dev.boostline.metrics.Metric.xgboostMaximizes("logloss")).isFalse();
  }
}
