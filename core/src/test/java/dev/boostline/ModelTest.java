package dev.boostline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.boostline.common.BoostlineException;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.CsvReader;
import dev.boostline.data.store.DatasetStore;
import dev.boostline.data.store.RegisterOptions;
import dev.boostline.model.BundleManifest;
import dev.boostline.model.Prediction;
import dev.boostline.task.Task;
import dev.boostline.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** The in-memory path: CSV or table in, a model that scores, explains and saves as a bundle. */
class ModelTest {
  @TempDir static Path data;
  private static Path CSV;
  private static Model model;

  @TempDir Path dir;

  @BeforeAll
  static void train() throws Exception {
    // The first 3,000 rows of California housing keep the test to seconds.
    List<String> lines = Files.readAllLines(TestData.file("california-housing/housing.csv"));
    CSV = Files.write(data.resolve("housing.csv"), lines.subList(0, 3001));
    model = Model.train(CSV, "median_house_value");
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void trains_from_a_csv_with_lineage_captured_and_no_home() {
    assertThat(model.labels().task()).isEqualTo(Task.REGRESSION);
    assertThat(model.metrics()).containsKeys("train", "valid");
    BundleManifest.Lineage lineage = model.bundle().manifest().lineage();
    assertThat(lineage.datasetName()).isEqualTo("housing.csv");
    assertThat(lineage.datasetVersion()).isEmpty();
    assertThat(lineage.runId()).isEmpty();
    assertThat(lineage.xgboostVersion()).isEqualTo("3.4.0");
    assertThat(lineage.javaVersion()).isEqualTo(System.getProperty("java.version"));
    assertThat(lineage.os()).isEqualTo(System.getProperty("os.name"));
    // The data hash is the one a registration of the same file records.
    String registered =
        DatasetStore.open(dir)
            .register(
                "housing",
                CSV,
                CsvOptions.defaults(),
                java.util.Optional.empty(),
                RegisterOptions.defaults())
            .manifest()
            .contentSha256();
    assertThat(lineage.datasetSha256()).isEqualTo(registered);
    assertThat(lineage.dataset()).isEqualTo("housing.csv (in memory)");
  }

  @Test
  void scores_records_tables_and_csv_files_alike() {
    Table table =
        CsvReader.read(CSV, CsvOptions.defaults(), java.util.Optional.empty()).dataset().table();
    List<Prediction> fromCsv = model.predict(CSV);
    List<Prediction> fromTable = model.predict(table);
    assertThat(fromCsv).hasSize(table.rowCount()).isEqualTo(fromTable);
    Map<String, Object> record = new LinkedHashMap<>();
    for (String c : table.columnNames()) {
      record.put(c, table.column(c).get(7));
    }
    assertThat(model.predict(record)).isEqualTo(fromTable.get(7));
    assertThat(model.predict(List.of(record, record)))
        .containsExactly(fromTable.get(7), fromTable.get(7));
    assertThat(fromTable.get(7).value().orElseThrow()).isBetween(14_999.0, 500_001.0);
  }

  @Test
  void explanations_add_up_to_the_margin() {
    Table table =
        CsvReader.read(CSV, CsvOptions.defaults(), java.util.Optional.empty()).dataset().table();
    Map<String, Object> record = new LinkedHashMap<>();
    for (String c : table.columnNames()) {
      record.put(c, table.column(c).get(3));
    }
    Map<String, Double> shap = model.explain(record);
    assertThat(shap).containsKey("bias").containsKey("median_income");
    double sum = shap.values().stream().mapToDouble(Double::doubleValue).sum();
    // Squared error: the margin is the value itself.
    assertThat(sum).isCloseTo(model.predict(record).value().orElseThrow(), within(1.0));
  }

  @Test
  void saves_a_bundle_that_loads_and_scores_identically() throws Exception {
    Path saved = model.save(dir.resolve("housing-model"));
    assertThat(saved.resolve("MLmodel")).exists();
    assertThat(saved.resolve("boostline.json")).exists();
    assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
        .as("nothing left beside the bundle")
        .containsExactly("housing-model");
    try (Model back = Model.load(saved)) {
      assertThat(back.predict(CSV)).isEqualTo(model.predict(CSV));
    }
    assertThatThrownBy(() -> model.save(saved))
        .isInstanceOf(BoostlineException.class)
        .hasMessageContaining("is not empty");
  }

  @Test
  void trains_from_a_table_with_a_binary_target() {
    Table adult =
        CsvReader.read(
                TestData.file("adult/adult_test.csv"),
                CsvOptions.defaults(),
                java.util.Optional.empty())
            .dataset()
            .table()
            .first(2000);
    try (Model income = Model.train(adult, "income")) {
      assertThat(income.labels().task()).isEqualTo(Task.BINARY);
      Prediction p = income.predict(adult).get(0);
      assertThat(p.label()).isPresent();
      assertThat(p.probability().orElseThrow()).isBetween(0.0, 1.0);
      assertThat(income.bundle().manifest().lineage().datasetName()).isEqualTo("adult_test.csv");
    }
  }

  @Test
  void a_closed_model_refuses_to_score() {
    Table small =
        CsvReader.read(CSV, CsvOptions.defaults(), java.util.Optional.empty())
            .dataset()
            .table()
            .first(500);
    Model m = Model.train(small, "median_house_value");
    m.close();
    assertThatThrownBy(() -> m.predict(small)).isInstanceOf(IllegalStateException.class);
  }
}
