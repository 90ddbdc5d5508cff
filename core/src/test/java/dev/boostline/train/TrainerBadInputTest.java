package dev.boostline.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.common.BoostlineException;
import dev.boostline.data.ColumnType;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.CsvReader;
import dev.boostline.data.DataFormatException;
import dev.boostline.data.Dataset;
import dev.boostline.data.Tables;
import dev.boostline.features.FeatureSpec;
import dev.boostline.features.FittedFeature;
import dev.boostline.task.Objective;
import dev.boostline.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * Bad inputs get a clear error (the exception names the column and the problem) or a documented
 * handling that is visible in the result, never a native crash.
 */
class TrainerBadInputTest {
  private static final int ROWS = 200;

  @TempDir Path dir;

  /** A CSV of {@code header} and {@link #ROWS} rows from {@code row}, read with defaults. */
  private Dataset csv(String header, IntFunction<String> row) {
    return csv(header, ROWS, row);
  }

  private Dataset csv(String header, int rows, IntFunction<String> row) {
    StringBuilder sb = new StringBuilder(header).append('\n');
    for (int i = 0; i < rows; i++) {
      sb.append(row.apply(i)).append('\n');
    }
    Path f = TestData.write(dir, "data-" + System.nanoTime() + ".csv", sb.toString());
    return CsvReader.read(f, CsvOptions.defaults(), java.util.Optional.empty()).dataset();
  }

  /** x is informative, z is noise, y is a two-class label that follows x. */
  private Dataset binary() {
    return csv("x,z,y", i -> i + "," + (i * 7 % 13) + "," + (i < ROWS / 2 ? "no" : "yes"));
  }

  private static XgbParams.Builder params() {
    return XgbParams.builder().rounds(5).nthread(1).seed(1);
  }

  private static TrainOptions.Builder options(FeatureSpec spec) {
    return TrainOptions.builder(spec).params(params().build());
  }

  private static TrainOptions.Builder options(String target) {
    return options(FeatureSpec.forTarget(target));
  }

  private static TrainResult train(Dataset data, TrainOptions options) {
    return Trainer.train(data, options, TrainingListener.NONE);
  }

  /** Records {@link TrainingListener#onInfo} messages. */
  private static final class Notes implements TrainingListener {
    final List<String> messages = new ArrayList<>();

    @Override
    public void onInfo(String message) {
      messages.add(message);
    }
  }

  // ------------------------------------------------------------------------------ the target

  @Test
  void an_unknown_target_column_is_named_with_the_columns_there_are() {
    Dataset d = binary();
    TrainOptions o = options("price").build();
    String expected = "target column \"price\" is not in the dataset (columns: [x, z, y])";
    assertThatThrownBy(() -> train(d, o))
        .isInstanceOf(BoostlineException.class)
        .hasMessage(expected);
    assertThatThrownBy(() -> CrossValidation.run(d, o, 3, TrainingListener.NONE))
        .isInstanceOf(BoostlineException.class)
        .hasMessage(expected);
    assertThatThrownBy(
            () ->
                HyperparameterSearch.run(
                    d, o, SearchSpace.defaults(), 2, 1, false, TrainingListener.NONE))
        .isInstanceOf(BoostlineException.class)
        .hasMessage(expected);
  }

  @Test
  void a_target_with_one_class_is_refused_with_the_class_named() {
    Dataset d = csv("x,y", i -> i + ",yes");
    assertThatThrownBy(() -> train(d, options("y").build()))
        .isInstanceOf(BoostlineException.class)
        .hasMessage("target \"y\" has only one class ([yes]): there is nothing to learn");

    // One class left once the rows with a missing target are dropped.
    Dataset partly = csv("x,y", i -> i + "," + (i % 2 == 0 ? "yes" : ""));
    assertThatThrownBy(() -> train(partly, options("y").build()))
        .isInstanceOf(BoostlineException.class)
        .hasMessageContaining("target \"y\" has only one class ([yes])");

    // A numeric target with one value and a classification objective.
    Dataset numeric = csv("x,y", i -> i + ",1");
    TrainOptions binary =
        options("y").params(params().objective(Objective.BINARY_LOGISTIC).build()).build();
    assertThatThrownBy(() -> train(numeric, binary))
        .isInstanceOf(BoostlineException.class)
        .hasMessageContaining("target \"y\" has only one class ([1])");
  }

