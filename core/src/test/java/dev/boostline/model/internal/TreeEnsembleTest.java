package dev.boostline.model.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.data.CsvOptions;
import dev.boostline.data.CsvReader;
import dev.boostline.data.Dataset;
import dev.boostline.data.DatasetProfile;
import dev.boostline.features.FeatureSpec;
import dev.boostline.model.BundleManifest;
import dev.boostline.model.Scorer;
import dev.boostline.task.Objective;
import dev.boostline.testing.TestData;
import dev.boostline.train.TrainOptions;
import dev.boostline.train.TrainResult;
import dev.boostline.train.Trainer;
import dev.boostline.train.TrainingListener;
import dev.boostline.train.XgbParams;
import dev.boostline.util.internal.SplitMix64;
import dev.boostline.xgboost.internal.NativeBooster;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The pure-Java evaluator against xgboost's own prediction: real models from data/ (binary with
 * categorical splits, multiclass, regression) and random models on random data, scored on random
 * rows with missing values and unseen categories.
 */
@org.junit.jupiter.api.Tag("slow")
class TreeEnsembleTest {
  static Stream<Arguments> realModels() {
    return Stream.of(
        Arguments.of("adult/adult_train.csv", "income", null, 4000),
        Arguments.of("letter-recognition/letter.csv", "letter", null, 3000),
        Arguments.of("california-housing/housing.csv", "median_house_value", null, 4000),
        Arguments.of(
            "california-housing/housing.csv", "median_house_value", Objective.POISSON, 4000),
        Arguments.of("beijing-pm25/beijing_pm25.csv", "pm2.5", Objective.ABSOLUTE_ERROR, 4000));
  }

