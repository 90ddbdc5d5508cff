package dev.boostline.data.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.data.ColumnProfile;
import dev.boostline.data.ColumnType;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.DatasetProfile;
import dev.boostline.data.ValueCount;
import dev.boostline.testing.TestData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registers every sample dataset with default settings (plus the null token a PROVENANCE.md names)
 * and checks schema and profile against the figures in its PROVENANCE.md.
 */
class SampleDatasetsTest {
  @TempDir Path home;

  private DatasetProfile register(String name, String file, CsvOptions options) {
    DatasetStore store = DatasetStore.open(home);
    Registration r =
        store.register(
            name,
            TestData.file(file),
            options,
            java.util.Optional.empty(),
            RegisterOptions.defaults());
    assertThat(r.created()).isTrue();
    return store.profile(r.manifest().ref());
  }

  private static long countOf(ColumnProfile c, String value) {
    return c.topValues().stream()
        .filter(v -> v.value().equals(value))
        .mapToLong(ValueCount::count)
        .findFirst()
        .orElse(0);
  }

  @Test
  void adult_train_matches_provenance() {
    DatasetProfile p = register("adult", "adult/adult_train.csv", CsvOptions.defaults());
    assertThat(p.rows()).isEqualTo(32_561);
    assertThat(p.columns()).hasSize(15);
    assertThat(p.column("workclass").missing()).isEqualTo(1_836);
    assertThat(p.column("occupation").missing()).isEqualTo(1_843);
    assertThat(p.column("native_country").missing()).isEqualTo(583);
    assertThat(p.column("native_country").distinct()).isEqualTo(41);
    List<String> categorical =
        p.columns().stream()
            .filter(c -> c.type() == ColumnType.CATEGORICAL)
            .map(ColumnProfile::name)
            .toList();
    assertThat(categorical)
        .containsExactly(
            "workclass",
            "education",
            "marital_status",
            "occupation",
            "relationship",
            "race",
            "sex",
            "native_country",
            "income");
    assertThat(p.column("age").type()).isEqualTo(ColumnType.INTEGER);
    assertThat(p.column("age").missing()).isZero();
    assertThat(countOf(p.column("income"), ">50K") / 32_561.0).isBetween(0.240, 0.242);
  }

  @Test
  void adult_test_matches_provenance() {
    DatasetProfile p = register("adult-test", "adult/adult_test.csv", CsvOptions.defaults());
    assertThat(p.rows()).isEqualTo(16_281);
    assertThat(countOf(p.column("income"), ">50K") / 16_281.0).isBetween(0.235, 0.237);
  }

  @Test
  void bank_full_matches_provenance_with_unknown_as_missing() {
    CsvOptions options = CsvOptions.builder().nullTokens(List.of("unknown")).build();
    DatasetProfile p = register("bank", "bank-marketing/bank-full.csv", options);
    assertThat(p.rows()).isEqualTo(45_211);
    assertThat(p.columns()).hasSize(17);
    assertThat(p.column("contact").missing()).isEqualTo(13_020);
    assertThat(p.column("poutcome").missing()).isEqualTo(36_959);
    assertThat(p.column("education").missing()).isEqualTo(1_857);
    assertThat(p.column("job").missing()).isEqualTo(288);
    assertThat(p.column("y").type()).isEqualTo(ColumnType.CATEGORICAL);
    assertThat(countOf(p.column("y"), "yes") / 45_211.0).isBetween(0.1165, 0.1175);
    assertThat(p.column("pdays").type()).isEqualTo(ColumnType.INTEGER);
    assertThat(p.column("pdays").numeric().orElseThrow().min()).isEqualTo(-1.0);
  }

  @Test
  void bank_additional_matches_provenance() {
    CsvOptions options = CsvOptions.builder().nullTokens(List.of("unknown")).build();
    DatasetProfile p =
        register("bank-additional", "bank-marketing/bank-additional-full.csv", options);
    assertThat(p.rows()).isEqualTo(41_188);
    assertThat(p.columns()).hasSize(21);
    assertThat(p.column("default").missing()).isEqualTo(8_597);
    assertThat(p.column("education").missing()).isEqualTo(1_731);
    assertThat(p.column("housing").missing()).isEqualTo(990);
    assertThat(p.column("loan").missing()).isEqualTo(990);
    assertThat(p.column("job").missing()).isEqualTo(330);
    assertThat(p.column("marital").missing()).isEqualTo(80);
    assertThat(p.column("emp.var.rate").type()).isEqualTo(ColumnType.DOUBLE);
  }

  @Test
  void california_housing_matches_provenance() {
    DatasetProfile p = register("housing", "california-housing/housing.csv", CsvOptions.defaults());
    assertThat(p.rows()).isEqualTo(20_640);
    assertThat(p.columns()).hasSize(10);
    assertThat(p.column("total_bedrooms").missing()).isEqualTo(207);
    assertThat(p.column("total_bedrooms").type()).isEqualTo(ColumnType.DOUBLE);
    ColumnProfile ocean = p.column("ocean_proximity");
    assertThat(ocean.type()).isEqualTo(ColumnType.CATEGORICAL);
    assertThat(ocean.distinct()).isEqualTo(5);
    assertThat(countOf(ocean, "ISLAND")).isEqualTo(5);
    assertThat(p.column("median_house_value").numeric().orElseThrow().max()).isEqualTo(500_001.0);
    assertThat(p.column("housing_median_age").numeric().orElseThrow().max()).isEqualTo(52.0);
  }

  @Test
  void letter_recognition_matches_provenance() {
    DatasetProfile p = register("letter", "letter-recognition/letter.csv", CsvOptions.defaults());
    assertThat(p.rows()).isEqualTo(20_000);
    assertThat(p.columns()).hasSize(17);
    ColumnProfile letter = p.column("letter");
    assertThat(letter.type()).isEqualTo(ColumnType.CATEGORICAL);
    assertThat(letter.distinct()).isEqualTo(26);
    assertThat(letter.topValues().stream().mapToLong(ValueCount::count).min().orElseThrow())
        .isEqualTo(734);
    assertThat(letter.topValues().stream().mapToLong(ValueCount::count).max().orElseThrow())
        .isEqualTo(813);
    assertThat(p.columns().stream().filter(c -> c.type() == ColumnType.INTEGER)).hasSize(16);
  }

  @Test
  void beijing_pm25_matches_provenance() {
    DatasetProfile p = register("pm25", "beijing-pm25/beijing_pm25.csv", CsvOptions.defaults());
    assertThat(p.rows()).isEqualTo(43_824);
    assertThat(p.columns()).hasSize(13);
    assertThat(p.column("pm2.5").missing()).isEqualTo(2_067);
    assertThat(p.column("No").type()).isEqualTo(ColumnType.INTEGER);
    assertThat(p.column("cbwd").distinct()).isEqualTo(4);
    assertThat(p.column("pm2.5").numeric().orElseThrow().max()).isEqualTo(994.0);
  }
}