  @Test
  void rows_with_a_missing_or_nan_target_are_dropped_counted_and_noted() {
    // Every 10th target is an empty field, every 10th (shifted) the NaN token: 40 rows in all.
    Dataset d =
        csv(
            "x,z,y",
            i -> i + "," + (i % 5) + "," + (i % 10 == 0 ? "" : i % 10 == 5 ? "NaN" : i * 0.5));
    assertThat(d.schema().find("y").orElseThrow().type()).isEqualTo(ColumnType.DOUBLE);
    Notes info = new Notes();
    TrainResult r = Trainer.train(d, options("y").build(), info);
    assertThat(r.objective()).isEqualTo(Objective.SQUARED_ERROR);
    assertThat(r.split().dropped()).isEqualTo(40);
    assertThat(r.split().train() + r.split().valid()).isEqualTo(ROWS - 40);
    assertThat(r.split().valid()).isEqualTo(32); // round(160 * 0.2)
    String note = "40 rows with a missing target \"y\" were left out";
    assertThat(r.notes()).contains(note);
    assertThat(info.messages).contains(note);
    assertThat(r.validMetrics().get("rmse")).isFinite();

    CrossValidation.Result cv =
        CrossValidation.run(d, options("y").build(), 4, TrainingListener.NONE);
    assertThat(cv.mean().get("rmse")).isFinite();
  }

  @Test
  void a_target_missing_in_every_row_is_refused() {
    Dataset d = csv("x,y", i -> i + ",NaN");
    assertThatThrownBy(() -> train(d, options("y").build()))
        .isInstanceOf(BoostlineException.class)
        .hasMessage("target column \"y\" has no value in any row");
  }

  @Test
  void infinite_values_cannot_enter_a_dataset_from_csv_or_tablesaw() {
    // The CSV reader does not read "Infinity" as a number: with a schema it is an error.
    Path f = TestData.write(dir, "inf.csv", "x,y\n1,2.5\n2,Infinity\n3,1.5\n");
    Dataset typed = csv("x,y", i -> i + "," + (i * 0.5));
    assertThatThrownBy(
            () -> CsvReader.read(f, CsvOptions.defaults(), java.util.Optional.of(typed.schema())))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("\"y\"")
        .hasMessageContaining("Infinity");
    // Inferred, the column is not numeric, so it cannot be a regression target.
    Dataset inferred =
        CsvReader.read(f, CsvOptions.defaults(), java.util.Optional.empty()).dataset();
    assertThat(inferred.schema().find("y").orElseThrow().type().isNumeric()).isFalse();
    TrainOptions regression =
        options("y").params(params().objective(Objective.SQUARED_ERROR).build()).build();
    assertThatThrownBy(() -> train(inferred, regression))
        .isInstanceOf(BoostlineException.class)
        .hasMessageContaining("objective reg:squarederror needs a numeric target; \"y\" is");

    // Tablesaw tables are checked on the way in.
    Table t =
        Table.create(
            "readings",
            DoubleColumn.create("x", 1, 2, 3, 4),
            DoubleColumn.create("y", 0.5, 1.5, Double.POSITIVE_INFINITY, 2.5));
    assertThatThrownBy(() -> Tables.toDataset(t))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("\"y\"")
        .hasMessageContaining("row 3 holds Infinity; only finite numbers are data");
    Table negative =
        Table.create(
            "readings",
            DoubleColumn.create("x", 1, Double.NEGATIVE_INFINITY, 3, 4),
            DoubleColumn.create("y", 0.5, 1.5, 2, 2.5));
    assertThatThrownBy(() -> Tables.toDataset(negative))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("\"x\"")
        .hasMessageContaining("row 2 holds -Infinity");
  }

