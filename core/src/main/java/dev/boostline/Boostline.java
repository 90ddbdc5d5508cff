package dev.boostline;

import dev.boostline.common.BoostlineException;
import dev.boostline.common.ConflictException;
import dev.boostline.common.LibraryVersion;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.Dataset;
import dev.boostline.data.DatasetStream;
import dev.boostline.data.Schema;
import dev.boostline.data.store.DatasetManifest;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.data.store.DatasetStore;
import dev.boostline.data.store.RegisterOptions;
import dev.boostline.data.store.Registration;
import dev.boostline.eval.Comparison;
import dev.boostline.eval.Decision;
import dev.boostline.eval.Decisions;
import dev.boostline.eval.ModelComparison;
import dev.boostline.eval.PromotionPolicy;
import dev.boostline.eval.Verdict;
import dev.boostline.model.BatchScoring;
import dev.boostline.model.ModelBundle;
import dev.boostline.model.ModelBundles;
import dev.boostline.model.Scorer;
import dev.boostline.registry.AliasMove;
import dev.boostline.registry.ModelRef;
import dev.boostline.registry.ModelRegistry;
import dev.boostline.registry.ModelVersion;
import dev.boostline.registry.local.LocalModelRegistry;
import dev.boostline.report.ComparisonReport;
import dev.boostline.report.ModelCard;
import dev.boostline.tracking.RunRecord;
import dev.boostline.tracking.RunStore;
import dev.boostline.tracking.TrackedTraining;
import dev.boostline.train.TrainOptions;
import dev.boostline.train.TrainingListener;
import dev.boostline.util.internal.fs.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tech.tablesaw.api.Table;

/**
 * The one entry point to a Boostline home: its datasets, runs and models, and every step of the
 * production strategy as a method that returns a typed result and prints nothing.
 *
 * <pre>{@code
 * Boostline home = Boostline.open(Path.of(".boostline"));
 * Registration data = home.registerDataset("adult", Path.of("adult.csv"), CsvOptions.defaults(),
 *     RegisterOptions.defaults());
 * RunRecord run = home.train(TrackedTraining.Request.of(data.manifest().ref(), options),
 *     TrainingListener.NONE).run();
 * ModelVersion v = home.registerModel(run.runId(), "income", Optional.empty());
 * Evaluation e = home.evaluate(EvaluationRequest.builder(v.ref(), testData).build());
 * if (e.promotes()) home.promote(PromotionRequest.builder(v.ref()).build());
 * }</pre>
 *
 * <p>The home is a directory of plain files (see the README); every write is atomic and safe
 * against other processes using the same home. Instances hold no open resources and are
 * thread-safe; the {@link Scorer}s they hand out must be closed by the caller.
 */
public final class Boostline {
  /** The environment variable naming the home directory. */
  public static final String HOME_ENV = "BOOSTLINE_HOME";

  private final Path home;
  private final DatasetStore datasets;
  private final RunStore runs;
  private final ModelRegistry models;
  private final Decisions decisions;

  private Boostline(Path home, ModelRegistry models) {
    this.home = home;
    this.datasets = DatasetStore.open(home);
    this.runs = RunStore.open(home);
    this.models = models;
    this.decisions = Decisions.open(home);
  }

  /**
   * The home at {@code home} with its local model registry. The directory is created by the first
   * write, not here.
   */
  public static Boostline open(Path home) {
    Path dir = home.toAbsolutePath().normalize();
    return new Boostline(dir, LocalModelRegistry.open(dir));
  }

  /**
   * The home at {@code home} with another model registry (one backed by Azure ML, say): datasets,
   * runs and decisions stay in {@code home}, model versions and aliases live in {@code models}.
   */
  public static Boostline open(Path home, ModelRegistry models) {
    return new Boostline(home.toAbsolutePath().normalize(), Objects.requireNonNull(models));
  }

