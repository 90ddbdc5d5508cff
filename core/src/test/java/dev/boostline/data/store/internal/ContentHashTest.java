package dev.boostline.data.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.data.Dataset;
import dev.boostline.data.Tables;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The content hash is part of every manifest: its encoding must never drift. */
class ContentHashTest {
  private static Dataset sample() {
    return Tables.toDataset(
        Table.create(
            "t",
            DoubleColumn.create("x", new double[] {1.5, Double.NaN, -0.0, 0.0, -2.25e300}),
            LongColumn.create("n", new long[] {7, Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}),
            StringColumn.create("c", new String[] {"a", "", "é", "a", "b"})));
  }

  @Test
  void the_version_2_encoding_is_pinned() {
    // Missing doubles and longs, -0.0 beside 0.0, the extremes, UTF-8 text: computed with the
    // first streaming implementation (before its numeric columns were written straight to bytes).
    assertThat(ContentHash.of(sample()))
        .isEqualTo("b09e668c411fc253a48bc6cc560e4f1716a56fed15639da54e029c23b09e6a62");
  }

  @Test
  void batches_hash_as_the_whole() {
    Dataset all = sample();
    ContentHash.Builder b = new ContentHash.Builder(all.schema().size());
    b.add(Dataset.of(all.schema(), all.table().inRange(0, 2)));
    b.add(Dataset.of(all.schema(), all.table().inRange(2, 5)));
    assertThat(b.finish(all.schema())).isEqualTo(ContentHash.of(all));
  }
}