  @Test
  void an_infinite_regression_target_that_bypasses_the_checks_is_refused_by_the_trainer() {
    Table t = Table.create("t", DoubleColumn.create("x"), DoubleColumn.create("y"));
    for (int i = 0; i < ROWS; i++) {
      t.doubleColumn("x").append(i);
      t.doubleColumn("y").append(i == 17 ? Double.POSITIVE_INFINITY : i);
    }
    Dataset schemaSource = csv("x,y", i -> (i + 0.5) + "," + (i * 0.5));
    Dataset d = Dataset.of(schemaSource.schema(), t); // Dataset.of checks types, not values
    assertThatThrownBy(() -> train(d, options("y").build()))
        .isInstanceOf(BoostlineException.class)
        .hasMessageStartingWith(
            "target \"y\" row 18 is Infinity; a regression target must be a finite number");
  }

  @Test
  void a_regression_objective_on_a_categorical_target_is_refused() {
    TrainOptions o =
        options("y").params(params().objective(Objective.SQUARED_ERROR).build()).build();
    assertThatThrownBy(() -> train(binary(), o))
        .isInstanceOf(BoostlineException.class)
        .hasMessage("objective reg:squarederror needs a numeric target; \"y\" is categorical");
  }

  @Test
  void binary_logistic_on_a_three_class_target_is_refused() {
    Dataset d = csv("x,y", i -> i + "," + (char) ('a' + i % 3));
    TrainOptions o =
        options("y").params(params().objective(Objective.BINARY_LOGISTIC).build()).build();
    assertThatThrownBy(() -> train(d, o))
        .isInstanceOf(BoostlineException.class)
        .hasMessage(
            "objective binary:logistic needs exactly two classes; \"y\" has 3 (use"
                + " multi:softprob)");
    // Without an objective, three classes are multiclass.
    assertThat(train(d, options("y").build()).objective()).isEqualTo(Objective.MULTI_SOFTPROB);
  }

  @Test
  void a_class_with_one_row_trains_and_stays_on_the_training_side() {
    // 120 "a", 79 "b", one "c".
    Dataset d = csv("x,y", i -> i + "," + (i == 150 ? "c" : i < 120 ? "a" : "b"));
    TrainResult r = train(d, options("y").build());
    assertThat(r.objective()).isEqualTo(Objective.MULTI_SOFTPROB);
    assertThat(r.labels().classes()).containsExactly("a", "b", "c");
    // Stratified: round(0.2 * 1) = 0 rows of "c" validate.
    assertThat(r.split().valid()).isEqualTo(24 + 16);
    assertThat(Predict.outputs(r, d)[150]).hasSize(3);
  }

  // ------------------------------------------------------------------------------ features

  @Test
  void a_constant_column_is_kept_noted_and_never_split_on() {
    Dataset d = csv("x,c,y", i -> i + ",3," + (i < ROWS / 2 ? "no" : "yes"));
    Notes info = new Notes();
    TrainResult r = Trainer.train(d, options("y").build(), info);
    String note = "column \"c\" is constant in the training rows (3.0)";
    assertThat(r.features().definition().notes()).contains(note);
    assertThat(info.messages).contains(note);
    assertThat(r.features().featureNames()).containsExactly("x", "c");
    assertThat(r.importance().get("gain")).containsKey("x").doesNotContainKey("c");
    assertThat(r.validMetrics().get("auc")).isEqualTo(1.0);
  }

