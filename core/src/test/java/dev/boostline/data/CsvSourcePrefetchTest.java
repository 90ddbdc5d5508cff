package dev.boostline.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.testing.TestData;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading ahead changes when rows are read, never which rows or which error. */
class CsvSourcePrefetchTest {
  @TempDir Path dir;

  private static long rows(DatasetStream s) {
    long n = 0;
    Optional<Dataset> b;
    while ((b = s.next()).isPresent()) {
      n += b.get().rowCount();
    }
    return n;
  }

  @Test
  void a_prefetched_source_gives_the_same_rows() {
    StringBuilder csv = new StringBuilder("x,y\n");
    for (int i = 0; i < 5000; i++) {
      csv.append(i).append(',').append(i % 7 == 0 ? "" : String.valueOf(i * 0.5)).append('\n');
    }
    Path f = TestData.write(dir, "d.csv", csv.toString());
    try (CsvSource plain = CsvSource.open(f, CsvOptions.defaults(), Optional.empty(), 2);
        CsvSource ahead = CsvSource.open(f, CsvOptions.defaults(), Optional.empty(), 2)) {
      ahead.prefetch();
      ahead.prefetch(); // a second call does nothing
      assertThat(rows(ahead)).isEqualTo(rows(plain)).isEqualTo(5000);
    }
  }

  @Test
  void an_error_met_while_reading_ahead_comes_from_next_naming_file_and_line() {
    Path f = TestData.write(dir, "bad.csv", "x,y\n1,2\n3,4,5\n");
    Schema schema =
        new Schema(
            java.util.List.of(
                new ColumnSchema("x", ColumnType.INTEGER, true),
                new ColumnSchema("y", ColumnType.INTEGER, true)));
    try (CsvSource s = CsvSource.open(f, CsvOptions.defaults(), Optional.of(schema), 2)) {
      s.prefetch();
      assertThatThrownBy(() -> rows(s))
          .isInstanceOf(DataFormatException.class)
          .hasMessageContaining("bad.csv")
          .hasMessageContaining("line 3");
    }
  }

  @Test
  void prefetch_after_close_does_nothing() {
    Path f = TestData.write(dir, "d.csv", "x\n1\n");
    CsvSource s = CsvSource.open(f, CsvOptions.defaults(), Optional.empty(), 1);
    s.close();
    s.prefetch();
    assertThatThrownBy(s::next).isInstanceOf(IllegalStateException.class);
  }
}
