package dev.boostline.benchmarks;

import dev.boostline.model.EngineChoice;
import dev.boostline.model.Scorer;
import dev.boostline.registry.local.LocalModelRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * In-process scoring of the HIGGS-like 200-tree depth-6 model ({@link HiggsModel}): the pure-Java
 * evaluator against xgboost4j's in-place prediction, for 1, 10, 100 and 1000 rows per call, at two
 * levels:
 *
 * <ul>
 *   <li>{@code matrix}: the engine alone on a prepared float32 row-major matrix ({@code
 *       Scorer.outputs(float[], rows)});
 *   <li>{@code records}: {@code Scorer.outputs(records)}, what a server request pays in process:
 *       feature transformation of {@code Map} records plus the engine.
 * </ul>
 *
 * <p>Sample-time mode, so p50 and p99 per call are reported. Run it pinned to one core (see
 * README.md); {@code main} writes {@code results/scoring-jmh.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScoringBenchmark {
  @Param({"java", "native"})
  public String engine;

  @Param({"1", "10", "100", "1000"})
  public int rows;

  /** Distinct rows the calls cycle through, so no call finds its tree paths warm in L1. */
  static final int DISTINCT_ROWS = 4096;

  private Scorer scorer;
  private float[][] matrices;
  private List<List<Map<String, Object>>> batches;
  private int next;

  /** Opens the model with the engine under test and prepares the inputs. */
  @Setup(Level.Trial)
  public void setUp() {
    Path work = Path.of("target/scoring");
    Path home = HiggsModel.home(work);
    EngineChoice choice = engine.equals("java") ? EngineChoice.AUTO : EngineChoice.NATIVE;
    scorer = LocalModelRegistry.open(home).bundle(HiggsModel.production()).open(choice);
    String expected = engine.equals("java") ? "java" : "native";
    if (!scorer.engineName().equals(expected)) {
      throw new IllegalStateException("wanted engine " + expected + ", got " + scorer.engineName());
    }
    List<Map<String, Object>> records = HiggsModel.records(work, DISTINCT_ROWS);
    int w = scorer.features().size();
    int calls = DISTINCT_ROWS / rows;
    matrices = new float[calls][rows * w];
    batches = new ArrayList<>(calls);
    for (int c = 0; c < calls; c++) {
      List<Map<String, Object>> batch = records.subList(c * rows, (c + 1) * rows);
      batches.add(batch);
      for (int i = 0; i < rows; i++) {
        scorer.features().transform(batch.get(i), matrices[c], i * w);
      }
    }
  }

  /** Closes the scorer. */
  @TearDown(Level.Trial)
  public void tearDown() {
    scorer.close();
  }

  private int nextCall() {
    int c = next;
    next = c + 1 == matrices.length ? 0 : c + 1;
    return c;
  }

  /** The engine on a ready float32 matrix (the next batch of rows each call). */
  @Benchmark
  public float[][] matrix() {
    return scorer.outputs(matrices[nextCall()], rows);
  }

  /** Records in, outputs out: feature transformation plus the engine. */
  @Benchmark
  public void records(Blackhole bh) {
    bh.consume(scorer.outputs(batches.get(nextCall())));
  }

  /**
   * Runs the benchmark and writes the report. Arguments: {@code [--quick]} (shorter iterations, for
   * a smoke run; the report then goes under {@code target/}), {@code [--only matrix|records]}.
   */
  public static void main(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    int at = List.of(args).indexOf("--only");
    String only = at >= 0 && at + 1 < args.length ? args[at + 1] : "";
    HiggsModel.home(Path.of("target/scoring")); // build it once, before the forks
    MachineLoad load = MachineLoad.start();
    Options opt =
        new OptionsBuilder()
            .include(ScoringBenchmark.class.getName() + "\\." + only)
            .forks(1)
            .warmupIterations(quick ? 1 : 5)
            .warmupTime(TimeValue.seconds(quick ? 1 : 3))
            .measurementIterations(quick ? 2 : 5)
            .measurementTime(TimeValue.seconds(quick ? 1 : 3))
            .jvmArgs("-Xms1g", "-Xmx1g")
            .build();
    Collection<RunResult> results = new Runner(opt).run();
    MachineLoad.Window window = load.stop();
    Map<String, double[]> byKey = new HashMap<>(); // level/engine/rows -> p50, p99, mean
    for (RunResult r : results) {
      String level = r.getParams().getBenchmark().replaceAll(".*\\.", "");
      String key =
          level + "/" + r.getParams().getParam("engine") + "/" + r.getParams().getParam("rows");
      var stats = r.getPrimaryResult().getStatistics();
      byKey.put(
          key, new double[] {stats.getPercentile(50), stats.getPercentile(99), stats.getMean()});
    }
    StringBuilder md = new StringBuilder();
    md.append("# In-process scoring: pure-Java evaluator vs xgboost4j\n\n");
    md.append("- date: ").append(Instant.now()).append('\n');
    md.append(
        "- model: HIGGS-like binary logistic, 200 trees of depth 6 (eta 0.1, hist, max_bin 256),"
            + " trained on 200,000 rows; inputs: 4,096 held-out rows (seed 7, 5% missing in 4"
            + " columns), each call taking the next rows, so tree paths vary from call to call\n");
    md.append(
        "- JMH 1.37, sample-time mode, 1 fork, "
            + (quick
                ? "1 x 1 s warm-up, 2 x 1 s measured (quick run)"
                : "5 x 3 s warm-up, 5 x 3 s measured")
            + "; "
            + Runtime.version()
            + "\n");
    md.append(
        String.format(
            Locale.ROOT,
            "- CPUs available to the run: %d (pin it with taskset); cores busy outside the JMH"
                + " driver JVM, the measuring fork included: %.2f on average%n%n",
            Runtime.getRuntime().availableProcessors(),
            window.otherCpuSeconds() / window.wallSeconds()));
    for (String level : List.of("matrix", "records")) {
      md.append("## ")
          .append(level.equals("matrix") ? "Engine on a float32 matrix" : "Records in, outputs out")
          .append(
              "\n\n| rows | Java p50 µs | native p50 µs | native/Java | Java p99 µs | native p99 µs | Java per row µs | native per row µs |\n")
          .append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (int n : new int[] {1, 10, 100, 1000}) {
        double[] j = byKey.get(level + "/java/" + n);
        double[] nat = byKey.get(level + "/native/" + n);
        if (j == null || nat == null) {
          continue;
        }
        md.append(
            String.format(
                Locale.ROOT,
                "| %d | %.2f | %.2f | %.1fx | %.2f | %.2f | %.3f | %.3f |%n",
                n,
                j[0],
                nat[0],
                nat[0] / j[0],
                j[1],
                nat[1],
                j[2] / n,
                nat[2] / n));
      }
      md.append('\n');
    }
    double[] single = byKey.get("matrix/java/1");
    if (single != null) {
      md.append(
          String.format(
              Locale.ROOT,
              "Target (issue 6): single-record p50 at most 5 µs in process: %.2f µs, %s.%n",
              single[0],
              single[0] <= 5 ? "**met**" : "**not met**"));
    }
    System.out.print(md);
    Path out =
        quick || !only.isEmpty()
            ? Path.of("target/scoring/scoring-jmh.md")
            : Path.of("results/scoring-jmh.md");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, md, StandardCharsets.UTF_8);
    System.out.println("written to " + out.toAbsolutePath());
  }
}
