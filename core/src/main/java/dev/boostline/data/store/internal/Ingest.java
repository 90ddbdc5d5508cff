package dev.boostline.data.store.internal;

import dev.boostline.data.Dataset;
import dev.boostline.data.DatasetProfile;
import dev.boostline.data.DatasetStream;
import dev.boostline.data.ParquetSink;
import dev.boostline.data.ProfileBuilder;
import dev.boostline.data.Schema;
import dev.boostline.data.store.Compression;
import dev.boostline.util.internal.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One pass over a {@link DatasetStream} that writes the Parquet snapshot, computes the profile and
 * the content hash: the stream's batches go to two threads (the Parquet writer; the profiler and
 * hasher) through small bounded queues, so memory stays bounded by a few batches, a row group and
 * the sketches whatever the data size.
 */
public final class Ingest {
  private static final int QUEUE = 3;
  private static final Dataset END = null;

  private Ingest() {}

  /**
   * What the pass produced.
   *
   * @param schema the final schema (settled from the data for an inferred stream)
   * @param rows rows written
   */
  public record Result(Schema schema, long rows, String contentSha256, DatasetProfile profile) {}

  /**
   * Streams every batch of {@code stream} into {@code dataFile} (which must not exist). The caller
   * owns and closes the stream and removes the file on failure.
   */
  public static Result run(DatasetStream stream, Path dataFile, Compression codec) {
    Schema provisional = stream.schema();
    ParquetSink writer =
        ParquetSnapshot.open(dataFile, provisional, codec, ParquetSnapshot.STREAM_ROW_GROUP_BYTES);
    ProfileBuilder profile = new ProfileBuilder(provisional);
    ContentHash.Builder hash = new ContentHash.Builder(provisional.size());
    List<Stage> stages = new ArrayList<>();
    stages.add(new Stage("parquet-writer", writer::write));
    // The writer is the slowest stage; the hash (a few percent of the profile's work) shares the
    // profiler's thread, so one thread fewer competes with the writer for the cores.
    stages.add(
        new Stage(
            "profiler",
            b -> {
              profile.add(b);
              hash.add(b);
            }));
    try {
      Optional<Dataset> batch;
      while ((batch = stream.next()).isPresent()) {
        for (Stage s : stages) {
          s.put(batch.get());
        }
      }
      for (Stage s : stages) {
        s.put(END);
      }
      for (Stage s : stages) {
        s.await();
      }
    } catch (RuntimeException | Error e) {
      for (Stage s : stages) {
        s.cancel();
      }
      writer.close();
      throw e;
    }
    long rows = profile.rows();
    Schema finalSchema = stream.inferred() ? profile.settle(provisional) : provisional;
    writer.finish(java.util.Map.of("boostline.schema", Json.toString(finalSchema)));
    return new Result(finalSchema, rows, hash.finish(finalSchema), profile.build(finalSchema));
  }

  /** One consumer thread fed through a bounded queue. */
  private static final class Stage {
    private final BlockingQueue<Optional<Dataset>> queue = new ArrayBlockingQueue<>(QUEUE);
    private final CompletableFuture<Void> done;
    private volatile boolean cancelled;

    Stage(String name, Consumer<Dataset> work) {
      done = new CompletableFuture<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  while (!cancelled) {
                    Optional<Dataset> b = queue.take();
                    if (b.isEmpty()) {
                      break;
                    }
                    work.accept(b.get());
                  }
                  done.complete(null);
                } catch (InterruptedException e) {
                  done.completeExceptionally(e);
                } catch (RuntimeException | Error e) {
                  done.completeExceptionally(e);
                }
              },
              "boostline-ingest-" + name);
      t.setDaemon(true);
      t.start();
    }

    void put(Dataset batch) {
      Optional<Dataset> item = Optional.ofNullable(batch);
      try {
        while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
          if (done.isDone()) {
            await(); // rethrows the stage's failure
            throw new IllegalStateException("an ingest stage stopped early");
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while registering", e);
      }
    }

    void await() {
      try {
        done.join();
      } catch (CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(cause);
      }
    }

    void cancel() {
      cancelled = true;
      queue.clear();
      queue.offer(Optional.empty());
    }
  }
}
