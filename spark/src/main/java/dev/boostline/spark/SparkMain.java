package dev.boostline.spark;

import dev.boostline.common.BoostlineException;
import dev.boostline.common.JsonForm;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.features.FeatureSpec;
import dev.boostline.task.Objective;
import dev.boostline.tracking.RunRecord;
import dev.boostline.tracking.TrackedTraining;
import dev.boostline.train.TrainOptions;
import dev.boostline.train.TrainingListener;
import dev.boostline.train.ValidationSplit;
import dev.boostline.train.XgbParams;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code boostline train --engine spark ...} and the {@code spark-submit} entry point: trains on a
 * Spark master and records the run in the home, exactly like {@code boostline train} does on one
 * machine. {@code boostline pipeline run|validate FILE} for a pipeline with {@code engine: spark}
 * comes here too (see {@link SparkPipelineCommand}). Exit codes as the command's: 0 success, 1
 * failure (recorded as a failed run when the run had started), 2 usage error.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train on Apache Spark (xgboost4j-spark) and record the run in the home.")
public final class SparkMain implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec command;

  @Option(names = "--home", paramLabel = "DIR", description = "Boostline home.")
  Path home;

  @Option(names = "--json", description = "Print the run record as JSON.")
  boolean json;

  @Option(names = "--engine", paramLabel = "E", description = "spark (the only engine here).")
  String engine = "spark";

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master: spark://host:7077, yarn, local[N] (default local[*]).")
  String master;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "XGBoost workers (at most the cluster's cores; default 2).")
  int workers = 2;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "XGBoost threads per worker (default 1).")
  int threads = 1;

  @Option(
      names = "--data-path",
      paramLabel = "PATH",
      description = "Read the version's Parquet data here instead (hdfs://, s3a://, file:...).")
  String dataPath;

  @Option(names = "--dataset", required = true, paramLabel = "NAME[@V]")
  String dataset;

  @Option(names = "--target", paramLabel = "COL")
  String target;

  @Option(names = "--spec", paramLabel = "FILE")
  Path specFile;

  @Option(names = "--param", paramLabel = "K=V")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(names = "--objective", paramLabel = "O")
  String objective;

  @Option(names = "--rounds", paramLabel = "N")
  Integer rounds;

  @Option(names = "--valid-fraction", paramLabel = "F")
  Double validFraction;

  @Option(names = "--early-stopping", paramLabel = "N")
  int earlyStopping;

  @Option(names = "--seed", paramLabel = "S")
  Long seed;

  @Override
  public Integer call() {
    if (!engine.equals("spark")) {
      throw new IllegalArgumentException("this entry point trains with --engine spark only");
    }
    Path h =
        home != null
            ? home
            : Path.of(Optional.ofNullable(System.getenv("BOOSTLINE_HOME")).orElse(".boostline"));
    FeatureSpec spec =
        specFile == null ? FeatureSpec.builder().build() : FeatureSpec.read(specFile);
    if (target != null) {
      spec = spec.toBuilder().target(target).build();
    }
    if (spec.target().isEmpty()) {
      throw new IllegalArgumentException("a target is required: --target COL or a spec with one");
    }
    XgbParams.Builder p = XgbParams.builder();
    params.forEach(p::set);
    if (objective != null) {
      p.objective(Objective.parse(objective));
    }
    if (rounds != null) {
      p.rounds(rounds);
    }
    if (seed != null) {
      p.seed(seed);
    }
    double fraction = validFraction == null ? 0.2 : validFraction;
    TrainOptions options =
        TrainOptions.builder(spec)
            .params(p.build())
            .validation(fraction == 0 ? ValidationSplit.none() : ValidationSplit.random(fraction))
            .earlyStoppingRounds(earlyStopping)
            .build();
    String url = master != null ? master : System.getProperty("spark.master", "local[*]");
    SparkSession spark = Sessions.connect(url, "boostline train " + dataset);
    try {
      TrainingListener progress =
          new TrainingListener() {
            @Override
            public void onInfo(String message) {
              command.commandLine().getErr().println("boostline: " + message);
            }
          };
      TrackedTraining.Outcome o =
          TrackedTraining.run(
              h,
              TrackedTraining.Request.of(DatasetRef.parse(dataset), options),
              progress,
              new SparkTrainer(
                  spark,
                  h,
                  new SparkTrainer.Settings(workers, threads, Optional.ofNullable(dataPath))));
      RunRecord run = o.run();
      if (json) {
        command.commandLine().getOut().println(JsonForm.pretty(run));
      } else {
        command
            .commandLine()
            .getOut()
            .println(
                "run "
                    + run.runId()
                    + " finished on "
                    + url
                    + ": "
                    + run.objective().orElse("")
                    + ", best iteration "
                    + run.bestIteration().orElse(-1)
                    + " of "
                    + run.roundsTrained().orElse(0)
                    + "\n  train "
                    + run.metrics().getOrDefault("train", Map.of())
                    + "\n  valid "
                    + run.metrics().getOrDefault("valid", Map.of()));
      }
      return 0;
    } finally {
      spark.stop();
    }
  }

  /** Runs the command; see the class doc for exit codes. */
  public static void main(String[] args) {
    System.exit(
        execute(
            new java.io.PrintWriter(System.out, true),
            new java.io.PrintWriter(System.err, true),
            args));
  }

  /**
   * Runs {@code train ...} or {@code pipeline run|validate ...} as {@link #main} does, printing to
   * {@code out} and {@code err}, and returns the exit code.
   */
  static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    // The command name ("train" or "pipeline") comes from the boostline command line
    // (bin/boostline passes its arguments as they are, global options such as --home possibly
    // before it).
    java.util.List<String> rest = new java.util.ArrayList<>(java.util.List.of(args));
    boolean pipeline = rest.remove("pipeline");
    if (!pipeline) {
      rest.remove("train");
    }
    CommandLine cmd = new CommandLine(pipeline ? new SparkPipelineCommand() : new SparkMain());
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          if (e instanceof IllegalArgumentException) {
            c.getErr().println("boostline: " + e.getMessage());
            return 2;
          }
          c.getErr()
              .println(
                  "boostline: "
                      + (e instanceof BoostlineException ? "" : "unexpected error: ")
                      + e.getMessage());
          if (System.getenv("BOOSTLINE_DEBUG") != null) {
            e.printStackTrace(c.getErr());
          }
          return 1;
        });
    return cmd.execute(rest.toArray(String[]::new));
  }
}
