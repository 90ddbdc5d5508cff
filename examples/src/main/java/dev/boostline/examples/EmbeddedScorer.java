package dev.boostline.examples;

import dev.boostline.Model;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.CsvReader;
import dev.boostline.model.Prediction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tech.tablesaw.api.Table;

/**
 * User story: "Our Java service decides in-process, with no scoring server: it loads a saved model
 * once and scores requests from many threads." A small service class wraps a {@link Model} loaded
 * from a bundle directory (one saved by {@link TrainAndScore}, or a registered version's directory)
 * and answers from a thread pool.
 *
 * <p>Arguments: {@code [BUNDLE_DIR] [RECORDS.csv]}, defaults {@code target/income-model} (trained
 * first when missing) and the adult test file.
 */
public final class EmbeddedScorer {
  private EmbeddedScorer() {}

  /** The service: thread-safe, holds the model for its lifetime. */
  static final class ApplicationScreening implements AutoCloseable {
    private final Model model;

    ApplicationScreening(Path bundle) {
      this.model = Model.load(bundle);
    }

    /** Accept an application when the model's probability of high income reaches the cut-off. */
    boolean accept(Map<String, ?> application) {
      Prediction p = model.predict(application);
      return p.probability().orElseThrow() >= 0.3;
    }

    @Override
    public void close() {
      model.close();
    }
  }

  public static void main(String[] args) throws Exception {
    Path data = Examples.dataDir();
    Path bundle = Path.of(args.length > 0 ? args[0] : "target/income-model");
    Path records = Path.of(args.length > 1 ? args[1] : data + "/adult/adult_test.csv");
    if (!bundle.resolve("boostline.json").toFile().exists()) {
      TrainAndScore.main(
          new String[] {data + "/adult/adult_train.csv", records.toString(), bundle.toString()});
    }
    Table table =
        CsvReader.read(records, CsvOptions.defaults(), java.util.Optional.empty())
            .dataset()
            .table();
    List<Map<String, Object>> applications = new ArrayList<>();
    for (int r = 0; r < table.rowCount(); r++) {
      Map<String, Object> record = new LinkedHashMap<>();
      for (String c : table.columnNames()) {
        record.put(c, table.column(c).get(r));
      }
      applications.add(record);
    }

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (ApplicationScreening service = new ApplicationScreening(bundle)) {
      long start = System.nanoTime();
      List<Future<Boolean>> answers = new ArrayList<>();
      for (Map<String, Object> application : applications) {
        answers.add(pool.submit(() -> service.accept(application)));
      }
      int accepted = 0;
      for (Future<Boolean> a : answers) {
        accepted += a.get() ? 1 : 0;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "screened %d applications on 4 threads in %.2f s: %d accepted%n",
          applications.size(), seconds, accepted);
    } finally {
      pool.shutdown();
    }
  }
}
