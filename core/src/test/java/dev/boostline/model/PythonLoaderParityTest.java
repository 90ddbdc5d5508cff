package dev.boostline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boostline.data.ColumnSchema;
import dev.boostline.data.ColumnType;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.CsvReader;
import dev.boostline.data.Dataset;
import dev.boostline.data.Schema;
import dev.boostline.features.CategoricalEncoding;
import dev.boostline.features.ColumnSteps;
import dev.boostline.features.DatetimePart;
import dev.boostline.features.FeatureException;
import dev.boostline.features.FeatureSpec;
import dev.boostline.features.FittedFeature;
import dev.boostline.features.Imputation;
import dev.boostline.testing.DebianPython;
import dev.boostline.testing.TestData;
import dev.boostline.testing.TestModels;
import dev.boostline.train.TrainOptions;
import dev.boostline.train.XgbParams;
import dev.boostline.util.internal.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The bundle's python_function loader ({@code code/boostline_pyfunc.py}) scores raw held-out
 * records of every sample dataset as the Java {@link Scorer} does, within 1e-6 (absolute up to 1,
 * relative above, as the engine check), with unseen categories, missing values, imputation,
 * one-hot, ordinal and native categories, "other", ratio, clip, log1p, buckets and datetime parts,
 * and refuses the same records with the same messages. Loaded as MLflow loads it (the MLmodel's
 * code path and loader module), run by Debian's python3 with pandas and xgboost 1.7 (the harness
 * sets base_score from the file, see PITFALLS.md).
 */
@Tag("slow")
class PythonLoaderParityTest {
  private static final double TOLERANCE = 1e-6;
  @TempDir Path dir;

  /** One dataset: training rows, held-out rows, a spec exercising its columns. */
  private record Case(String name, Dataset train, Dataset heldOut, FeatureSpec spec) {}

  private static Dataset csv(String file, int from, int to) {
    Dataset d =
        CsvReader.read(TestData.file(file), CsvOptions.defaults(), java.util.Optional.empty())
            .dataset();
    return Dataset.of(d.schema(), d.table().inRange(from, Math.min(to, d.rowCount())));
  }

  private static Dataset csv(String file, Schema schema, int from, int to) {
    Dataset d =
        CsvReader.read(TestData.file(file), CsvOptions.defaults(), java.util.Optional.of(schema))
            .dataset();
    return Dataset.of(d.schema(), d.table().inRange(from, Math.min(to, d.rowCount())));
  }

  /** Beijing's hourly rows with a real datetime column built from year, month, day and hour. */
  private static Dataset withTime(Dataset d) {
    Table t = d.table().copy();
    DateTimeColumn time = DateTimeColumn.create("time");
    for (int r = 0; r < t.rowCount(); r++) {
      time.append(
          LocalDateTime.of(
              (int) number(t.column("year"), r),
              (int) number(t.column("month"), r),
              (int) number(t.column("day"), r),
              (int) number(t.column("hour"), r),
              0));
    }
    t.addColumns(time);
    List<ColumnSchema> cols = new ArrayList<>(d.schema().columns());
    cols.add(new ColumnSchema("time", ColumnType.DATETIME, false));
    return Dataset.of(new Schema(cols), t);
  }

  private static double number(Column<?> c, int r) {
    return ((Number) c.get(r)).doubleValue();
  }

  private static ColumnSteps steps() {
    return ColumnSteps.defaults();
  }

