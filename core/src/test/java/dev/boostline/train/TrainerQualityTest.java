package dev.boostline.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.data.CsvOptions;
import dev.boostline.data.CsvReader;
import dev.boostline.data.Dataset;
import dev.boostline.data.DatasetSplit;
import dev.boostline.data.SplitFractions;
import dev.boostline.data.Splits;
import dev.boostline.features.FeatureSpec;
import dev.boostline.task.Objective;
import dev.boostline.testing.TestData;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.columns.Column;
import tech.tablesaw.selection.Selection;

/**
 * Default settings plus early stopping land inside the expected bands of each PROVENANCE.md under
 * {@code data/}. Every test uses 1000 maximum rounds, eta 0.1 (0.2 for the 26-class letter data, to
 * keep the class fast), early stopping after 50 rounds without improvement and a fixed seed. One
 * XGBoost thread: on a shared 2-core machine, OpenMP threads competing with other processes made
 * the letter run seven times slower (175 s instead of 26 s), and one thread is deterministic.
 */
@Tag("slow")
class TrainerQualityTest {
  private static final long SEED = 7;

  private static Dataset read(String file) {
    return read(file, CsvOptions.defaults());
  }

  private static Dataset read(String file, CsvOptions options) {
    return CsvReader.read(TestData.file(file), options, java.util.Optional.empty()).dataset();
  }

  private static XgbParams.Builder params() {
    return XgbParams.builder().rounds(1000).eta(0.1).nthread(1).seed(SEED);
  }

  private static TrainOptions defaults(String target) {
    return options(FeatureSpec.forTarget(target), params());
  }

  private static TrainOptions options(FeatureSpec spec, XgbParams.Builder params) {
    return TrainOptions.builder(spec).params(params.build()).earlyStoppingRounds(50).build();
  }

  /** The rows of {@code data} at these indices, as a dataset with the same schema. */
  private static Dataset rows(Dataset data, int[] rows) {
    return Dataset.of(data.schema(), data.table().rows(rows));
  }

  private static Dataset where(Dataset data, Selection rows) {
    return Dataset.of(data.schema(), data.table().where(rows));
  }

  private static Map<String, Double> evaluate(TrainResult r, Dataset test) {
    return Trainer.finalMetrics(
        r.labels(), Predict.outputs(r, test), Predict.labels(r, test), null);
  }

  private static void report(String name, TrainResult r, Map<String, Double> test) {
    System.out.printf(
        Locale.ROOT,
        "%s: rounds %d, best iteration %d, %s %.5f; test %s%n",
        name,
        r.roundsTrained(),
        r.bestIteration(),
        r.stoppingMetric(),
        r.bestScore(),
        test);
  }

  @Test
  void adult_test_auc_is_in_the_reference_band() {
    TrainResult r =
        Trainer.train(read("adult/adult_train.csv"), defaults("income"), TrainingListener.NONE);
    Dataset test = read("adult/adult_test.csv");
    Map<String, Double> m =
        Trainer.finalMetrics(r.labels(), Predict.outputs(r, test), Predict.labels(r, test), null);
    report("adult", r, m);
    assertThat(r.objective()).isEqualTo(Objective.BINARY_LOGISTIC);
    assertThat(r.labels().classes()).containsExactly("<=50K", ">50K");
    // PROVENANCE.md's band for a correct implementation: AUC 0.925-0.930, accuracy 0.868-0.875.
    assertThat(m.get("auc")).isBetween(0.925, 0.930);
    assertThat(m.get("accuracy")).isBetween(0.868, 0.875);
    assertThat(r.bestIteration()).isLessThan(r.roundsTrained());
    assertThat(r.importance().get("gain")).containsKey("capital_gain");
  }

  /**
   * PROVENANCE: 5-fold CV RMSE 0.4715 (defaults) to 0.4455 (tuned), band 0.43-0.48, in units of
   * $100k. Early stopping watches the held-out fold, as {@link CrossValidation} documents.
   */
  @Test
  void california_housing_cv_rmse_is_near_the_reference() {
    Dataset data = read("california-housing/housing.csv");
    CrossValidation.Result cv =
        CrossValidation.run(data, defaults("median_house_value"), 5, TrainingListener.NONE);
    double rmse = cv.mean().get("rmse") / 100_000;
    double std = cv.std().get("rmse") / 100_000;
    System.out.printf(
        Locale.ROOT,
        "california-housing: 5-fold RMSE %.4f +- %.4f ($100k), R2 %.4f, best iterations %s%n",
        rmse,
        std,
        cv.mean().get("r2"),
        cv.folds().stream().map(f -> f.get("best_iteration").intValue()).toList());
    assertThat(cv.k()).isEqualTo(5);
    assertThat(cv.folds()).hasSize(5);
    // PROVENANCE.md's band: 0.43-0.48; the reference runs' fold spread is 0.0014-0.0031.
    assertThat(rmse).isBetween(0.43, 0.48);
    assertThat(std).isLessThan(0.01);
    assertThat(cv.mean().get("r2")).isGreaterThan(0.80);
  }