  @Test
  void a_column_missing_in_every_row_is_kept_as_missing_and_noted() {
    Dataset d = csv("x,m,y", i -> i + ",," + (i < ROWS / 2 ? "no" : "yes"));
    assertThat(d.schema().find("m").orElseThrow().type()).isEqualTo(ColumnType.DOUBLE);
    Notes info = new Notes();
    TrainResult r = Trainer.train(d, options("y").build(), info);
    String note = "column \"m\" has no value in the training rows";
    assertThat(r.features().definition().notes()).contains(note);
    assertThat(info.messages).contains(note);
    assertThat(r.importance().get("gain")).doesNotContainKey("m");
    float[][] out = Predict.outputs(r, d);
    assertThat(out[0][0]).isBetween(0f, 1f);

    // Also when it is the only feature: the model is the base score, never a crash.
    Dataset only = csv("m,y", i -> "," + (i % 2 == 0 ? "no" : "yes"));
    TrainResult r2 = train(only, options("y").build());
    assertThat(r2.features().definition().notes()).contains(note);
    assertThat(r2.validMetrics().get("logloss")).isFinite();
  }

  @Test
  void a_category_with_one_row_is_in_the_dictionary_or_scored_as_missing_when_unseen() {
    // cat: "A"/"B" alternate, row 37 is the only "C"; both classes in every stretch of rows.
    IntFunction<String> row =
        i -> i + "," + (i == 37 ? "C" : i % 2 == 0 ? "A" : "B") + "," + (i % 4 < 2 ? "no" : "yes");
    Dataset d = csv("x,cat,y", row);
    assertThat(d.schema().find("cat").orElseThrow().type()).isEqualTo(ColumnType.CATEGORICAL);

    // In the training rows: its own code.
    TrainResult all = train(d, options("y").validation(ValidationSplit.none()).build());
    assertThat(category(all, "cat").categories()).containsExactly("A", "B", "C");
    assertThat(all.features().definition().notes()).isEmpty();

    // Only in the validation rows (x >= 30): unseen in training, so scored as missing.
    TrainResult cut = train(d, options("y").validation(ValidationSplit.byTime("x", "30")).build());
    assertThat(category(cut, "cat").categories()).containsExactly("A", "B");
    assertThat(cut.split().train()).isEqualTo(30);
    Map<String, Object> record = new HashMap<>(Map.of("x", 37L, "cat", "C"));
    float[] features = cut.features().transform(record);
    assertThat(features[1]).isNaN();
    record.put("cat", null);
    assertThat(cut.features().transform(record)[1]).isNaN();
    assertThat(cut.validMetrics().get("logloss")).isFinite();
  }

