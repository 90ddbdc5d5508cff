package dev.boostline.xgboost.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.testing.TestModels;
import dev.boostline.train.TrainResult;
import org.junit.jupiter.api.Test;

class NativeBoosterSliceTest {
  @Test
  void a_cut_model_predicts_with_every_tree_as_the_full_one_up_to_the_cut() {
    TrainResult r = TestModels.adultEarlyStoppedResult(60, 4);
    var f = r.features();
    int rows = 500;
    float[] x =
        f.transform(
            TestModels.adultSample().table(), java.util.stream.IntStream.range(0, rows).toArray());
    for (int keep : new int[] {1, 2, r.roundsTrained() - 1}) {
      byte[] cut = NativeBooster.slice(r.model(), keep);
      try (NativeBooster full = NativeBooster.load(r.model());
          NativeBooster part = NativeBooster.load(cut)) {
        assertThat(part.rounds()).isEqualTo(keep);
        assertThat(part.attribute("best_iteration")).isEqualTo(full.attribute("best_iteration"));
        assertThat(part.predict(x, rows, f.size(), 0, false))
            .isDeepEqualTo(full.predict(x, rows, f.size(), keep, false));
      }
    }
  }

  @Test
  void a_model_of_exactly_the_rounds_is_returned_as_it_is_and_bad_counts_are_refused() {
    TrainResult r = TestModels.adultEarlyStoppedResult(60, 4);
    byte[] model = r.model();
    assertThat(NativeBooster.slice(model, r.roundsTrained())).isSameAs(model);
    assertThatThrownBy(() -> NativeBooster.slice(r.model(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot keep 0 rounds of a model of " + r.roundsTrained());
    assertThatThrownBy(() -> NativeBooster.slice(r.model(), r.roundsTrained() + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