  /** PROVENANCE: first 16,000 rows train, last 4,000 test; accuracy 0.9605 (defaults). */
  @Test
  void letter_recognition_accuracy_is_in_the_reference_band() {
    Dataset data = read("letter-recognition/letter.csv");
    assertThat(data.rowCount()).isEqualTo(20_000);
    Dataset train = Dataset.of(data.schema(), data.table().inRange(0, 16_000));
    Dataset test = Dataset.of(data.schema(), data.table().inRange(16_000, 20_000));
    // eta 0.2: 26 trees per round make this the slowest data set, and the band still holds. A
    // 10% validation share (stratified) keeps 14,400 rows for the trees.
    TrainOptions o =
        options(FeatureSpec.forTarget("letter"), params().eta(0.2)).toBuilder()
            .validation(ValidationSplit.random(0.1))
            .build();
    TrainResult r = Trainer.train(train, o, TrainingListener.NONE);
    Map<String, Double> m = evaluate(r, test);
    report("letter-recognition", r, m);
    assertThat(r.objective()).isEqualTo(Objective.MULTI_SOFTPROB);
    assertThat(r.labels().classes()).hasSize(26).startsWith("A", "B").endsWith("Z");
    assertThat(r.split().train() + r.split().valid()).isEqualTo(16_000);
    assertThat(r.split().valid()).isBetween(1_600 - 26, 1_600 + 26); // rounded per class
    // PROVENANCE.md's band: accuracy 0.955-0.975.
    assertThat(m.get("accuracy")).isBetween(0.955, 0.975);
    assertThat(m.get("mlogloss")).isLessThan(0.20);
  }

  /**
   * PROVENANCE: train on 2010-2013, test on the 8,661 rows of 2014 with a target; features
   * month/day/hour/DEWP/TEMP/PRES/cbwd/Iws/Is/Ir; RMSE 67.4 with default parameters. Rows with a
   * missing target are dropped by the trainer and counted.
   */
  @Test
  void beijing_pm25_time_split_rmse_is_near_the_reference() {
    Dataset data = read("beijing-pm25/beijing_pm25.csv");
    String target = "pm2.5";
    assertThat(data.table().column(target).countMissing()).isEqualTo(2_067);
    LongColumn year = (LongColumn) data.table().column("year");
    Dataset train = where(data, year.isLessThan(2014));
    Column<?> y = data.table().column(target);
    Selection test2014 = year.isEqualTo(2014).and(y.isNotMissing());
    Dataset test = where(data, test2014);
    assertThat(test.rowCount()).isEqualTo(8_661);
    int missingInTrain = train.table().column(target).countMissing();
    assertThat(missingInTrain).isEqualTo(2_067 - (8_760 - 8_661));

    FeatureSpec spec = FeatureSpec.builder().target(target).ignore("No", "year").build();
    // Early stopping on the last training year: a random hourly split would leak neighbouring
    // hours and never stop.
    TrainOptions o =
        options(spec, params()).toBuilder()
            .validation(ValidationSplit.byTime("year", "2013"))
            .build();
    TrainResult r = Trainer.train(train, o, TrainingListener.NONE);
    Map<String, Double> m = evaluate(r, test);
    report("beijing-pm25", r, m);

    assertThat(r.objective()).isEqualTo(Objective.SQUARED_ERROR);
    assertThat(r.split().dropped()).isEqualTo(missingInTrain);
    assertThat(r.split().train() + r.split().valid()).isEqualTo(train.rowCount() - missingInTrain);
    assertThat(r.notes())
        .anyMatch(n -> n.startsWith(missingInTrain + " rows with a missing target \"pm2.5\""));
    assertThat(r.features().featureNames())
        .containsExactly("month", "day", "hour", "DEWP", "TEMP", "PRES", "cbwd", "Iws", "Is", "Ir");
    assertThat(r.features().featureTypes().get(6)).isEqualTo("c");
    // PROVENANCE.md gives one reference run (RMSE 67.4 with defaults) and no band: within 10% of
    // it either way. Early stopping on 2013 lands below it (63.3 here).
    assertThat(m.get("rmse")).isBetween(67.4 * 0.9, 67.4 * 1.1);
  }

  /**
   * PROVENANCE: bank-full without {@code duration}, stratified 80/20 split: AUC 0.7913 (defaults),
   * 0.8014 (lr 0.03 + early stopping); band about 0.79-0.81. {@code unknown} is the missing value.
   */
  @Test
  void bank_marketing_without_duration_auc_is_in_the_reference_band() {
    CsvOptions csv = CsvOptions.builder().separator(';').nullTokens(List.of("unknown")).build();
    Dataset data = read("bank-marketing/bank-full.csv", csv);
    assertThat(data.rowCount()).isEqualTo(45_211);
    assertThat(data.table().column("contact").countMissing()).isEqualTo(13_020);
    DatasetSplit split = Splits.stratified(data, "y", SplitFractions.test(0.2), SEED);
    Dataset train = rows(data, split.train());
    Dataset test = rows(data, split.test());

    FeatureSpec spec = FeatureSpec.builder().target("y").ignore("duration").build();
    TrainResult r = Trainer.train(train, options(spec, params()), TrainingListener.NONE);
    Map<String, Double> m = evaluate(r, test);
    report("bank-marketing (no duration)", r, m);

    assertThat(r.objective()).isEqualTo(Objective.BINARY_LOGISTIC);
    assertThat(r.labels().classes()).containsExactly("no", "yes");
    assertThat(r.features().featureNames())
        .doesNotContain("duration")
        .contains("pdays", "poutcome");
    // PROVENANCE.md's band without duration: about 0.79-0.81.
    assertThat(m.get("auc")).isBetween(0.79, 0.81);
  }
}
