package dev.boostline.cli;

import dev.boostline.data.store.DatasetRef;
import dev.boostline.features.FeatureSpec;
import dev.boostline.task.Objective;
import dev.boostline.tracking.RunRecord;
import dev.boostline.tracking.TrackedTraining;
import dev.boostline.train.SearchSpace;
import dev.boostline.train.TrainOptions;
import dev.boostline.train.ValidationSplit;
import dev.boostline.train.XgbParams;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code boostline train}: train on a registered dataset and record the run. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train an XGBoost model on a registered dataset version and record the run (parameters,"
          + " per-round metrics, importance, environment, the model and its fitted features).",
      "Prints the run id and the metrics. The objective is inferred from the target when not"
          + " given: two classes binary, more multiclass, numbers regression."
    })
final class TrainCommand implements Runnable {
  @Spec CommandSpec spec;

  @Option(
      names = "--dataset",
      required = true,
      paramLabel = "NAME[@V]",
      description = "Dataset version (default: latest).")
  String dataset;

  @Option(
      names = "--target",
      paramLabel = "COL",
      description = "Column to predict (or the spec's target).")
  String target;

  @Option(names = "--spec", paramLabel = "FILE", description = "Feature spec, YAML or JSON.")
  Path specFile;

  @Option(
      names = "--param",
      paramLabel = "K=V",
      description = "An XGBoost parameter (repeatable), e.g. max_depth=4.")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(
      names = "--objective",
      paramLabel = "O",
      description =
          "binary:logistic, multi:softprob, reg:squarederror, reg:absoluteerror, reg:tweedie, count:poisson.")
  String objective;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      description = "Maximum boosting rounds (default 100).")
  Integer rounds;

  @ArgGroup(exclusive = true)
  SplitOptions split;

  static final class SplitOptions {
    @Option(
        names = "--valid-fraction",
        paramLabel = "F",
        description =
            "Random validation share (default 0.2; stratified for classification; 0 for none).")
    Double validFraction;

    @ArgGroup(exclusive = false)
    TimeSplit time;

    @Option(
        names = "--group-by",
        paramLabel = "COL",
        description = "Keep rows sharing COL together; 20% of keys validate.")
    String groupBy;
  }

  static final class TimeSplit {
    @Option(
        names = "--split-by",
        required = true,
        paramLabel = "COL",
        description = "Time split on a datetime or numeric column...")
    String column;

    @Option(
        names = "--valid-from",
        required = true,
        paramLabel = "V",
        description = "...rows with COL >= V validate.")
    String validFrom;
  }

  @Option(
      names = "--early-stopping",
      paramLabel = "N",
      description = "Stop after N rounds without validation improvement.")
  int earlyStopping;

  @Option(
      names = "--cv",
      paramLabel = "K",
      description = "Also run K-fold cross-validation (stratified for classification).")
  int cv;

  @Option(
      names = "--search",
      paramLabel = "N",
      description = "Random search with N trials first; the best parameters train the model.")
  int search;

  @Option(
      names = "--search-param",
      paramLabel = "K=RANGE",
      description =
          "Search range (repeatable; replaces the default space): lo:hi, log:lo:hi, int:lo:hi or a|b.")
  Map<String, String> searchParams = new LinkedHashMap<>();

  @Option(
      names = "--halving",
      description = "Successive halving in the search (needs >= 4 trials).")
  boolean halving;

  @Option(
      names = "--engine",
      paramLabel = "E",
      description =
          "local (default: this JVM) or spark (Apache Spark: bin/boostline runs the spark module"
              + " for it, with --master URL, --workers N, --threads N, --data-path P).")
  String engine = "local";

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (--engine spark).")
  String master;

  @Option(names = "--workers", paramLabel = "N", description = "XGBoost workers on Spark.")
  Integer workers;

  @Option(names = "--threads", paramLabel = "N", description = "Threads per Spark worker.")
  Integer threads;

  @Option(
      names = "--data-path",
      paramLabel = "P",
      description = "Where Spark reads the version's Parquet data.")
  String dataPath;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Seed of the split, the search and XGBoost (default 0).")
  Long seed;

  @Override
  public void run() {
    Context ctx = new Context(spec);
    if (!engine.equals("local")) {
      if (!engine.equals("spark")) {
        throw new IllegalArgumentException(
            "--engine must be local or spark, got \"" + engine + "\"");
      }
      // The CLI jar does not carry Spark; the launcher switches to the spark module before this
      // command runs, so reaching here means the jar was started directly.
      throw new dev.boostline.common.BoostlineException(
          "--engine spark runs on the spark module, which the boostline jar does not carry: run"
              + " it through bin/boostline (it builds the module and puts it on the class path)"
              + " or with spark-submit (see spark/README.md)");
    }
    if (master != null || workers != null || threads != null || dataPath != null) {
      throw new IllegalArgumentException(
          "--master, --workers, --threads and --data-path go with --engine spark");
    }
    FeatureSpec featureSpec =
        specFile == null ? FeatureSpec.builder().build() : FeatureSpec.read(specFile);
    if (target != null) {
      if (featureSpec.target().isPresent() && !featureSpec.target().get().equals(target)) {
        throw new IllegalArgumentException(
            "--target " + target + " differs from the spec's target " + featureSpec.target().get());
      }
      featureSpec = featureSpec.toBuilder().target(target).build();
    }
    if (featureSpec.target().isEmpty()) {
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
    ValidationSplit validation = ValidationSplit.random(0.2);
    if (split != null) {
      if (split.validFraction != null) {
        validation =
            split.validFraction == 0
                ? ValidationSplit.none()
                : ValidationSplit.random(split.validFraction);
      } else if (split.time != null) {
        validation = ValidationSplit.byTime(split.time.column, split.time.validFrom);
      } else if (split.groupBy != null) {
        validation = ValidationSplit.groupBy(split.groupBy, 0.2);
      }
    }
    TrainOptions options =
        TrainOptions.builder(featureSpec)
            .params(p.build())
            .validation(validation)
            .earlyStoppingRounds(earlyStopping)
            .build();
    SearchSpace space = SearchSpace.defaults();
    if (!searchParams.isEmpty()) {
      Map<String, SearchSpace.Range> ranges = new LinkedHashMap<>();
      searchParams.forEach((k, v) -> ranges.put(k, SearchSpace.Range.parse(v)));
      space = new SearchSpace(ranges);
    }
    Progress progress = Progress.forTerminal(spec.commandLine().getErr());
    TrackedTraining.Outcome outcome =
        ctx.boostline()
            .train(
                new TrackedTraining.Request(
                    DatasetRef.parse(dataset),
                    options,
                    cv,
                    search,
                    space,
                    seed == null ? 0 : seed,
                    halving),
                progress);
    progress.clear();
    RunRecord run = outcome.run();
    ctx.print(run, RunsCommand.summary(run));
  }
}