  private static FittedFeature.Category category(TrainResult r, String column) {
    return r.features().definition().features().stream()
        .filter(f -> f instanceof FittedFeature.Category && f.column().equals(column))
        .map(FittedFeature.Category.class::cast)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void a_spec_that_leaves_no_feature_is_refused() {
    FeatureSpec spec = FeatureSpec.builder().target("y").ignore("x", "z").build();
    assertThatThrownBy(() -> train(binary(), options(spec).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no feature is left");
    FeatureSpec unknown = FeatureSpec.builder().target("y").ignore("duration").build();
    assertThatThrownBy(() -> train(binary(), options(unknown).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"duration\", which the dataset does not have");
  }

  @Test
  void a_negative_weight_is_refused_with_its_row() {
    Dataset d = csv("x,w,y", i -> i + "," + (i == 9 ? -1 : 1) + "," + (i < 100 ? "no" : "yes"));
    FeatureSpec spec = FeatureSpec.builder().target("y").weight("w").build();
    assertThatThrownBy(() -> train(d, options(spec).build()))
        .isInstanceOf(BoostlineException.class)
        .hasMessage("weight column \"w\" row 10: -1.0 (weights must be present and >= 0)");
  }

  // ------------------------------------------------------------------------------ splits

  @Test
  void zero_training_or_validation_rows_after_the_split_are_refused() {
    Dataset d = binary();
    // Every x is >= 0: every row validates.
    TrainOptions noTrain = options("y").validation(ValidationSplit.byTime("x", "0")).build();
    assertThatThrownBy(() -> train(d, noTrain))
        .isInstanceOf(BoostlineException.class)
        .hasMessage("no training rows are left after the validation split");
    // No x is >= 1000: no row validates.
    TrainOptions noValid = options("y").validation(ValidationSplit.byTime("x", "1000")).build();
    assertThatThrownBy(() -> train(d, noValid))
        .isInstanceOf(BoostlineException.class)
        .hasMessageContaining("the validation split is empty");
    // Two rows, a 20% random split: round(0.4) = 0 rows validate.
    Dataset two = csv("x,y", 2, i -> i + "," + (i == 0 ? "no" : "yes"));
    assertThatThrownBy(() -> train(two, options("y").build()))
        .isInstanceOf(BoostlineException.class)
        .hasMessageContaining("the validation split is empty");
  }

  @Test
  void a_dataset_without_rows_is_refused_before_xgboost() {
    // The CSV reader refuses a file with a header only; a table can still be empty.
    Path f = TestData.write(dir, "header-only.csv", "x,y\n");
    assertThatThrownBy(() -> CsvReader.read(f, CsvOptions.defaults(), java.util.Optional.empty()))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("no data rows");
    Dataset d = csv("x,y", i -> i + "," + (i * 0.5));
    Dataset empty = Dataset.of(d.schema(), d.table().emptyCopy());
    assertThat(empty.rowCount()).isZero();
    assertThatThrownBy(() -> train(empty, options("y").validation(ValidationSplit.none()).build()))
        .isInstanceOf(BoostlineException.class)
        .hasMessage("the dataset has no rows to train on");
    assertThatThrownBy(() -> train(empty, options("y").build()))
        .isInstanceOf(BoostlineException.class)
        .hasMessage("the dataset has no rows to train on");
    // A categorical target without rows: refused before XGBoost, though the message speaks of
    // "one class ([])" rather than of no rows.
    Dataset b = binary();
    Dataset noRows = Dataset.of(b.schema(), b.table().emptyCopy());
    assertThatThrownBy(() -> train(noRows, options("y").build()))
        .isInstanceOf(BoostlineException.class)
        .hasMessageContaining("target \"y\"");
  }

  @Test
  void early_stopping_without_a_validation_set_is_refused() {
    TrainOptions.Builder b =
        options("y").validation(ValidationSplit.none()).earlyStoppingRounds(10);
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "early stopping needs a validation set (a validation fraction or a time split)");
    assertThatThrownBy(() -> options("y").earlyStoppingRounds(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("earlyStoppingRounds must be >= 0, got -1");
  }

  @Test
  void cross_validation_needs_between_two_folds_and_one_row_per_fold() {
    Dataset d = binary();
    TrainOptions o = options("y").build();
    assertThatThrownBy(() -> CrossValidation.run(d, o, 1, TrainingListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cv folds must be in [2, 200], got 1");
    assertThatThrownBy(() -> CrossValidation.run(d, o, 201, TrainingListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cv folds must be in [2, 200], got 201");
  }

  @Test
  void a_search_needs_at_least_one_trial_and_a_validation_set() {
    Dataset d = binary();
    TrainOptions o = options("y").build();
    assertThatThrownBy(
            () ->
                HyperparameterSearch.run(
                    d, o, SearchSpace.defaults(), 0, 1, false, TrainingListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("search trials must be >= 1, got 0");
    TrainOptions none = options("y").validation(ValidationSplit.none()).build();
    assertThatThrownBy(
            () ->
                HyperparameterSearch.run(
                    d, none, SearchSpace.defaults(), 2, 1, false, TrainingListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a search needs a validation set to score trials");
  }

  // ------------------------------------------------------------------------------ XGBoost's own
  // checks

  @Test
  void all_zero_weights_are_refused_by_xgboost_not_crashed_on() {
    Dataset d = csv("x,w,y", i -> i + ",0," + (i < 100 ? "no" : "yes"));
    FeatureSpec spec = FeatureSpec.builder().target("y").weight("w").build();
    assertThatThrownBy(() -> train(d, options(spec).build()))
        .isInstanceOf(BoostlineException.class)
        .hasMessageStartingWith("xgboost failed while boosting round 0")
        .hasMessageContaining("weights must contain at least one non-zero value");
  }

  @Test
  void a_feature_beyond_float32_range_is_refused_naming_the_feature_and_row() {
    // 1e39 is a finite double, read as a number, but infinite as float32.
    Dataset d = csv("x,y", i -> (i == 17 ? "1e39" : String.valueOf(i)) + "," + i);
    assertThat(d.schema().find("x").orElseThrow().type()).isEqualTo(ColumnType.DOUBLE);
    assertThatThrownBy(() -> train(d, options("y").build()))
        .isInstanceOf(BoostlineException.class)
        .hasMessageStartingWith("feature \"x\" row 18 is beyond float32 range");
  }

  // ------------------------------------------------------------------------------ fixed bugs
  // Bugs found by these tests, fixed in Trainer.

  @Test
  void a_datetime_target_is_refused_with_a_clear_error() {
    Dataset d = csv("x,y", i -> i + ",2020-01-0" + (1 + i % 2));
    assertThat(d.schema().find("y").orElseThrow().type()).isEqualTo(ColumnType.DATETIME);
    assertThatThrownBy(() -> train(d, options("y").build()))
        .isInstanceOf(BoostlineException.class)
        .hasMessageContaining("\"y\"");
  }

  @Test
  void a_regression_target_beyond_float32_range_is_refused_by_the_trainer() {
    Dataset d = csv("x,y", i -> i + "," + (i == 17 ? "1e39" : String.valueOf(i)));
    assertThat(d.schema().find("y").orElseThrow().type()).isEqualTo(ColumnType.DOUBLE);
    assertThatThrownBy(() -> train(d, options("y").build()))
        .isInstanceOf(BoostlineException.class)
        .hasMessageContaining("target \"y\" row 18");
  }

  @Test
  void a_validation_set_with_one_class_trains_and_reports_no_auc() {
    // x < 150 trains (both classes), x >= 150 validates: only "yes". XGBoost evaluates
    // valid-auc as "nan", which Double.parseDouble refuses.
    Dataset d = binary();
    TrainOptions o =
        options("y")
            .params(params().evalMetrics(java.util.List.of("logloss", "auc")).build())
            .validation(ValidationSplit.byTime("x", "150"))
            .build();
    TrainResult r = train(d, o);
    assertThat(r.split().valid()).isEqualTo(50);
    assertThat(r.history().get(0).get("valid-auc")).isNaN();
    assertThat(r.history().get(0).get("valid-logloss")).isFinite();
    assertThat(r.validMetrics().get("auc")).isNaN();
  }

  @Test
  void a_numeric_zero_one_target_is_binary_with_its_labels_kept() {
    java.util.List<String> notes = new java.util.ArrayList<>();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onInfo(String message) {
            notes.add(message);
          }
        };
    Dataset d = csv("x,y", i -> i + "," + (i % 3 == 0 ? 1 : 0));
    TrainResult r = Trainer.train(d, options("y").build(), listener);
    assertThat(r.objective()).isEqualTo(dev.boostline.task.Objective.BINARY_LOGISTIC);
    assertThat(r.labels().classes()).containsExactly("0", "1");
    assertThat(notes).anyMatch(n -> n.contains("binary:logistic inferred"));
    assertThat(r.validMetrics()).containsKeys("auc", "pr_auc", "logloss", "brier", "f1");
    Dataset real = csv("x,y", i -> i + "," + (i % 3 == 0 ? "1.0" : "0.0"));
    assertThat(Trainer.train(real, options("y").build(), TrainingListener.NONE).labels().classes())
        .containsExactly("0.0", "1.0");
    Dataset counts = csv("x,y", i -> i + "," + (i % 3));
    assertThat(Trainer.train(counts, options("y").build(), TrainingListener.NONE).objective())
        .isEqualTo(dev.boostline.task.Objective.SQUARED_ERROR);
    TrainOptions regression =
        options("y")
            .params(params().objective(dev.boostline.task.Objective.SQUARED_ERROR).build())
            .build();
    assertThat(Trainer.train(d, regression, TrainingListener.NONE).objective())
        .isEqualTo(dev.boostline.task.Objective.SQUARED_ERROR);
  }
}