  private static void assertMatchesNative(TrainResult r, float[] x, int rows) {
    byte[] model = r.model();
    int iterations = r.bestIteration() + 1;
    float[][] nat;
    byte[] json;
    try (NativeBooster b = NativeBooster.load(model)) {
      nat = b.predict(x, rows, r.features().size(), iterations, false);
      json = b.toJson();
    }
    Object parsed = TreeEnsemble.parse(json, iterations);
    assertThat(parsed).isInstanceOf(TreeEnsemble.class);
    TreeEnsemble trees = (TreeEnsemble) parsed;
    float[][] java = trees.predict(x, rows, r.features().size());
    // Rows without missing values take a faster walk: it must give the general walk's very bits.
    float[][] general = trees.predict(x, rows, r.features().size(), false);
    int dense = 0;
    for (int i = 0; i < rows; i++) {
      boolean complete = true;
      for (int f = 0; f < r.features().size(); f++) {
        complete &= !Float.isNaN(x[i * r.features().size() + f]);
      }
      dense += complete ? 1 : 0;
      for (int k = 0; k < java[i].length; k++) {
        assertThat(Float.floatToIntBits(java[i][k]))
            .as("row %d output %d", i, k)
            .isEqualTo(Float.floatToIntBits(general[i][k]));
      }
    }
    assertThat(dense).as("rows without missing values among the check rows").isPositive();
    int exact = 0;
    int total = 0;
    double worst = 0;
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < nat[i].length; k++) {
        worst =
            Math.max(
                worst,
                Math.abs((double) nat[i][k] - java[i][k]) / Math.max(1.0, Math.abs(nat[i][k])));
        exact += Float.floatToIntBits(nat[i][k]) == Float.floatToIntBits(java[i][k]) ? 1 : 0;
        total++;
      }
    }
    System.out.printf(
        "%s: %d/%d bit-identical, max |diff| %.3g%n", r.objective(), exact, total, worst);
    // The serving check's bound: 1e-6 absolute up to 1, relative above.
    assertThat(worst).isLessThanOrEqualTo(1e-6);
  }

  @ParameterizedTest
  @MethodSource("realModels")
  void matches_native_prediction_on_real_models(
      String file, String target, Objective objective, int rows) {
    Dataset full =
        CsvReader.read(TestData.file(file), CsvOptions.defaults(), java.util.Optional.empty())
            .dataset();
    Dataset data =
        Dataset.of(full.schema(), full.table().inRange(0, Math.min(rows, full.rowCount())));
    XgbParams.Builder p = XgbParams.builder().rounds(30).seed(3).nthread(2);
    if (objective != null) {
      p.objective(objective);
    }
    TrainResult r =
        Trainer.train(
            data,
            TrainOptions.builder(FeatureSpec.forTarget(target)).params(p.build()).build(),
            TrainingListener.NONE);
    List<Map<String, Object>> check =
        ProfileSampler.sample(
            full.schema(), DatasetProfile.of(data), r.features().requiredColumns(), 3000, 9);
    int w = r.features().size();
    float[] x = new float[check.size() * w];
    for (int i = 0; i < check.size(); i++) {
      r.features().transform(check.get(i), x, i * w);
    }
    assertMatchesNative(r, x, check.size());
  }

  /**
   * Random data and models: numeric-only models take the blocked walk, models with a categorical
   * column the per-tree walk; binary, squared error and Tweedie; depths 1 to 9, and with a large
   * gamma some trees that are a single leaf.
   */
  @Test
  void matches_native_prediction_on_random_models() {
    SplitMix64 rng = new SplitMix64(42);
    Objective[] objectives = {
      Objective.SQUARED_ERROR, Objective.TWEEDIE, Objective.BINARY_LOGISTIC
    };
    for (int m = 0; m < 9; m++) {
      boolean categorical = m % 2 == 1;
      Objective o = objectives[m % 3];
      int n = 600;
      Table t = Table.create("random");
      for (int f = 0; f < 5; f++) {
        DoubleColumn c = DoubleColumn.create("x" + f);
        for (int i = 0; i < n; i++) {
          c.append(rng.nextDouble() < 0.1 ? Double.NaN : rng.nextDouble() * 10 - 5);
        }
        t.addColumns(c);
      }
      StringColumn cat = StringColumn.create("c");
      DoubleColumn y = DoubleColumn.create("y");
      for (int i = 0; i < n; i++) {
        cat.append(rng.nextDouble() < 0.1 ? "" : "k" + rng.nextInt(12));
        double v = t.doubleColumn("x0").getDouble(i);
        double target =
            Math.abs(
                (Double.isNaN(v) ? 0 : v)
                    + (categorical && !cat.get(i).isEmpty() ? cat.get(i).length() : 0)
                    + rng.nextDouble());
        y.append(o == Objective.BINARY_LOGISTIC ? (target > 2.5 ? 1 : 0) : target);
      }
      if (categorical) {
        t.addColumns(cat);
      }
      t.addColumns(y);
      Dataset d = dev.boostline.data.Tables.toDataset(t);
      XgbParams.Builder params =
          XgbParams.builder().rounds(10 + m * 5).maxDepth(1 + m).seed(m).objective(o).nthread(1);
      if (m == 4) {
        params.gamma(50);
      }
      TrainResult r =
          Trainer.train(
              d,
              TrainOptions.builder(FeatureSpec.forTarget("y")).params(params.build()).build(),
              TrainingListener.NONE);
      int w = r.features().size();
      float[] x = new float[2000 * w];
      for (int i = 0; i < x.length; i++) {
        double u = rng.nextDouble();
        x[i] = u < 0.1 ? Float.NaN : (float) (rng.nextDouble() * 14 - 7);
      }
      if (categorical) {
        for (int i = 0; i < 2000; i++) {
          // the categorical code column: in range, unseen (large), or negative
          x[i * w + 5] = (float) (rng.nextInt(16) - 2);
        }
      }
      assertMatchesNative(r, x, 2000);
    }
  }

  @Test
  void the_scorer_uses_the_java_engine_when_it_matches() {
    var bundle = dev.boostline.testing.TestModels.adult(20, 4);
    try (Scorer s = bundle.open()) {
      assertThat(s.engineName()).isEqualTo("java");
      var golden = bundle.manifest().golden();
      float[][] out = s.outputs(golden.stream().map(BundleManifest.GoldenRow::record).toList());
      for (int i = 0; i < golden.size(); i++) {
        assertThat(out[i][0]).isEqualTo(golden.get(i).outputs().get(0));
      }
    }
  }

  @Test
  void unsupported_models_are_detected_not_approximated() {
    String dart =
        "{\"learner\": {\"gradient_booster\": {\"name\": \"dart\"}, \"objective\": {\"name\": \"binary:logistic\"}}}";
    assertThat(TreeEnsemble.parse(dart.getBytes(java.nio.charset.StandardCharsets.UTF_8), 1))
        .isInstanceOf(TreeEnsemble.Unsupported.class);
    String rank =
        "{\"learner\": {\"gradient_booster\": {\"name\": \"gbtree\"}, \"objective\": {\"name\": \"rank:pairwise\"}}}";
    assertThat(
            TreeEnsemble.parse(rank.getBytes(java.nio.charset.StandardCharsets.UTF_8), 1)
                .toString())
        .contains("rank:pairwise");
  }
}
