package dev.boostline.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.data.CsvOptions;
import dev.boostline.data.CsvReader;
import dev.boostline.data.Dataset;
import dev.boostline.features.FeatureSpec;
import dev.boostline.testing.TestData;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Default settings plus early stopping land inside the expected bands of each PROVENANCE.md. */
class TrainerQualityTest {
  private static Dataset read(String file) {
    return CsvReader.read(TestData.file(file), CsvOptions.defaults(), null).dataset();
  }

  private static TrainOptions defaults(String target) {
    return TrainOptions.builder(FeatureSpec.forTarget(target))
        .params(XgbParams.builder().rounds(1000).eta(0.1).seed(7).build())
        .earlyStoppingRounds(50)
        .build();
  }

  @Test
  void adult_test_auc_is_in_the_reference_band() {
    TrainResult r =
        Trainer.train(read("adult/adult_train.csv"), defaults("income"), TrainingListener.NONE);
    Dataset test = read("adult/adult_test.csv");
    Map<String, Double> m =
        TaskMetrics.of(Task.BINARY, Predict.outputs(r, test), Predict.labels(r, test), null);
    assertThat(r.objective()).isEqualTo(Objective.BINARY_LOGISTIC);
    assertThat(r.labels().classes()).containsExactly("<=50K", ">50K");
    assertThat(m.get("auc")).isBetween(0.925, 0.930);
    assertThat(m.get("accuracy")).isBetween(0.865, 0.877);
    assertThat(r.bestIteration()).isLessThan(r.roundsTrained());
    assertThat(r.importance().get("gain")).containsKey("capital_gain");
  }
}