  private static List<Case> cases() {
    Dataset adultTrain = csv("adult/adult_train.csv", 0, 3000);
    List<Case> out = new ArrayList<>();
    out.add(
        new Case(
            "adult",
            adultTrain,
            csv("adult/adult_test.csv", adultTrain.schema(), 0, 300),
            FeatureSpec.builder()
                .target("income")
                .column("age", steps().withBuckets(List.of(25.0, 35.0, 50.0, 65.0)))
                .column("capital_gain", steps().withLog1p(true))
                .column("fnlwgt", steps().withClip(20000.0, 600000.0))
                .column("hours_per_week", steps().withImpute(Imputation.MEDIAN))
                .column("occupation", steps().withEncoding(CategoricalEncoding.ONE_HOT))
                .column("education", steps().withEncoding(CategoricalEncoding.ORDINAL))
                .column("native_country", steps().withMaxCategories(10))
                .column("workclass", steps().withImpute(Imputation.MOST_FREQUENT))
                .build()));
    out.add(
        new Case(
            "bank",
            csv("bank-marketing/bank-full.csv", 0, 3000),
            csv("bank-marketing/bank-full.csv", 40000, 40300),
            FeatureSpec.builder()
                .target("y")
                .ignore("duration")
                .column(
                    "job", steps().withEncoding(CategoricalEncoding.ONE_HOT).withMaxCategories(6))
                .column("balance", steps().withRatioTo("campaign").withClip(-500.0, 5000.0))
                .column("pdays", steps().withBuckets(List.of(-0.5, 30.0, 180.0)))
                .column("month", steps().withEncoding(CategoricalEncoding.ORDINAL))
                .column("age", steps().withImpute(Imputation.MEAN))
                .build()));
    out.add(
        new Case(
            "housing",
            csv("california-housing/housing.csv", 0, 4000),
            csv("california-housing/housing.csv", 15000, 15300),
            FeatureSpec.builder()
                .target("median_house_value")
                .column("total_bedrooms", steps().withImpute(Imputation.MEAN))
                .column("total_rooms", steps().withRatioTo("households"))
                .column("median_income", steps().withLog1p(true))
                .column("ocean_proximity", steps().withEncoding(CategoricalEncoding.ONE_HOT))
                .build()));
    out.add(
        new Case(
            "letter",
            csv("letter-recognition/letter.csv", 0, 3000),
            csv("letter-recognition/letter.csv", 19000, 19300),
            FeatureSpec.builder()
                .target("letter")
                .column("x_box", steps().withBuckets(List.of(2.5, 5.5)))
                .build()));
    out.add(
        new Case(
            "beijing",
            withTime(csv("beijing-pm25/beijing_pm25.csv", 0, 4000)),
            withTime(csv("beijing-pm25/beijing_pm25.csv", 40000, 40300)),
            FeatureSpec.builder()
                .target("pm2.5")
                .id("No")
                .ignore("year", "month", "day", "hour")
                .column("time", steps().withDatetimeParts(List.of(DatetimePart.values())))
                .column("cbwd", steps().withConstant("cv").withImpute(Imputation.CONSTANT))
                .column("DEWP", steps().withClip(-30.0, 25.0))
                .column("Iws", steps().withLog1p(true))
                .build()));
    return out;
  }

  /** The raw records of a table: JSON-like values, date-times as ISO-8601 text. */
  private static List<Map<String, Object>> records(Dataset d) {
    List<Map<String, Object>> out = new ArrayList<>();
    Table t = d.table();
    for (int r = 0; r < t.rowCount(); r++) {
      Map<String, Object> rec = new LinkedHashMap<>();
      for (Column<?> c : t.columns()) {
        Object v = c.isMissing(r) ? null : c.get(r);
        rec.put(c.name(), v instanceof LocalDateTime time ? time.toString() : v);
      }
      out.add(rec);
    }
    return out;
  }

  /**
   * Unseen categories, missing values, and date-times with offsets and fractions, so both sides
   * take every path.
   */
  private static void perturb(List<Map<String, Object>> records, ModelBundle bundle) {
    List<String> categories = new ArrayList<>();
    List<String> numbers = new ArrayList<>();
    List<String> times = new ArrayList<>();
    for (FittedFeature f : bundle.manifest().features().definition().features()) {
      if (f instanceof FittedFeature.Category c) {
        categories.add(c.column());
      } else if (f instanceof FittedFeature.Numeric n) {
        numbers.add(n.column());
      } else if (f instanceof FittedFeature.DatetimeParts p) {
        times.add(p.column());
      }
    }
    for (int i = 0; i < records.size(); i++) {
      Map<String, Object> r = records.get(i);
      for (int k = 0; k < categories.size(); k++) {
        if ((i + k) % 7 == 0) {
          r.put(categories.get(k), "never-seen-" + i);
        } else if ((i + k) % 11 == 0) {
          r.put(categories.get(k), null);
        }
      }
      for (int k = 0; k < numbers.size(); k++) {
        if ((i + k) % 5 == 0) {
          r.put(numbers.get(k), null);
        }
      }
      for (String c : times) {
        Object v = r.get(c);
        if (i % 13 == 0) {
          r.put(c, null);
        } else if (i % 3 == 0 && v instanceof String s) {
          r.put(c, s.replace('T', ' ') + ":59.123456+05:30");
        } else if (i % 3 == 1 && v instanceof String s) {
          r.put(c, s + "Z");
        }
      }
    }
  }

