package dev.boostline.benchmarks;

import dev.boostline.data.CsvOptions;
import dev.boostline.data.Dataset;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.data.store.DatasetStore;
import dev.boostline.data.store.RegisterOptions;
import dev.boostline.features.FeatureSpec;
import dev.boostline.features.FittedFeatures;
import dev.boostline.train.Objective;
import dev.boostline.train.TrainOptions;
import dev.boostline.train.Trainer;
import dev.boostline.train.TrainingListener;
import dev.boostline.train.ValidationSplit;
import dev.boostline.train.XgbParams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * Training from a registered dataset version (load + features + DMatrix + train, as {@code
 * boostline train} does, with its per-round metric tracking) against raw xgboost4j training the
 * same float matrix with the same parameters (DMatrix + train, nothing else), side by side in one
 * JVM, alternating. Parameters as in PERF.md: hist, depth 6, eta 0.1, max_bin 256, 2 threads; 200
 * rounds by default.
 *
 * <p>Arguments: {@code [ROWS] [ROUNDS] [REPEATS]}, defaults 1,000,000, 200, 3. Writes {@code
 * results/training.md} for the default size, else under {@code target/}.
 */
public final class TrainingBenchmark {
  private TrainingBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path work = Path.of("target/training");
    Files.createDirectories(work);
    Path csv = work.resolve("higgs-like-" + rows + ".csv");
    if (!Files.exists(csv)) {
      HiggsLike.write(csv, rows, HiggsLike.DEFAULT_SEED);
    }
    Path home = work.resolve("home-" + rows);
    DatasetStore store = DatasetStore.open(home);
    store.register("higgs", csv, CsvOptions.defaults(), null, RegisterOptions.defaults());
    DatasetRef ref = DatasetRef.parse("higgs");
    XgbParams params =
        XgbParams.builder()
            .objective(Objective.BINARY_LOGISTIC)
            .rounds(rounds)
            .maxDepth(6)
            .eta(0.1)
            .maxBin(256)
            .nthread(2)
            .seed(1)
            .build();
    TrainOptions options =
        TrainOptions.builder(FeatureSpec.forTarget("label"))
            .params(params)
            .validation(ValidationSplit.none())
            .build();

    // The baseline's input: the very float matrix Boostline trains on, prepared untimed.
    Dataset data = store.load(ref);
    FittedFeatures features = FeatureSpec.forTarget("label").fit(data);
    float[] x = features.transform(data);
    float[] y = new float[rows];
    var label = data.table().longColumn("label");
    for (int i = 0; i < rows; i++) {
      y[i] = label.getLong(i);
    }
    Map<String, Object> raw = new HashMap<>(params.toMap(Objective.BINARY_LOGISTIC, 1));
    raw.remove("eval_metric");
    data = null;

    List<Double> ours = new ArrayList<>();
    List<Double> base = new ArrayList<>();
    List<Double> load = new ArrayList<>();
    List<Double> transform = new ArrayList<>();
    List<Double> matrix = new ArrayList<>();
    for (int r = -1; r < repeats; r++) { // r = -1 is a warm-up
      boolean oursFirst = r % 2 == 0;
      for (int k = 0; k < 2; k++) {
        if ((k == 0) == oursFirst) {
          System.gc();
          long t0 = System.nanoTime();
          Dataset d = store.load(ref);
          long t1 = System.nanoTime();
          Trainer.train(d, options, TrainingListener.NONE);
          long t2 = System.nanoTime();
          if (r >= 0) {
            ours.add((t2 - t0) / 1e9);
            load.add((t1 - t0) / 1e9);
            long t3 = System.nanoTime();
            FeatureSpec.forTarget("label").fit(d).transform(d);
            transform.add((System.nanoTime() - t3) / 1e9);
          }
        } else {
          System.gc();
          long t0 = System.nanoTime();
          DMatrix m = new DMatrix(x, rows, features.size(), Float.NaN);
          m.setLabel(y);
          long t1 = System.nanoTime();
          Booster b = XGBoost.train(m, raw, rounds, new HashMap<>(), null, null);
          b.toByteArray("ubj");
          long t2 = System.nanoTime();
          b.dispose();
          m.dispose();
          if (r >= 0) {
            base.add((t2 - t0) / 1e9);
            matrix.add((t1 - t0) / 1e9);
          }
        }
      }
      System.out.printf(Locale.ROOT, "round %d done%n", r);
    }
    double mo = median(ours);
    double mb = median(base);
    StringBuilder md = new StringBuilder();
    md.append("# Training from a registered dataset vs raw xgboost4j\n\n");
    md.append("- date: ").append(Instant.now()).append('\n');
    md.append("- data: HiggsLike seed 42, ")
        .append(rows)
        .append(" rows x 28 features; ")
        .append(rounds)
        .append(" rounds, hist, depth 6, eta 0.1, max_bin 256, nthread 2\n");
    md.append("- load average at end: ").append(MachineLoad.loadAverage()).append('\n');
    md.append("- ")
        .append(repeats)
        .append(" measured rounds after one warm-up, alternating order\n\n");
    md.append("| | median wall | all runs (s) |\n|---|---:|---|\n");
    md.append(
        String.format(
            Locale.ROOT,
            "| Boostline: `DatasetStore.load` + `Trainer.train` (features, DMatrix, boosting with per-round train metrics on a 50k sample, final metrics, importance, model bytes) | %.2f s | %s |%n",
            mo,
            ours));
    md.append(
        String.format(
            Locale.ROOT,
            "| raw xgboost4j: DMatrix from the same float[] + `XGBoost.train` + model bytes | %.2f s | %s |%n",
            mb,
            base));
    md.append(
        String.format(
            Locale.ROOT,
            "| **ratio** | **%.3fx** | target <= 1.10x: %s |%n%n",
            mo / mb,
            mo / mb <= 1.10 ? "met" : "NOT met"));
    md.append("Parts of Boostline's time (medians): load ")
        .append(String.format(Locale.ROOT, "%.2f s", median(load)))
        .append(", feature fit + transform ")
        .append(String.format(Locale.ROOT, "%.2f s", median(transform)))
        .append(" (measured separately after each run), DMatrix build ")
        .append(String.format(Locale.ROOT, "%.2f s", median(matrix)))
        .append(" (the baseline's, same matrix); the rest is boosting.\n");
    System.out.print(md);
    Path out =
        rows == 1_000_000 && rounds == 200
            ? Path.of("results/training.md")
            : work.resolve("training-" + rows + ".md");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, md, StandardCharsets.UTF_8);
    System.out.println("written to " + out.toAbsolutePath());
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(Double::compare);
    return s.isEmpty() ? Double.NaN : s.get(s.size() / 2);
  }
}
