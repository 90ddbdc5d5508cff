package dev.boostline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.data.ColumnSchema;
import dev.boostline.data.ColumnType;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.store.DatasetStore;
import dev.boostline.data.store.RegisterOptions;
import dev.boostline.data.store.Registration;
import dev.boostline.util.internal.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HiggsLikeTest {
  @TempDir Path tmp;

  @Test
  void same_seed_gives_the_same_bytes_as_recorded() {
    Path f = tmp.resolve("h.csv");
    HiggsLike.write(f, 1000, 42);
    // Changing this digest changes every benchmark's data: do it on purpose, and say so.
    assertThat(Hashing.sha256(f))
        .isEqualTo("f48c221b318ef8dd23de80caddc35fb4e0eb83337c37ab2181a91f06c35bd2b3");
  }

  @Test
  void another_seed_gives_other_data() throws IOException {
    HiggsLike.write(tmp.resolve("a.csv"), 100, 1);
    HiggsLike.write(tmp.resolve("b.csv"), 100, 2);
    assertThat(Files.readAllLines(tmp.resolve("a.csv")).subList(1, 101))
        .doesNotContainAnyElementsOf(Files.readAllLines(tmp.resolve("b.csv")).subList(1, 101));
  }

  @Test
  void a_smaller_file_is_a_prefix_of_a_larger_one() throws IOException {
    HiggsLike.write(tmp.resolve("small.csv"), 300, 7);
    HiggsLike.write(tmp.resolve("large.csv"), 1000, 7);
    List<String> small = Files.readAllLines(tmp.resolve("small.csv"));
    assertThat(Files.readAllLines(tmp.resolve("large.csv")).subList(0, 301)).isEqualTo(small);
  }

  @Test
  void has_the_documented_layout_labels_and_missing_values() throws IOException {
    int rows = 20_000;
    Path f = tmp.resolve("h.csv");
    HiggsLike.write(f, rows, 42);
    List<String> lines = Files.readAllLines(f);
    assertThat(lines).hasSize(rows + 1);
    assertThat(lines.get(0)).isEqualTo(String.join(",", HiggsLike.columns()));
    assertThat(lines.get(0)).startsWith("label,f0,f1,").endsWith(",f27");
    int ones = 0;
    int[] missing = new int[HiggsLike.FEATURES];
    for (String line : lines.subList(1, lines.size())) {
      String[] v = line.split(",", -1);
      assertThat(v).hasSize(HiggsLike.FEATURES + 1);
      assertThat(v[0]).isIn("0", "1");
      ones += v[0].equals("1") ? 1 : 0;
      for (int i = 0; i < HiggsLike.FEATURES; i++) {
        if (v[i + 1].isEmpty()) {
          missing[i]++;
        } else {
          assertThat(v[i + 1]).matches("-?[0-9]+\\.[0-9]{5}").isNotEqualTo("-0.00000");
        }
      }
    }
    assertThat(ones / (double) rows).isBetween(0.50, 0.56);
    for (int i = 0; i < HiggsLike.FEATURES; i++) {
      if (HiggsLike.MISSING_FEATURES.contains(i)) {
        assertThat(missing[i] / (double) rows).as("f%d missing", i).isBetween(0.04, 0.06);
      } else {
        assertThat(missing[i]).as("f%d missing", i).isZero();
      }
    }
  }

  @Test
  void registers_as_an_integer_label_and_double_features() {
    Path f = tmp.resolve("h.csv");
    HiggsLike.write(f, 2000, 42);
    Registration r =
        DatasetStore.open(tmp.resolve("home"))
            .register(
                "h",
                f,
                CsvOptions.defaults(),
                java.util.Optional.empty(),
                RegisterOptions.defaults());
    List<ColumnSchema> cols = r.manifest().schema().columns();
    assertThat(cols.get(0)).isEqualTo(new ColumnSchema("label", ColumnType.INTEGER, false));
    for (int i = 0; i < HiggsLike.FEATURES; i++) {
      boolean nullable = HiggsLike.MISSING_FEATURES.contains(i);
      assertThat(cols.get(i + 1)).isEqualTo(new ColumnSchema("f" + i, ColumnType.DOUBLE, nullable));
    }
    assertThat(r.manifest().rows()).isEqualTo(2000);
  }
}
