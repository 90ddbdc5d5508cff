package dev.boostline.examples;

import dev.boostline.Boostline;
import dev.boostline.pipeline.Pipeline;
import dev.boostline.pipeline.PipelineRun;
import dev.boostline.pipeline.PipelineWatcher;
import dev.boostline.pipeline.WatchEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * User story: "Each month a new file lands in a folder; retrain on it, promote the model if it is
 * better, keep production if not, and tell us why." Watches a folder with a {@link
 * PipelineWatcher}, drops three monthly files into it (a small first month, a bigger better one,
 * one whose labels went wrong), and prints each run's verdict with the checks behind it.
 *
 * <p>Arguments: {@code [HOME] [TRAIN.csv] [TEST.csv]}, defaults {@code target/retraining-home} and
 * the adult census files (its rows are split into the months).
 */
public final class ScheduledRetraining {
  private ScheduledRetraining() {}

  public static void main(String[] args) throws Exception {
    Path data = Examples.dataDir();
    Path home = Path.of(args.length > 0 ? args[0] : "target/retraining-home").toAbsolutePath();
    Path trainCsv = Path.of(args.length > 1 ? args[1] : data + "/adult/adult_train.csv");
    Path testCsv = Path.of(args.length > 2 ? args[2] : data + "/adult/adult_test.csv");
    Path inbox = Files.createDirectories(home.resolve("inbox"));
    Path months = Files.createDirectories(home.resolve("months"));
    List<Path> files = months(trainCsv, months);
    Path file = home.resolve("income.pipeline.yaml");
    Files.writeString(
        file,
        """
        version: 1
        data: {dataset: adult, file: "%s"}
        evaluation: {dataset: adult-test, file: "%s"}
        features: {target: income}
        training: {rounds: 60, seed: 1}
        model: {name: income}
        policy: {maxRegression: 0.1}
        """
            .formatted(files.get(0), testCsv.toAbsolutePath()));

    Boostline boostline = Boostline.open(home);
    List<WatchEvent> finished = new ArrayList<>();
    try (PipelineWatcher watcher =
        PipelineWatcher.builder(Pipeline.read(file), boostline)
            .folder(inbox)
            .stableFor(Duration.ofSeconds(1))
            .tick(Duration.ofMillis(200))
            .listener(
                e -> {
                  if (e.kind() == WatchEvent.Kind.TRIGGERED) {
                    System.out.println("new data: " + e.message());
                  }
                  if (e.kind() == WatchEvent.Kind.RUN_FINISHED
                      || e.kind() == WatchEvent.Kind.RUN_FAILED) {
                    synchronized (finished) {
                      finished.add(e);
                      finished.notifyAll();
                    }
                  }
                })
            .start()) {
      for (int m = 0; m < files.size(); m++) {
        Path month = files.get(m);
        Files.copy(month, inbox.resolve(month.getFileName()));
        WatchEvent done;
        synchronized (finished) {
          while (finished.size() <= m) {
            finished.wait(300_000);
          }
          done = finished.get(m);
        }
        explain(done);
      }
    }
    boostline
        .models()
        .history("income")
        .forEach(
            move ->
                System.out.printf(
                    "audit: production %s -> %s (%s)%n",
                    move.from().map(String::valueOf).orElse("unset"),
                    move.to().map(String::valueOf).orElse("-"),
                    move.reason()));
  }

  /** Why a run promoted or not: the evaluation's verdict and the promotion step's words. */
  private static void explain(WatchEvent e) {
    PipelineRun run = e.run().orElseThrow();
    System.out.printf(
        "  %s: %s%n",
        run.output(Pipeline.REGISTER_DATA, "dataset").orElse("?"),
        run.output(Pipeline.EVALUATE, "verdict").orElse(run.status().name()));
    run.step(Pipeline.PROMOTE).ifPresent(s -> System.out.println("  promote: " + s.message()));
    run.error().ifPresent(err -> System.out.println("  failed: " + err));
  }

  /** Splits the training file into three "months": small, big, and big with scrambled labels. */
  private static List<Path> months(Path trainCsv, Path dir) throws IOException {
    List<String> lines = Files.readAllLines(trainCsv);
    String header = lines.get(0);
    List<String> rows = lines.subList(1, lines.size());
    int n = rows.size();
    List<String> jan = new ArrayList<>(rows.subList(0, n / 20));
    List<String> feb = new ArrayList<>(rows.subList(n / 20, n / 2));
    List<String> mar = new ArrayList<>();
    Random random = new Random(7);
    for (String row : rows.subList(n / 2, n)) {
      mar.add(
          row.substring(0, row.lastIndexOf(',') + 1) + (random.nextBoolean() ? "<=50K" : ">50K"));
    }
    List<Path> out = new ArrayList<>();
    String[] names = {"2026-01.csv", "2026-02.csv", "2026-03.csv"};
    List<List<String>> parts = List.of(jan, feb, mar);
    for (int i = 0; i < 3; i++) {
      List<String> file = new ArrayList<>();
      file.add(header);
      file.addAll(parts.get(i));
      out.add(Files.write(dir.resolve(names[i]), file).toAbsolutePath());
    }
    return out;
  }
}
