package dev.boostline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoadBenchmarkTest {
  @TempDir Path tmp;

  @Test
  void a_tiny_run_checks_both_loads_and_writes_the_report() throws Exception {
    DatasetLoadBenchmark.Options o =
        DatasetLoadBenchmark.Options.parse(
            "1500",
            "--rounds",
            "1",
            "--warmup",
            "0",
            "--dir",
            tmp.resolve("work").toString(),
            "--out",
            tmp.resolve("out.md").toString());
    String report = DatasetLoadBenchmark.run(o);
    assertThat(report)
        .contains("1,500 rows")
        .contains("identical: 1,500 rows x 29 columns")
        .contains("| (a) | Tablesaw")
        .contains("| (b) | `DatasetStore.load(ref)`")
        .contains("a / b (ratio of medians)")
        .contains("| Parquet file (ZSTD) |");
    assertThat(Files.list(tmp.resolve("work"))).isNotEmpty();
  }

  @Test
  void parses_rows_and_options() {
    DatasetLoadBenchmark.Options o =
        DatasetLoadBenchmark.Options.parse("1_000_000", "--rounds", "3", "--seed", "7");
    assertThat(o.rows()).isEqualTo(1_000_000);
    assertThat(o.rounds()).isEqualTo(3);
    assertThat(o.warmup()).isEqualTo(2);
    assertThat(o.seed()).isEqualTo(7);
    assertThat(o.out().toString()).endsWith("dataset-load-1000000.md"); // not the standard seed
    assertThat(DatasetLoadBenchmark.Options.parse().out().toString())
        .endsWith("results/dataset-load.md");
    assertThat(DatasetLoadBenchmark.Options.parse("50000").out().toString())
        .endsWith("target/dataset-load/dataset-load-50000.md");
    assertThatThrownBy(() -> DatasetLoadBenchmark.Options.parse("--bogus"))
        .hasMessageContaining("unknown option --bogus");
    assertThatThrownBy(() -> DatasetLoadBenchmark.Options.parse("0"))
        .hasMessageContaining("rows must be >= 1");
  }

  @Test
  void median_of_odd_and_even_counts() {
    assertThat(DatasetLoadBenchmark.median(new double[] {3, 1, 2})).isEqualTo(2);
    assertThat(DatasetLoadBenchmark.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
  }
}
