package dev.boostline.benchmarks;

import dev.boostline.data.CsvOptions;
import dev.boostline.data.Dataset;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.data.store.DatasetStore;
import dev.boostline.data.store.RegisterOptions;
import dev.boostline.features.FeatureSpec;
import dev.boostline.features.FittedFeatures;
import dev.boostline.task.Objective;
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
 * <p>Arguments: {@code [ROWS] [ROUNDS] [REPEATS]}, defaults 1,000,000, 200, 5. Writes {@code
 * results/training.md} for the default size, else under {@code target/}.
 */
public final class TrainingBenchmark {
  private TrainingBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path work = Path.of("target/training");
    Files.createDirectories(work);
    Path csv = work.resolve("higgs-like-" + rows + ".csv");
    if (!Files.exists(csv)) {
      HiggsLike.write(csv, rows, HiggsLike.DEFAULT_SEED);
    }
    Path home = work.resolve("home-" + rows);
    DatasetStore store = DatasetStore.open(home);
    store.register(
        "higgs",
        csv,
        CsvOptions.defaults(),
        java.util.Optional.empty(),
        RegisterOptions.defaults());
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

    List<Run> ours = new ArrayList<>();
    List<Run> base = new ArrayList<>();
    List<Double> transform = new ArrayList<>();
    MachineLoad window = null;
    try (Meter meter = new Meter()) {
      for (int r = -1; r < repeats; r++) { // r = -1 is a warm-up
        if (r == 0) {
          window = MachineLoad.start();
        }
        boolean oursFirst = r % 2 == 0;
        for (int k = 0; k < 2; k++) {
          if ((k == 0) == oursFirst) {
            Run run = measureOurs(meter, store, ref, options);
            if (r >= 0) {
              ours.add(run);
              Dataset d = store.load(ref);
              long t0 = System.nanoTime();
              FeatureSpec.forTarget("label").fit(d).transform(d);
              transform.add((System.nanoTime() - t0) / 1e9);
            }
          } else {
            Run run = measureBaseline(meter, x, y, rows, features.size(), raw, rounds);
            if (r >= 0) {
              base.add(run);
            }
          }
        }
        System.out.printf(Locale.ROOT, "round %d done%n", r);
      }
    }
    MachineLoad.Window load = window.stop();
    double mo = median(ours, Run::wall);
    double mb = median(base, Run::wall);
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < repeats; i++) {
      ratios.add(ours.get(i).wall / base.get(i).wall);
    }
    StringBuilder md = new StringBuilder();
    md.append("# Training from a registered dataset vs raw xgboost4j\n\n");
    md.append("- date: ").append(Instant.now()).append('\n');
    md.append("- data: HiggsLike seed 42, ")
        .append(rows)
        .append(" rows x 28 features; ")
        .append(rounds)
        .append(" rounds, hist, depth 6, eta 0.1, max_bin 256, nthread 2\n");
    md.append(
        String.format(
            Locale.ROOT,
            "- machine: %d cores; other processes used %.1f%% of it during the measured rounds"
                + " (steal %.1f s); load average at end %s%n",
            load.cores(),
            100 * load.otherShare(),
            load.stealSeconds(),
            MachineLoad.loadAverage()));
    md.append("- ")
        .append(repeats)
        .append(" measured rounds after one warm-up, order alternating each round\n\n");
    md.append(
        "| | median wall | all runs (s) | peak heap | peak RSS |\n|---|---:|---|---:|---:|\n");
    md.append(
        String.format(
            Locale.ROOT,
            "| Boostline: `DatasetStore.load` + `Trainer.train` (features, DMatrix, boosting with"
                + " per-round train metrics on a 10k sample, final metrics, importance, model"
                + " bytes) | %.2f s | %s | %s | %s |%n",
            mo,
            walls(ours),
            mib(median(ours, Run::peakHeap)),
            mib(median(ours, Run::peakRss))));
    md.append(
        String.format(
            Locale.ROOT,
            "| raw xgboost4j: DMatrix from the same float[] + `XGBoost.train` + model bytes |"
                + " %.2f s | %s | %s | %s |%n",
            mb,
            walls(base),
            mib(median(base, Run::peakHeap)),
            mib(median(base, Run::peakRss))));
    md.append(
        String.format(
            Locale.ROOT,
            "| **ratio of medians** | **%.3fx** | per round: %s | | |%n%n",
            mo / mb,
            ratios.stream().map(v -> String.format(Locale.ROOT, "%.3f", v)).toList()));
    md.append(
        String.format(
            Locale.ROOT,
            "Target: at most 1.10x. %s.%n%n",
            mo / mb <= 1.10 ? "**Met**" : "**Not met**"));
    md.append(
        "Parts (medians, seconds):\n\n| part | Boostline | raw xgboost4j |\n|---|---:|---:|\n");
    md.append(row("load (Parquet -> table)", median(ours, Run::load), Double.NaN));
    md.append(
        row(
            "feature fit + transform (timed separately after each run)",
            median(transform),
            Double.NaN));
    md.append(
        row(
            "start of `train` to the end of round 1 (features, DMatrix, first round)",
            median(ours, Run::prepare),
            median(base, Run::prepare)));
    md.append(row("rounds 2..N", median(ours, Run::boost), median(base, Run::boost)));
    md.append(
        row(
            "after the last round (final metrics, importance, model bytes)",
            median(ours, Run::finish),
            median(base, Run::finish)));
    md.append(
        "\nFor the baseline, \"start to the end of round 1\" is its DMatrix build plus round 1."
            + " Peak heap: largest heap occupancy (garbage included) from GC notifications; peak"
            + " RSS: the process's VmHWM reset before each operation (Java heap pages in use plus"
            + " native memory: DMatrix, quantile sketch, booster).\n");
    System.out.print(md);
    Path out =
        rows == 1_000_000 && rounds == 200
            ? Path.of("results/training.md")
            : work.resolve("training-" + rows + ".md");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, md, StandardCharsets.UTF_8);
    System.out.println("written to " + out.toAbsolutePath());
  }

  /**
   * One timed training.
   *
   * @param wall whole operation
   * @param load reading the dataset version (0 for the baseline)
   * @param prepare from the start of training to the end of the first round
   * @param boost rounds 2..N
   * @param finish after the last round
   * @param peakHeap bytes
   * @param peakRss bytes, -1 when unknown
   */
  private record Run(
      double wall,
      double load,
      double prepare,
      double boost,
      double finish,
      double peakHeap,
      double peakRss) {}

  /** Notes when the first and the last round ended. */
  private static final class RoundClock implements TrainingListener {
    private long first;
    private long last;

    @Override
    public void onIteration(int iteration, int rounds, Map<String, Double> metrics) {
      long now = System.nanoTime();
      if (iteration == 0) {
        first = now;
      }
      last = now;
    }
  }

  private static Run measureOurs(Meter meter, DatasetStore store, DatasetRef ref, TrainOptions o)
      throws Exception {
    long[] marks = new long[2];
    RoundClock clock = new RoundClock();
    meter.fullGc();
    ResidentMemory.resetPeak();
    Meter.Measured<Object> m =
        meter.measure(
            () -> {
              marks[0] = System.nanoTime();
              Dataset d = store.load(ref);
              marks[1] = System.nanoTime();
              return Trainer.train(d, o, clock);
            });
    long end = marks[0] + m.nanos();
    return new Run(
        m.nanos() / 1e9,
        (marks[1] - marks[0]) / 1e9,
        (clock.first - marks[1]) / 1e9,
        (clock.last - clock.first) / 1e9,
        (end - clock.last) / 1e9,
        m.heap().peakBytes(),
        ResidentMemory.peakBytes());
  }

  private static Run measureBaseline(
      Meter meter, float[] x, float[] y, int rows, int cols, Map<String, Object> raw, int rounds)
      throws Exception {
    RoundClock clock = new RoundClock();
    long[] start = new long[1];
    meter.fullGc();
    ResidentMemory.resetPeak();
    Meter.Measured<Object> m =
        meter.measure(
            () -> {
              start[0] = System.nanoTime();
              DMatrix matrix = new DMatrix(x, rows, cols, Float.NaN);
              matrix.setLabel(y);
              Booster b = XGBoost.train(matrix, raw, rounds, new HashMap<>(), null, null);
              clock.last = System.nanoTime();
              byte[] bytes = b.toByteArray("ubj");
              b.dispose();
              matrix.dispose();
              return bytes.length;
            });
    // xgboost4j's train has no callback per round without a watch list (adding one would add its
    // evaluation cost), so the baseline's first round is timed apart: DMatrix + 1 round.
    long t0 = System.nanoTime();
    DMatrix matrix = new DMatrix(x, rows, cols, Float.NaN);
    matrix.setLabel(y);
    Booster one = XGBoost.train(matrix, raw, 1, new HashMap<>(), null, null);
    double prepare = (System.nanoTime() - t0) / 1e9;
    one.dispose();
    matrix.dispose();
    double trained = (clock.last - start[0]) / 1e9;
    return new Run(
        m.nanos() / 1e9,
        0,
        prepare,
        trained - prepare,
        (start[0] + m.nanos() - clock.last) / 1e9,
        m.heap().peakBytes(),
        ResidentMemory.peakBytes());
  }

  private static String walls(List<Run> runs) {
    return runs.stream().map(r -> String.format(Locale.ROOT, "%.1f", r.wall)).toList().toString();
  }

  private static String mib(double bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", bytes / (1 << 20));
  }

  private static String row(String name, double a, double b) {
    return String.format(
        Locale.ROOT,
        "| %s | %s | %s |%n",
        name,
        Double.isNaN(a) ? "-" : String.format(Locale.ROOT, "%.2f", a),
        Double.isNaN(b) ? "-" : String.format(Locale.ROOT, "%.2f", b));
  }

  private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
    List<Double> v = new ArrayList<>();
    for (Run r : runs) {
      v.add(f.applyAsDouble(r));
    }
    return median(v);
  }

  private static double median(List<Double> v) {
    return DatasetLoadBenchmark.median(v.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