  private static Map<String, Object> frame(List<Map<String, Object>> records) {
    List<String> columns = new ArrayList<>(records.get(0).keySet());
    List<List<Object>> data = new ArrayList<>();
    for (Map<String, Object> r : records) {
      List<Object> row = new ArrayList<>();
      for (String c : columns) {
        row.add(r.get(c));
      }
      data.add(row);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("columns", columns);
    m.put("data", data);
    return m;
  }

  @Test
  void the_loader_scores_raw_records_of_every_sample_dataset_like_the_java_scorer()
      throws Exception {
    DebianPython.require();
    List<Case> cases = cases();
    List<String> caseDirs = new ArrayList<>();
    Map<String, float[][]> expected = new LinkedHashMap<>();
    Map<String, List<String>> expectedErrors = new LinkedHashMap<>();
    Map<String, ModelBundle> bundles = new LinkedHashMap<>();
    for (Case c : cases) {
      ModelBundle bundle =
          TestModels.trained(
              "loader-parity-" + c.name(),
              c.train(),
              TrainOptions.builder(c.spec())
                  .params(
                      XgbParams.builder()
                          .rounds(30)
                          .eta(0.5)
                          .maxDepth(4)
                          .seed(11)
                          .nthread(1)
                          .build())
                  .earlyStoppingRounds(4)
                  .build(),
              11);
      bundles.put(c.name(), bundle);
      Path caseDir = dir.resolve(c.name());
      Files.createDirectories(caseDir.resolve("bundle"));
      bundle.write(caseDir.resolve("bundle"));
      List<Map<String, Object>> records = records(c.heldOut());
      perturb(records, bundle);
      Files.write(caseDir.resolve("records.json"), Json.toBytes(frame(records)));
      try (Scorer s = bundle.open()) {
        expected.put(c.name(), s.outputs(records));
        if (c.name().equals("adult")) {
          List<Map<String, Object>> bad = new ArrayList<>();
          List<String> messages = new ArrayList<>();
          Map<String, Object> good = records.get(1);
          for (Object[] change :
              new Object[][] {
                {"age", "DROP"},
                {"age", "abc"},
                {"age", true},
                {"workclass", 5L},
                {"capital_gain", Double.POSITIVE_INFINITY}
              }) {
            Map<String, Object> r = new LinkedHashMap<>(good);
            if (change[1].equals("DROP")) {
              r.remove((String) change[0]);
            } else {
              r.put((String) change[0], change[1]);
            }
            bad.add(r);
            assertThatThrownBy(() -> s.outputs(List.of(r)))
                .isInstanceOf(FeatureException.class)
                .satisfies(e -> messages.add(e.getMessage()));
          }
          expectedErrors.put(c.name(), messages);
          List<Map<String, Object>> frames = new ArrayList<>();
          for (Map<String, Object> r : bad) {
            frames.add(frame(List.of(r)));
          }
          // Infinity as the bare literal Python's json reads, not as a string.
          Files.write(
              caseDir.resolve("errors.json"),
              Json.mapper()
                  .writer()
                  .without(com.fasterxml.jackson.core.json.JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                  .writeValueAsBytes(frames));
        }
      }
      caseDirs.add(caseDir.toString());
    }
    DebianPython.runResource("loader_parity.py", dir, 600, caseDirs.toArray(String[]::new));

    for (Case c : cases) {
      JsonNode out = Json.mapper().readTree(dir.resolve(c.name()).resolve("scores.json").toFile());
      ModelBundle bundle = bundles.get(c.name());
      assertThat(out.path("rounds").asInt())
          .as(c.name() + ": model.ubj holds exactly the scored rounds")
          .isEqualTo(bundle.manifest().bestIteration() + 1);
      List<String> signature = new ArrayList<>();
      out.path("signature").forEach(n -> signature.add(n.asText()));
      assertThat(signature).isEqualTo(bundle.manifest().features().requiredColumns());
      float[][] java = expected.get(c.name());
      JsonNode scores = out.path("scores");
      assertThat(scores.size()).isEqualTo(java.length);
      double worst = 0;
      for (int i = 0; i < java.length; i++) {
        JsonNode row = scores.get(i);
        for (int k = 0; k < java[i].length; k++) {
          double py = row.isArray() ? row.get(k).asDouble() : row.asDouble();
          double d = Math.abs(py - java[i][k]) / Math.max(1.0, Math.abs(java[i][k]));
          worst = Math.max(worst, d);
        }
      }
      System.out.printf(
          Locale.ROOT,
          "loader vs Scorer, %s: %d records, %d outputs each, max |diff| %.3g%n",
          c.name(),
          java.length,
          java[0].length,
          worst);
      assertThat(worst).as(c.name()).isLessThanOrEqualTo(TOLERANCE);
    }
    JsonNode errors =
        Json.mapper().readTree(dir.resolve("adult").resolve("errors_out.json").toFile());
    List<String> python = new ArrayList<>();
    errors.forEach(e -> python.add(e.isNull() ? "(accepted)" : e.asText()));
    assertThat(python).isEqualTo(expectedErrors.get("adult"));
  }
}
