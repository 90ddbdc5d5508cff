package dev.boostline.features;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.CsvReader;
import dev.boostline.data.Dataset;
import dev.boostline.data.DatasetSplit;
import dev.boostline.data.SplitFractions;
import dev.boostline.data.Splits;
import dev.boostline.testing.TestData;
import dev.boostline.util.internal.SplitMix64;
import dev.boostline.util.internal.json.Json;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tech.tablesaw.columns.Column;

/**
 * Property: for random rows of every sample dataset, the table path (training, batch) and the
 * record path (serving, also after a JSON round trip of the record) give the same float32 bits.
 */
class TableRecordParityTest {
  static Stream<Arguments> datasets() {
    return Stream.of(
        Arguments.of("adult/adult_train.csv", "income", List.of()),
        Arguments.of("bank-marketing/bank-full.csv", "y", List.of("unknown")),
        Arguments.of("california-housing/housing.csv", "median_house_value", List.of()),
        Arguments.of("letter-recognition/letter.csv", "letter", List.of()),
        Arguments.of("beijing-pm25/beijing_pm25.csv", "pm2.5", List.of()));
  }

  @ParameterizedTest
  @MethodSource("datasets")
  void table_and_record_give_identical_bits(String file, String target, List<String> nulls) {
    CsvOptions options =
        nulls.isEmpty() ? CsvOptions.defaults() : CsvOptions.builder().nullTokens(nulls).build();
    Dataset d = CsvReader.read(TestData.file(file), options, java.util.Optional.empty()).dataset();
    DatasetSplit split = Splits.random(d.rowCount(), SplitFractions.validation(0.3), 11);
    // Fit on 70%, score the other 30% too: unseen categories and imputation paths get exercised.
    FeatureSpec spec = FeatureSpec.forTarget(target);
    FittedFeatures f = spec.fit(d, split.train());
    SplitMix64 rng = new SplitMix64(file.hashCode());
    int[] rows = new int[500];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = rng.nextInt(d.rowCount());
    }
    float[] matrix = f.transform(d.table(), rows);
    int width = f.size();
    for (int i = 0; i < rows.length; i++) {
      Map<String, Object> record = recordOf(d, rows[i]);
      float[] fromRecord = f.transform(record);
      float[] fromJson = f.transform(viaJson(record));
      for (int k = 0; k < width; k++) {
        int table = Float.floatToRawIntBits(matrix[i * width + k]);
        assertThat(Float.floatToRawIntBits(fromRecord[k]))
            .as("%s row %d feature %s", file, rows[i], f.featureNames().get(k))
            .isEqualTo(table);
        assertThat(Float.floatToRawIntBits(fromJson[k]))
            .as("%s row %d feature %s (JSON)", file, rows[i], f.featureNames().get(k))
            .isEqualTo(table);
      }
    }
  }

  /** Selections above one block (65,536 rows) are filled in parallel blocks: same bits. */
  @Test
  void large_selections_filled_in_parallel_blocks_give_identical_bits() {
    Dataset d =
        CsvReader.read(
                TestData.file("adult/adult_train.csv"),
                CsvOptions.defaults(),
                java.util.Optional.empty())
            .dataset();
    FittedFeatures f = FeatureSpec.forTarget("income").fit(d);
    SplitMix64 rng = new SplitMix64(5);
    int[] rows = new int[150_000];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = rng.nextInt(d.rowCount());
    }
    float[] matrix = f.transform(d.table(), rows);
    int width = f.size();
    for (int i = 0; i < rows.length; i += (i % 65_536 < 3 || i % 65_536 > 65_532) ? 1 : 97) {
      float[] fromRecord = f.transform(recordOf(d, rows[i]));
      for (int k = 0; k < width; k++) {
        assertThat(Float.floatToRawIntBits(fromRecord[k]))
            .as("position %d (row %d) feature %s", i, rows[i], f.featureNames().get(k))
            .isEqualTo(Float.floatToRawIntBits(matrix[i * width + k]));
      }
    }
  }

  static Map<String, Object> recordOf(Dataset d, int row) {
    Map<String, Object> m = new HashMap<>();
    for (Column<?> c : d.table().columns()) {
      m.put(c.name(), c.isMissing(row) ? null : c.get(row));
    }
    return m;
  }

  /** What a server sees: the record written as JSON and parsed back (ints, doubles, strings). */
  private static Map<String, Object> viaJson(Map<String, Object> record) {
    Map<String, Object> plain = new HashMap<>();
    record.forEach((k, v) -> plain.put(k, v instanceof LocalDateTime t ? t.toString() : v));
    try {
      return Json.mapper()
          .readValue(Json.toString(plain), new TypeReference<HashMap<String, Object>>() {});
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