  /** The default home ({@link #home(Optional)} with nothing given), opened. */
  public static Boostline openDefault() {
    return open(home(Optional.empty()));
  }

  /**
   * Where the home is: {@code explicit} when given (the command's {@code --home}), else {@code
   * $BOOSTLINE_HOME} when set and not blank, else {@code ./.boostline}. Absolute and normalized;
   * the directory is not created.
   */
  public static Path home(Optional<Path> explicit) {
    if (explicit.isPresent()) {
      return explicit.get().toAbsolutePath().normalize();
    }
    String env = System.getenv(HOME_ENV);
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath().normalize();
    }
    return Path.of(".boostline").toAbsolutePath().normalize();
  }

  /** This library's version, e.g. {@code 0.1.0}. */
  public static String version() {
    return LibraryVersion.current();
  }

  /** The home directory (absolute). */
  public Path home() {
    return home;
  }

  /** The versioned datasets of this home. */
  public DatasetStore datasets() {
    return datasets;
  }

  /** The training runs of this home. */
  public RunStore runs() {
    return runs;
  }

  /** The model registry (the port: local, or whichever this home was opened with). */
  public ModelRegistry models() {
    return models;
  }

  /** The stored evaluation decisions. */
  public Decisions decisions() {
    return decisions;
  }

  // ---- 1. Datasets ----

  /**
   * Registers a CSV file as the next version of dataset {@code name}, inferring the schema (or
   * returns the existing version when the content is already registered).
   *
   * @throws dev.boostline.data.DataFormatException naming the file, line and column of bad input;
   *     nothing is stored
   */
  public Registration registerDataset(
      String name, Path csv, CsvOptions csvOptions, RegisterOptions options) {
    return datasets.register(name, csv, csvOptions, Optional.empty(), options);
  }

  /** Registers a CSV file typed by an explicit schema (see {@link #registerDataset}). */
  public Registration registerDataset(
      String name, Path csv, CsvOptions csvOptions, Schema schema, RegisterOptions options) {
    return datasets.register(name, csv, csvOptions, Optional.of(schema), options);
  }

  /** Registers a Tablesaw table as the next version of dataset {@code name}. */
  public Registration registerDataset(String name, Table table, RegisterOptions options) {
    return datasets.register(name, table, options);
  }

  // ---- 2-3. Training ----

  /**
   * Trains on a registered dataset version and records the run (search and cross-validation as
   * requested). A failure is recorded as a failed run before the exception reaches the caller.
   *
   * @param listener progress callbacks (called on the training thread); {@link
   *     TrainingListener#NONE} for none
   */
  public TrackedTraining.Outcome train(TrackedTraining.Request request, TrainingListener listener) {
    return TrackedTraining.run(home, request, listener);
  }

  /**
   * Trains and records a run with another engine (Apache Spark: {@code boostline-spark}); search
   * and cross-validation still run on this machine.
   */
  public TrackedTraining.Outcome train(
      TrackedTraining.Request request, TrainingListener listener, TrackedTraining.Engine engine) {
    return TrackedTraining.run(home, request, listener, engine);
  }

  /** Trains on a registered dataset version with these options and records the run. */
  public TrackedTraining.Outcome train(DatasetRef dataset, TrainOptions options) {
    return train(TrackedTraining.Request.of(dataset, options), TrainingListener.NONE);
  }

  // ---- 4. Registry ----

  /**
   * Registers the model of a finished run as the next version of {@code name} (or returns the
   * existing version holding the same model).
   *
   * @param runId a run id or a unique prefix of one
   * @throws BoostlineException when the run did not finish or its dataset version changed
   */
  public ModelVersion registerModel(String runId, String name, Optional<String> description) {
    ModelRef.requireValidName(name);
    ModelBundle bundle = ModelBundles.fromRun(home, runId);
    return models.register(name, bundle, description);
  }

  /**
   * Opens a scorer for a model version, checked against its golden rows. The caller closes it.
   *
   * @throws dev.boostline.model.ModelLoadException when the bundle fails its checks
   */
  public Scorer scorer(ModelRef model) {
    return models.bundle(models.resolve(model).ref()).open();
  }

  // ---- 5. Evaluation and promotion ----

  /**
   * Scores a dataset version with the candidate and the baseline (by default the version behind
   * {@code NAME@production}), measures every metric with bootstrap intervals, judges the result by
   * the policy, stores the decision with the candidate, and writes the report when asked.
   *
   * @throws BoostlineException when the models cannot be compared (different objectives or targets)
   *     or the dataset lacks the target or does not fit the model
   */
  public Evaluation evaluate(EvaluationRequest request) {
    ModelVersion candidate = models.resolve(request.candidate());
    Optional<ModelVersion> baseline;
    String alias;
    if (request.against().isPresent()) {
      ModelRef ref = request.against().get();
      baseline = Optional.of(models.resolve(ref));
      alias = ref.alias().orElse("v" + baseline.get().version());
    } else {
      alias = PromotionRequest.PRODUCTION;
      baseline =
          models.aliases(candidate.name()).containsKey(alias)
              ? Optional.of(models.resolve(ModelRef.alias(candidate.name(), alias)))
              : Optional.empty();
    }
    if (baseline.isPresent()
        && baseline.get().version() == candidate.version()
        && baseline.get().name().equals(candidate.name())) {
      baseline = Optional.empty();
    }
    PromotionPolicy policy = request.policy();
    if (!request.slices().isEmpty()) {
      Set<String> slices = new LinkedHashSet<>(policy.slices());
      slices.addAll(request.slices());
      policy = policy.withSlices(List.copyOf(slices));
    }
    DatasetManifest dm = datasets.manifest(request.dataset());
    Dataset data = datasets.load(dm.ref());
    Comparison c;
    try (Scorer cs = models.bundle(candidate.ref()).open();
        Scorer ps = baseline.isPresent() ? models.bundle(baseline.get().ref()).open() : null) {
      c =
          ModelComparison.run(
              new ModelComparison.Subject(
                  candidate.name(),
                  candidate.version(),
                  baseline.map(ModelVersion::version),
                  alias,
                  dm.ref().toString()),
              cs,
              Optional.ofNullable(ps),
              data,
              policy);
    }
    Decision decision = c.decision();
    decisions.save(decision);
    // Kept beside the decision so the web UI shows it in place (models/<name>/reports/<id>.html).
    ComparisonReport.store(home, c);
    request.report().ifPresent(file -> ComparisonReport.write(c, file));
    return new Evaluation(candidate, baseline, c, decision, request.report());
  }

  /**
   * Points an alias at a version when its latest evaluation decision is PROMOTE against the version
   * the alias points to now (or unconditionally when forced, with a reason), and records the move
   * in the audit log. The move is a compare-and-set against the state the decision was made on: if
   * another process moved the alias in between, nothing changes and a {@link ConflictException}
   * says so.
   *
   * @throws BoostlineException when the decision gate refuses, naming why and what to do
   * @throws ConflictException when the alias moved while this call ran
   */
  public Promotion promote(PromotionRequest request) {
    ModelVersion v = models.resolve(request.model());
    String alias = request.alias();
    Optional<Integer> current = Optional.ofNullable(models.aliases(v.name()).get(alias));
    if (current.equals(Optional.of(v.version()))) {
      return new Promotion(v, alias, current, Optional.empty(), false, false);
    }
    Optional<Decision> decision = decisions.latestFor(v.name(), v.version());
    boolean approved =
        decision.isPresent()
            && decision.get().verdict() == Verdict.PROMOTE
            && decision.get().production().equals(current);
    if (!approved && !request.force()) {
      throw new BoostlineException(
          "not promoting "
              + v.ref()
              + " to "
              + alias
              + ": "
              + refusal(decision, alias, current)
              + ". Evaluate it first (boostline evaluate "
              + v.ref()
              + " --dataset ...), or force it with a reason.");
    }
    String text =
        approved
            ? request.reason().orElse("evaluation " + decision.get().id())
            : "FORCED: " + request.reason().orElseThrow();
    AliasMove move;
    try {
      move =
          models.compareAndSetAlias(
              v.name(),
              alias,
              current,
              v.version(),
              text,
              approved ? decision.map(Decision::id) : Optional.empty());
    } catch (ConflictException e) {
      throw new ConflictException(
          "not promoting "
              + v.ref()
              + ": "
              + e.getMessage()
              + " while the promotion ran; evaluate against the new version and try again",
          e);
    }
    return new Promotion(
        v, alias, move.from(), approved ? decision : Optional.empty(), !approved, true);
  }

  private static String refusal(
      Optional<Decision> decision, String alias, Optional<Integer> current) {
    if (decision.isEmpty()) {
      return "it has not been evaluated";
    }
    Decision d = decision.get();
    if (d.verdict() == Verdict.REJECT) {
      return "its latest evaluation ("
          + d.id()
          + ") rejected it: "
          + String.join("; ", d.failures());
    }
    return "its latest evaluation compared it with version "
        + d.production().map(String::valueOf).orElse("none")
        + ", but "
        + alias
        + " is now "
        + current.map(c -> "version " + c).orElse("unset");
  }

  /**
   * Moves {@code alias} of model {@code name} back to the version it pointed to before its last
   * move (a second rollback undoes the first). Audited.
   *
   * @throws dev.boostline.common.NotFoundException when the alias has no earlier version
   */
  public AliasMove rollback(String name, String alias, String reason) {
    ModelRef.requireValidName(name);
    return models.rollback(name, alias, reason);
  }

  // ---- Scoring and documentation ----

  /**
   * Scores a CSV or Parquet file (or a folder of parts) with a model version and writes one row of
   * predictions per input row, streaming in bounded memory on every core (see {@link
   * BatchScoring#score}): Parquet when the output name ends in {@code .parquet}, else CSV,
   * atomically.
   */
  public BatchScore score(ScoreRequest request) {
    ModelVersion v = models.resolve(request.model());
    int threads = BatchScoring.defaultThreads();
    ModelBundle bundle = models.bundle(v.ref());
    // The input starts reading while the scorer opens (loads the native library, checks the
    // golden rows and the Java evaluator): the two overlap instead of queueing.
    try (DatasetStream in =
        BatchScoring.open(bundle.manifest(), request.input(), request.csv(), threads)) {
      in.prefetch();
      try (Scorer scorer = bundle.open(request.engine())) {
        long rows =
            BatchScoring.score(
                scorer,
                in,
                request.output(),
                BatchScoring.Format.forFile(request.output()),
                request.explain(),
                threads);
        return new BatchScore(v, rows, request.output().toAbsolutePath());
      }
    }
  }

  /**
   * The Markdown model card of a version: intended use, details, lineage, metrics (with intervals
   * from its latest evaluation), slices, limitations, importance.
   *
   * @param intendedUse overrides the version's description as the intended use
   */
  public String modelCard(ModelRef model, Optional<String> intendedUse) {
    ModelVersion v = models.resolve(model);
    return ModelCard.markdown(
        v,
        models.bundle(v.ref()).manifest(),
        intendedUse.or(v::description),
        decisions.latestFor(v.name(), v.version()));
  }

  /** Writes {@link #modelCard} to {@code file} (replaced atomically). */
  public Path writeModelCard(ModelRef model, Optional<String> intendedUse, Path file) {
    Path out = file.toAbsolutePath();
    AtomicFiles.write(out, modelCard(model, intendedUse).getBytes(StandardCharsets.UTF_8));
    return out;
  }

  /** A run's record; a unique prefix of its id is enough. */
  public RunRecord run(String runIdOrPrefix) {
    return runs.get(runIdOrPrefix);
  }
}
