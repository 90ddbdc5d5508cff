package dev.boostline.data;

import java.util.List;
import java.util.Optional;

/**
 * Rows read in batches, each a small {@link Dataset} typed by {@link #schema()}, so that data
 * larger than memory can be registered or scored. Not thread-safe: one consumer calls {@link
 * #next()} until it returns empty, then {@link #close()} (which the consumer owns, also on
 * failure).
 */
public interface DatasetStream extends AutoCloseable {
  /**
   * The schema every batch is typed by. For a source whose types were inferred ({@link
   * #inferred()}), every column is nullable and string columns are CATEGORICAL here; the final
   * nullability and the CATEGORICAL/TEXT choice are made from the whole data by whoever consumes
   * the stream (the dataset store does, from its profile).
   */
  Schema schema();

  /** Whether the schema was inferred (true) or given by the caller (false). */
  boolean inferred();

  /**
   * The next batch (at least one row), or empty at the end.
   *
   * @throws DataFormatException naming the file, line and column of bad input
   */
  Optional<Dataset> next();

  /**
   * Starts reading ahead in the background, where the source can (a CSV source starts its reader
   * and parser threads, which otherwise start at the first {@link #next()}), so that reading
   * overlaps whatever the consumer does before it asks for rows. Errors surface from {@link
   * #next()} as usual. Does nothing by default.
   */
  default void prefetch() {}

  /** Where the rows come from, complete once {@link #next()} has returned empty. */
  SourceDescription description();

  /**
   * Stops reading and releases the files and threads the stream holds; later calls do nothing. It
   * throws no checked exception, so try-with-resources needs no catch.
   */
  @Override
  void close();

  /**
   * A stream of one in-memory dataset, in batches of at most {@code batchRows} rows (views of the
   * table's rows, not copies of the whole table), with its exact schema ({@link #inferred()}
   * false).
   */
  static DatasetStream of(Dataset dataset, int batchRows) {
    if (batchRows < 1) {
      throw new IllegalArgumentException("batchRows must be >= 1, got " + batchRows);
    }
    return new DatasetStream() {
      private int next;

      @Override
      public Schema schema() {
        return dataset.schema();
      }

      @Override
      public boolean inferred() {
        return false;
      }

      @Override
      public Optional<Dataset> next() {
        int n = dataset.rowCount();
        if (next >= n) {
          return Optional.empty();
        }
        int from = next;
        int to = (int) Math.min(n, (long) from + batchRows);
        next = to;
        if (from == 0 && to == n) {
          return Optional.of(dataset);
        }
        return Optional.of(new Dataset(dataset.schema(), dataset.table().inRange(from, to)));
      }

      @Override
      public SourceDescription description() {
        String name = dataset.table().name() == null ? "table" : dataset.table().name();
        return new SourceDescription("table", name, "", 0, List.of(), "", "");
      }

      @Override
      public void close() {}
    };
  }
}
