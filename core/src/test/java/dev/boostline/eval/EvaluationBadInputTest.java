package dev.boostline.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.common.BoostlineException;
import dev.boostline.data.ColumnSchema;
import dev.boostline.data.ColumnType;
import dev.boostline.data.Dataset;
import dev.boostline.data.Schema;
import dev.boostline.model.Scorer;
import dev.boostline.registry.local.LocalModelRegistry;
import dev.boostline.testing.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Datasets that do not fit the model get a clear error, and the registry is unchanged. */
class EvaluationBadInputTest {
  @TempDir Path home;

  private static ModelComparison.Subject subject() {
    return new ModelComparison.Subject("income", 1, Optional.empty(), "production", "d@1");
  }

  @Test
  void a_dataset_that_does_not_fit_the_model_is_refused_with_what_and_where() {
    LocalModelRegistry registry = LocalModelRegistry.open(home);
    registry.register("income", TestModels.adult(5, 1), Optional.empty());
    var before = dev.boostline.testing.TestData.listTree(home);
    Dataset adult = TestModels.adultSample();
    try (Scorer s = registry.bundle(dev.boostline.registry.ModelRef.parse("income@1")).open()) {
      Dataset missingColumn =
          Dataset.of(
              new Schema(
                  adult.schema().columns().stream().filter(c -> !c.name().equals("age")).toList()),
              adult.table().copy().removeColumns("age"));
      assertThatThrownBy(
              () ->
                  ModelComparison.run(
                      subject(), s, Optional.empty(), missingColumn, PromotionPolicy.defaults()))
          .isInstanceOf(BoostlineException.class)
          .hasMessageContaining("dataset d@1 does not fit the candidate model")
          .hasMessageContaining("\"age\"");

      Table wrong = adult.table().copy();
      StringColumn ageText = StringColumn.create("age");
      for (int i = 0; i < wrong.rowCount(); i++) {
        ageText.append("x");
      }
      wrong.replaceColumn("age", ageText);
      List<ColumnSchema> cols = new ArrayList<>(adult.schema().columns());
      cols.set(0, new ColumnSchema("age", ColumnType.CATEGORICAL, false));
      Dataset wrongType = Dataset.of(new Schema(cols), wrong);
      assertThatThrownBy(
              () ->
                  ModelComparison.run(
                      subject(), s, Optional.empty(), wrongType, PromotionPolicy.defaults()))
          .hasMessageContaining("column \"age\" is string, the features need numeric");

      Dataset empty = Dataset.of(adult.schema(), adult.table().emptyCopy());
      assertThatThrownBy(
              () ->
                  ModelComparison.run(
                      subject(), s, Optional.empty(), empty, PromotionPolicy.defaults()))
          .hasMessageContaining("has no row with a target value");

      Table badClass = adult.table().copy();
      badClass.stringColumn("income").set(0, "maybe");
      assertThatThrownBy(
              () ->
                  ModelComparison.run(
                      subject(),
                      s,
                      Optional.empty(),
                      Dataset.of(adult.schema(), badClass),
                      PromotionPolicy.defaults()))
          .hasMessageContaining("target value \"maybe\" is not one of the model's classes");
    }
    assertThat(dev.boostline.testing.TestData.listTree(home)).isEqualTo(before);
  }

  @Test
  void a_policy_on_an_unknown_metric_or_a_bad_file_is_refused() {
    Path bad = dev.boostline.testing.TestData.write(home, "p.yaml", "confidence: 2\n");
    assertThatThrownBy(() -> PromotionPolicy.read(bad))
        .hasMessageContaining("confidence must be in [0, 1)");
    Path ok =
        dev.boostline.testing.TestData.write(
            home,
            "ok.yaml",
            "primaryMetric: pr_auc\nminImprovement: 0.01\nslices: [sex]\nthresholds: {auc: 0.7}\n");
    PromotionPolicy p = PromotionPolicy.read(ok);
    assertThat(p.primary(dev.boostline.task.Task.BINARY))
        .isEqualTo(dev.boostline.metrics.Metric.PR_AUC);
    assertThatThrownBy(() -> p.primary(dev.boostline.task.Task.REGRESSION))
        .hasMessageContaining("metric \"pr_auc\" is not computed for regression models");
    Path unknownPrimary =
        dev.boostline.testing.TestData.write(
            home, "u.yaml", "confidence: 0.8\nprimaryMetric: gini\n");
    assertThatThrownBy(() -> PromotionPolicy.read(unknownPrimary))
        .hasMessageContaining("u.yaml")
        .hasMessageContaining("primaryMetric: unknown metric \"gini\"; known: auc, pr_auc");
    Path unknownThreshold =
        dev.boostline.testing.TestData.write(home, "t.yaml", "thresholds: {aucc: 0.7}\n");
    assertThatThrownBy(() -> PromotionPolicy.read(unknownThreshold))
        .hasMessageContaining("thresholds: unknown metric \"aucc\"");
    assertThat(p.slices()).containsExactly("sex");
    assertThat(p.thresholds()).containsEntry("auc", 0.7);
  }
}
