package dev.boostline.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.data.CsvOptions;
import dev.boostline.data.CsvReader;
import dev.boostline.data.Dataset;
import dev.boostline.data.DatasetSplit;
import dev.boostline.data.SplitFractions;
import dev.boostline.data.Splits;
import dev.boostline.testing.TestData;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesTest {
  static Dataset adult;
  @TempDir Path dir;

  @BeforeAll
  static void load() {
    adult =
        CsvReader.read(
                TestData.file("adult/adult_train.csv"),
                CsvOptions.defaults(),
                java.util.Optional.empty())
            .dataset();
  }

  private Dataset csv(String text) {
    return CsvReader.read(
            TestData.write(dir, "t.csv", text), CsvOptions.defaults(), java.util.Optional.empty())
        .dataset();
  }

  private static Map<String, Object> record(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void defaults_follow_the_schema_and_exclude_the_target() {
    FittedFeatures f = FeatureSpec.forTarget("income").fit(adult);
    assertThat(f.featureNames())
        .hasSize(14)
        .doesNotContain("income")
        .startsWith("age", "workclass");
    assertThat(f.featureTypes().get(0)).isEqualTo("q");
    assertThat(f.featureTypes().get(1)).isEqualTo("c");
    assertThat(f.featureTypes().stream().filter("c"::equals)).hasSize(8);
    assertThat(f.target()).contains("income");
    assertThat(f.requiredColumns()).hasSize(14);
  }

  @Test
  void categories_are_coded_by_a_sorted_dictionary_fitted_on_training_rows_only() {
    Dataset d = csv("c,y\nb,1\na,0\nc,1\nzz,0\n");
    FittedFeatures f = FeatureSpec.forTarget("y").fit(d, new int[] {0, 1, 2});
    assertThat(f.transform(record("c", "a"))).containsExactly(0f);
    assertThat(f.transform(record("c", "c"))).containsExactly(2f);
    // "zz" only appears outside the fitted rows: unseen, so missing.
    assertThat(f.transform(record("c", "zz"))).containsExactly(Float.NaN);
    assertThat(f.transform(record("c", null))).containsExactly(Float.NaN);
  }

  @Test
  void rare_categories_share_other_and_unseen_ones_join_them() {
    Dataset d = csv("c,y\na,1\na,0\na,1\nb,0\nb,1\nc,0\n");
    ColumnSteps steps = ColumnSteps.defaults().withMaxCategories(2);
    FittedFeatures f = FeatureSpec.builder().target("y").column("c", steps).build().fit(d);
    assertThat(f.transform(record("c", "a"))).containsExactly(0f);
    assertThat(f.transform(record("c", "b"))).containsExactly(1f);
    assertThat(f.transform(record("c", "c"))).containsExactly(2f);
    assertThat(f.transform(record("c", "never-seen"))).containsExactly(2f);
    assertThat(f.definition().notes()).anyMatch(n -> n.contains("rare categories"));
  }

  @Test
  void one_hot_and_ordinal_encodings() {
    Dataset d = csv("c,y\nred,1\nblue,0\nred,1\n");
    FittedFeatures hot =
        FeatureSpec.builder()
            .target("y")
            .column("c", ColumnSteps.defaults().withEncoding(CategoricalEncoding.ONE_HOT))
            .build()
            .fit(d);
    assertThat(hot.featureNames()).containsExactly("c=blue", "c=red");
    assertThat(hot.featureTypes()).containsExactly("q", "q");
    assertThat(hot.transform(record("c", "red"))).containsExactly(0f, 1f);
    assertThat(hot.transform(record("c", "green"))).containsExactly(Float.NaN, Float.NaN);
    FittedFeatures ord =
        FeatureSpec.builder()
            .target("y")
            .column("c", ColumnSteps.defaults().withEncoding(CategoricalEncoding.ORDINAL))
            .build()
            .fit(d);
    assertThat(ord.featureTypes()).containsExactly("q");
    assertThat(ord.transform(record("c", "red"))).containsExactly(1f);
  }

  @Test
  void numeric_steps_apply_in_documented_order() {
    Dataset d = csv("x,den,y\n1,2,0\n3,,1\n,4,0\n9,3,1\n");
    FittedFeatures f =
        FeatureSpec.builder()
            .target("y")
            .column("x", ColumnSteps.defaults().withImpute(Imputation.MEDIAN).withLog1p(true))
            .column(
                "den", ColumnSteps.defaults().withClip(null, 3.5).withBuckets(List.of(2.5, 3.0)))
            .build()
            .fit(d);
    // median of x over {1, 3, 9} = 3 -> log1p(3)
    assertThat(f.transform(record("x", null, "den", 4L))[0]).isEqualTo((float) Math.log1p(3));
    // den 4 clipped to 3.5 -> edges 2.5 and 3.0 are <= 3.5 -> bucket 2
    assertThat(f.transform(record("x", 1L, "den", 4L))[1]).isEqualTo(2f);
    assertThat(f.transform(record("x", 1L, "den", 2))[1]).isEqualTo(0f);
    FittedFeatures ratio =
        FeatureSpec.builder()
            .target("y")
            .column("x", ColumnSteps.defaults().withRatioTo("den").withImpute(Imputation.MEAN))
            .build()
            .fit(d);
    assertThat(ratio.transform(record("x", 9, "den", 3))[0]).isEqualTo(3f);
    // den missing -> ratio missing -> mean of the training ratios {0.5, 3}
    assertThat(ratio.transform(record("x", 9, "den", null))[0]).isEqualTo(1.75f);
  }

  @Test
  void constant_and_most_frequent_imputation() {
    Dataset d = csv("x,b,c,y\n1,true,a,0\n,false,a,1\n1,,,0\n2,true,b,1\n");
    FittedFeatures f =
        FeatureSpec.builder()
            .target("y")
            .column("x", ColumnSteps.defaults().withConstant("-1"))
            .column("b", ColumnSteps.defaults().withImpute(Imputation.MOST_FREQUENT))
            .column("c", ColumnSteps.defaults().withImpute(Imputation.MOST_FREQUENT))
            .build()
            .fit(d);
    assertThat(f.transform(record("x", null, "b", null, "c", null))).containsExactly(-1f, 1f, 0f);
  }

  @Test
  void datetime_parts_become_numbers() {
    Dataset d = csv("t,y\n2024-03-05T13:00,1\n,0\n");
    FittedFeatures f = FeatureSpec.forTarget("y").fit(d);
    assertThat(f.featureNames())
        .containsExactly("t.year", "t.month", "t.day", "t.day_of_week", "t.hour");
    assertThat(f.transform(record("t", "2024-03-05T13:00:00")))
        .containsExactly(2024f, 3f, 5f, 2f, 13f);
    assertThat(f.transform(record("t", null))[0]).isNaN();
  }

  @Test
  void text_columns_are_dropped_with_a_note() {
    StringBuilder sb = new StringBuilder("comment,x,y\n");
    for (int i = 0; i < 200; i++) {
      sb.append("free text ").append(i).append(',').append(i).append(",1\n");
    }
    FittedFeatures f = FeatureSpec.forTarget("y").fit(csv(sb.toString()));
    assertThat(f.featureNames()).containsExactly("x");
    assertThat(f.definition().notes()).anyMatch(n -> n.contains("text column \"comment\" dropped"));
  }

  @Test
  void scoring_time_behaviours_are_explicit() {
    FittedFeatures f = FeatureSpec.forTarget("y").fit(csv("x,c,y\n1,a,0\n2,b,1\n"));
    assertThatThrownBy(() -> f.transform(record("x", 1)))
        .isInstanceOf(FeatureException.class)
        .hasMessage("the record has no column \"c\"");
    assertThatThrownBy(() -> f.transform(record("x", "1", "c", "a")))
        .isInstanceOf(FeatureException.class)
        .hasMessage("column \"x\": \"1\" is not a number");
    assertThatThrownBy(() -> f.transform(record("x", 1, "c", 7)))
        .hasMessage("column \"c\": 7 is not a string (a category)");
    assertThatThrownBy(() -> f.transform(record("x", Double.POSITIVE_INFINITY, "c", "a")))
        .hasMessageContaining("is not a finite number");
    assertThat(f.transform(record("x", 1, "c", "a", "extra", 5, "y", 1))).containsExactly(1f, 0f);
    assertThat(f.unknownColumns(List.of("x", "c", "y", "extra"))).containsExactly("extra");
  }

  @Test
  void table_and_record_paths_agree_when_the_table_lacks_a_column() {
    FittedFeatures f = FeatureSpec.forTarget("y").fit(csv("x,c,y\n1,a,0\n2,b,1\n"));
    Dataset other = csv("x,y\n1,0\n");
    assertThatThrownBy(() -> f.transform(other))
        .isInstanceOf(FeatureException.class)
        .hasMessage("the table has no column \"c\"");
  }

  @Test
  void json_round_trip_restores_exactly() {
    FeatureSpec spec =
        FeatureSpec.builder()
            .target("income")
            .weight("fnlwgt")
            .column(
                "age",
                ColumnSteps.defaults()
                    .withImpute(Imputation.MEDIAN)
                    .withBuckets(List.of(30.0, 50.0)))
            .column("occupation", ColumnSteps.defaults().withEncoding(CategoricalEncoding.ONE_HOT))
            .column("native_country", ColumnSteps.defaults().withMaxCategories(10))
            .build();
    DatasetSplit split = Splits.random(adult.rowCount(), SplitFractions.validation(0.2), 1);
    FittedFeatures f = spec.fit(adult, split.train());
    FittedFeatures back = FittedFeatures.fromJson(f.toJson());
    assertThat(back.definition()).isEqualTo(f.definition());
    assertThat(back.toJson()).isEqualTo(f.toJson());
    int[] rows = split.valid();
    float[] a = f.transform(adult.table(), rows);
    float[] b = back.transform(adult.table(), rows);
    assertThat(java.util.Arrays.equals(a, b)).isTrue();
  }

  @Test
  void unknown_fitted_format_is_refused() {
    FittedFeatures f = FeatureSpec.forTarget("y").fit(csv("x,y\n1,0\n"));
    String json = f.toJson().replace("\"formatVersion\" : 1", "\"formatVersion\" : 2");
    assertThatThrownBy(() -> FittedFeatures.fromJson(json))
        .hasMessageContaining("fitted features format 2 is not one this Boostline reads");
  }

  @Test
  void spec_file_in_yaml_with_any_case_enums() {
    Path file =
        TestData.write(
            dir,
            "spec.yaml",
            "target: income\nignore: [education_num]\ncolumns:\n"
                + "  age: {impute: median, buckets: [18, 30]}\n"
                + "  occupation: {encoding: one_hot, maxCategories: 5}\n");
    FeatureSpec spec = FeatureSpec.read(file);
    assertThat(spec.ignore()).containsExactly("education_num");
    assertThat(spec.steps("occupation").encoding()).isEqualTo(CategoricalEncoding.ONE_HOT);
    assertThat(spec.steps("age").impute()).isEqualTo(Imputation.MEDIAN);
    assertThat(spec.sha256()).isEqualTo(FeatureSpec.read(file).sha256());
    FittedFeatures f = spec.fit(adult);
    assertThat(f.featureNames()).doesNotContain("education_num").contains("occupation=(other)");
  }

  @Test
  void spec_that_does_not_fit_the_schema_is_refused() {
    assertThatThrownBy(() -> FeatureSpec.forTarget("nope").fit(adult))
        .hasMessageContaining("names column \"nope\", which the dataset does not have");
    FeatureSpec logOnCategory =
        FeatureSpec.builder()
            .target("income")
            .column("sex", ColumnSteps.defaults().withLog1p(true))
            .build();
    assertThatThrownBy(() -> logOnCategory.fit(adult))
        .hasMessageContaining("column \"sex\" is categorical: log1p");
    Path bad = TestData.write(dir, "bad.yaml", "target: y\ncolumns:\n  x: {impute: sometimes}\n");
    assertThatThrownBy(() -> FeatureSpec.read(bad))
        .hasMessageContaining("bad.yaml: not a valid feature spec");
  }
}
