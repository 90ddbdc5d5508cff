package dev.boostline.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.testing.TestData;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SplitsTest {
  static Dataset adult;
  static Dataset pm25;

  @BeforeAll
  static void load() {
    adult =
        CsvReader.read(
                TestData.file("adult/adult_train.csv"),
                CsvOptions.defaults(),
                java.util.Optional.empty())
            .dataset();
    pm25 =
        CsvReader.read(
                TestData.file("beijing-pm25/beijing_pm25.csv"),
                CsvOptions.defaults(),
                java.util.Optional.empty())
            .dataset();
  }

  private static void assertPartition(DatasetSplit s, int rows) {
    Set<Integer> all = new HashSet<>();
    IntStream.of(s.train()).forEach(all::add);
    IntStream.of(s.valid()).forEach(all::add);
    IntStream.of(s.test()).forEach(all::add);
    assertThat(all).hasSize(rows);
    assertThat(s.trainSize() + s.validSize() + s.testSize()).isEqualTo(rows);
  }

  @Test
  void random_split_is_deterministic_sized_and_seed_dependent() {
    DatasetSplit a = Splits.random(1000, SplitFractions.validation(0.2).withTest(0.1), 42);
    assertThat(Splits.random(1000, SplitFractions.validation(0.2).withTest(0.1), 42)).isEqualTo(a);
    assertThat(Splits.random(1000, SplitFractions.validation(0.2).withTest(0.1), 43))
        .isNotEqualTo(a);
    assertThat(a.validSize()).isEqualTo(200);
    assertThat(a.testSize()).isEqualTo(100);
    assertPartition(a, 1000);
  }

  @Test
  void random_split_is_pinned_across_versions() {
    // SplitMix64 is defined by its algorithm: these rows must never change.
    assertThat(Splits.random(10, SplitFractions.validation(0.2), 7).valid()).containsExactly(5, 9);
  }

  @Test
  void stratified_split_keeps_the_class_balance() {
    DatasetSplit s =
        Splits.stratified(adult, "income", SplitFractions.validation(0.2).withTest(0.2), 1);
    assertPartition(s, adult.rowCount());
    var income = adult.table().stringColumn("income");
    double overall = income.isEqualTo(">50K").size() / (double) adult.rowCount();
    for (int[] part : new int[][] {s.train(), s.valid(), s.test()}) {
      long pos = IntStream.of(part).filter(r -> income.get(r).equals(">50K")).count();
      assertThat(pos / (double) part.length)
          .isCloseTo(overall, org.assertj.core.data.Offset.offset(0.001));
    }
    assertThat(Splits.stratified(adult, "income", SplitFractions.validation(0.2).withTest(0.2), 1))
        .isEqualTo(s);
  }

  @Test
  void key_hash_split_keeps_rows_with_the_same_key_together() {
    DatasetSplit s =
        Splits.byKeyHash(adult, "native_country", SplitFractions.validation(0.2).withTest(0.1), 0);
    assertPartition(s, adult.rowCount());
    var country = adult.table().stringColumn("native_country");
    Set<String> inTrain = new HashSet<>();
    IntStream.of(s.train()).forEach(r -> inTrain.add(country.get(r)));
    IntStream.of(s.test()).forEach(r -> assertThat(inTrain).doesNotContain(country.get(r)));
  }

  @Test
  void time_split_cuts_on_a_numeric_or_datetime_column() {
    DatasetSplit s = Splits.byTime(pm25, "year", "2013", "2014");
    assertPartition(s, pm25.rowCount());
    var year = pm25.table().longColumn("year");
    IntStream.of(s.train()).forEach(r -> assertThat(year.getLong(r)).isLessThan(2013));
    IntStream.of(s.valid()).forEach(r -> assertThat(year.getLong(r)).isEqualTo(2013));
    IntStream.of(s.test()).forEach(r -> assertThat(year.getLong(r)).isEqualTo(2014));
    assertThat(s.testSize()).isEqualTo(8760);
  }

  @Test
  void bad_split_arguments_are_refused() {
    assertThatThrownBy(() -> SplitFractions.validation(0.6).withTest(0.5))
        .hasMessageContaining("validation + test must be < 1");
    assertThatThrownBy(() -> SplitFractions.test(1.5))
        .hasMessageContaining("test fraction must be in [0, 1), got 1.5");
    assertThatThrownBy(
            () -> Splits.stratified(adult, "nope", SplitFractions.validation(0.1).withTest(0.1), 1))
        .hasMessageContaining("no column \"nope\"");
    assertThatThrownBy(() -> Splits.byTime(pm25, "year", "soon", null))
        .hasMessageContaining("is not a number");
    assertThatThrownBy(() -> Splits.byTime(pm25, "pm2.5", "100", null))
        .hasMessageContaining("rows have no value");
  }
}
