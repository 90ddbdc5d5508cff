package dev.boostline.pipeline;

import dev.boostline.Boostline;
import dev.boostline.Evaluation;
import dev.boostline.EvaluationRequest;
import dev.boostline.Promotion;
import dev.boostline.PromotionRequest;
import dev.boostline.common.BoostlineException;
import dev.boostline.common.ConflictException;
import dev.boostline.common.NotFoundException;
import dev.boostline.data.ColumnType;
import dev.boostline.data.Dataset;
import dev.boostline.data.DatasetSplit;
import dev.boostline.data.SplitFractions;
import dev.boostline.data.Splits;
import dev.boostline.data.store.DatasetManifest;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.data.store.RegisterOptions;
import dev.boostline.data.store.Registration;
import dev.boostline.eval.Verdict;
import dev.boostline.registry.ModelVersion;
import dev.boostline.tracking.RunRecord;
import dev.boostline.tracking.RunStatus;
import dev.boostline.tracking.TrackedTraining;
import dev.boostline.train.TrainOptions;
import dev.boostline.train.TrainingListener;
import dev.boostline.util.internal.Hashing;
import dev.boostline.util.internal.fs.FileLock;
import dev.boostline.util.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import tech.tablesaw.api.Table;

/**
 * The production strategy as one run: register the data, train (tracked), register the model,
 * evaluate it against production, promote it or not. Read a pipeline file with {@link #read(Path)},
 * then {@link #run(Boostline)}:
 *
 * <pre>{@code
 * PipelineRun run = Pipeline.read(Path.of("income.pipeline.yaml")).run(Boostline.open(home));
 * }</pre>
 *
 * <p>Every run is recorded in the home ({@link PipelineRuns}). A run after a failure reuses what is
 * done: the same data registers as the same dataset version, and the same inputs (data content,
 * feature spec, parameters, split, seed) reuse the earlier finished training run instead of
 * training again (unless {@link Options#retrain}). Evaluation and promotion of a model hold a lock
 * per model name across processes, and promotion is a compare-and-set against the production
 * version the evaluation compared with: if production moved in between, the candidate is evaluated
 * again against the new version, once, before giving up.
 *
 * <p>Immutable; a pipeline may run from several threads or processes at once.
 */
public final class Pipeline {
  /** Step names, in order. */
  public static final String REGISTER_DATA = "register-data";

  public static final String REGISTER_EVALUATION = "register-evaluation";
  public static final String TRAIN = "train";
  public static final String REGISTER_MODEL = "register-model";
  public static final String EVALUATE = "evaluate";
  public static final String PROMOTE = "promote";
  public static final String PUSH = "push";

  private final PipelineSpec spec;
  private final String sha256;

  private Pipeline(PipelineSpec spec, String sha256) {
    this.spec = spec;
    this.sha256 = sha256;
  }

  /**
   * Reads and checks a pipeline file (see {@link PipelineSpec} for the format).
   *
   * @throws PipelineFileException naming the file, line and key of the first problem
   */
  public static Pipeline read(Path file) {
    PipelineSpec spec = PipelineSpec.read(file);
    return new Pipeline(spec, Hashing.sha256(spec.file()));
  }

  /** A pipeline from a spec built in code (its file is only recorded, not read). */
  public static Pipeline of(PipelineSpec spec) {
    return new Pipeline(
        spec,
        Hashing.sha256(Json.toString(spec.file().toString()).getBytes(StandardCharsets.UTF_8)));
  }

  /** What the file says. */
  public PipelineSpec spec() {
    return spec;
  }

  /** The pipeline's name. */
  public String name() {
    return spec.name();
  }

  /** SHA-256 of the pipeline file as read. */
  public String sha256() {
    return sha256;
  }

  /**
   * How to run.
   *
   * @param trigger what started the run (recorded)
   * @param data a file to register instead of the one the pipeline names (a trigger's new file)
   * @param retrain train again even when an earlier run had the same inputs
   * @param listener progress callbacks
   */
  public record Options(
      PipelineRun.Trigger trigger,
      Optional<Path> data,
      boolean retrain,
      PipelineListener listener) {
    public Options {
      Objects.requireNonNull(trigger, "trigger");
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(listener, "listener");
    }

    /** A manual run that reuses earlier results, with no listener. */
    public static Options defaults() {
      return new Options(
          PipelineRun.Trigger.manual(), Optional.empty(), false, PipelineListener.NONE);
    }

    /** The same options with another listener. */
    public Options withListener(PipelineListener value) {
      return new Options(trigger, data, retrain, value);
    }
  }

  /** Runs the pipeline once, manually (see {@link #run(Boostline, Options)}). */
  public PipelineRun run(Boostline home) {
    return run(home, Options.defaults());
  }

  /**
   * Runs every step and records the run.
   *
   * @return the run as recorded: SUCCEEDED, whether the candidate was promoted or rejected (see its
   *     {@code evaluate} and {@code promote} steps)
   * @throws PipelineException when a step fails; the run is recorded as FAILED with the error
   */
  public PipelineRun run(Boostline home, Options options) {
    PipelineRuns runs = PipelineRuns.open(home.home());
    runs.recordInterrupted(spec.name());
    Recorder rec = new Recorder(runs, newRun(options.trigger()), options.listener());
    try (FileLock alive = runs.hold(rec.run)) {
      runs.write(rec.run);
      Thread hook = new Thread(() -> rec.interrupted("stopped by a signal"), "pipeline-interrupt");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        execute(home, options, rec);
        return rec.finish(PipelineRun.Status.SUCCEEDED, Optional.empty());
      } catch (RuntimeException e) {
        String step = rec.current == null ? "pipeline" : rec.current;
        rec.fail(e);
        PipelineRun failed = rec.finish(PipelineRun.Status.FAILED, Optional.of(message(e)));
        throw new PipelineException(
            "pipeline " + spec.name() + " failed at " + step + ": " + message(e), failed, e);
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running or ran: the record says interrupted
        }
      }
    }
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  private PipelineRun newRun(PipelineRun.Trigger trigger) {
    byte[] b = new byte[3];
    ThreadLocalRandom.current().nextBytes(b);
    String id =
        "p-"
            + LocalDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
            + "-"
            + HexFormat.of().formatHex(b);
    return new PipelineRun(
        PipelineRun.FORMAT_VERSION,
        id,
        spec.name(),
        spec.file().toString(),
        sha256,
        trigger,
        Instant.now().truncatedTo(ChronoUnit.MILLIS),
        Optional.empty(),
        PipelineRun.Status.RUNNING,
        List.of(),
        Optional.empty(),
        ProcessHandle.current().pid());
  }

  // ---- The steps ----

  private void execute(Boostline home, Options options, Recorder rec) {
    PipelineSpec.DataSource source =
        options.data().map(f -> spec.data().withFile(f)).orElse(spec.data());

    rec.start(REGISTER_DATA);
    DatasetManifest data = registerData(home, source, rec);
    DatasetRef trainRef = data.ref();
    DatasetRef evalRef;
    if (spec.evaluation().holdout().isPresent()) {
      DatasetRef[] parts = holdout(home, data, spec.evaluation().holdout().get(), rec);
      trainRef = parts[0];
      evalRef = parts[1];
      rec.done("registered " + data.ref() + "; held out " + evalRef + ", training on " + trainRef);
    } else {
      rec.done(
          (rec.outputs.get("created").equals("true") ? "registered " : "already registered ")
              + data.ref()
              + " ("
              + data.rows()
              + " rows)");
      rec.start(REGISTER_EVALUATION);
      evalRef = registerEvaluation(home, rec);
    }

    rec.start(TRAIN);
    String runId = train(home, trainRef, options, rec);

    rec.start(REGISTER_MODEL);
    int before = home.models().versions(spec.model().name()).size();
    ModelVersion candidate =
        home.registerModel(runId, spec.model().name(), spec.model().description());
    boolean created = home.models().versions(spec.model().name()).size() > before;
    rec.outputs.put("model", candidate.ref().toString());
    rec.outputs.put("version", Integer.toString(candidate.version()));
    rec.outputs.put("created", Boolean.toString(created));
    if (created) {
      rec.done("registered " + candidate.ref());
    } else {
      rec.reused(candidate.ref() + " already holds this model");
    }

    try (FileLock modelLock =
        FileLock.acquire(
            home.home().resolve("pipelines/.locks/model-" + spec.model().name() + ".lock"))) {
      rec.start(EVALUATE);
      Evaluation evaluation = evaluate(home, candidate, evalRef, rec);
      rec.start(PROMOTE);
      promote(home, candidate, evalRef, evaluation, rec);
    }
    if (spec.push().isPresent()) {
      rec.start(PUSH);
      push(home, candidate, spec.push().get(), rec);
    }
  }

  /** Publishes the candidate when it is production (promoted now, or by an earlier run). */
  private void push(Boostline home, ModelVersion candidate, PipelineSpec.Push push, Recorder rec) {
    Integer production = home.models().aliases(candidate.name()).get(PromotionRequest.PRODUCTION);
    if (production == null || production != candidate.version()) {
      rec.skipped(candidate.ref() + " is not production; nothing published");
      return;
    }
    Map<String, String> out = push.publisher().publish(home, candidate, rec.listener);
    rec.outputs.putAll(out);
    rec.done("published " + candidate.ref() + " to " + push.publisher().describe());
  }

  private DatasetManifest registerData(
      Boostline home, PipelineSpec.DataSource source, Recorder rec) {
    DatasetManifest m;
    if (source.file().isPresent()) {
      Registration r =
          home.registerDataset(
              source.dataset(),
              source.file().get(),
              source.csv(),
              RegisterOptions.builder()
                  .note("pipeline " + spec.name() + ", " + rec.run.trigger())
                  .tag("pipeline", spec.name())
                  .build());
      m = r.manifest();
      rec.outputs.put("created", Boolean.toString(r.created()));
      rec.outputs.put("source", source.file().get().toString());
    } else {
      DatasetRef ref =
          source
              .version()
              .map(v -> DatasetRef.of(source.dataset(), v))
              .orElse(DatasetRef.latest(source.dataset()));
      try {
        m = home.datasets().manifest(ref);
      } catch (NotFoundException e) {
        throw new BoostlineException(
            "the pipeline trains on dataset "
                + ref
                + ", which is not registered in "
                + home.home()
                + ": register it (boostline dataset add) or give data.file",
            e);
      }
      rec.outputs.put("created", "false");
    }
    rec.outputs.put("dataset", m.ref().toString());
    rec.outputs.put("contentSha256", m.contentSha256());
    rec.outputs.put("rows", Long.toString(m.rows()));
    return m;
  }

  /** Splits a data version into {@code <name>-train} and {@code <name>-holdout} versions. */
  private DatasetRef[] holdout(Boostline home, DatasetManifest data, double share, Recorder rec) {
    Dataset d = home.datasets().load(data.ref());
    String target = spec.training().options().spec().target().orElseThrow();
    if (d.schema().find(target).isEmpty()) {
      throw new BoostlineException(
          "dataset "
              + data.ref()
              + " has no target column \""
              + target
              + "\" (columns: "
              + d.schema().names()
              + ")");
    }
    ColumnType type = d.schema().find(target).get().type();
    long seed = spec.training().seed();
    DatasetSplit split =
        type == ColumnType.DOUBLE || type == ColumnType.INTEGER && distinct(d, target) > 20
            ? Splits.random(d.rowCount(), SplitFractions.test(share), seed)
            : Splits.stratified(d, target, SplitFractions.test(share), seed);
    String note = "pipeline " + spec.name() + ": " + data.ref() + ", seed " + seed;
    Registration train =
        home.registerDataset(
            data.name() + "-train",
            rows(d, split.train()).table(),
            RegisterOptions.builder()
                .note(note + ", training rows")
                .tag("from", data.ref().toString())
                .build());
    Registration held =
        home.registerDataset(
            data.name() + "-holdout",
            rows(d, split.test()).table(),
            RegisterOptions.builder()
                .note(note + ", " + Math.round(share * 100) + "% held out")
                .tag("from", data.ref().toString())
                .build());
    rec.outputs.put("train", train.manifest().ref().toString());
    rec.outputs.put("holdout", held.manifest().ref().toString());
    return new DatasetRef[] {train.manifest().ref(), held.manifest().ref()};
  }

  private static long distinct(Dataset d, String column) {
    return d.table().column(column).unique().size();
  }

  private static Dataset rows(Dataset d, int[] rows) {
    Table t = d.table().rows(rows);
    return Dataset.of(d.schema(), t);
  }

  private DatasetRef registerEvaluation(Boostline home, Recorder rec) {
    PipelineSpec.EvaluationData e = spec.evaluation();
    String name = e.dataset().orElseThrow();
    if (e.file().isPresent()) {
      Registration r =
          home.registerDataset(
              name,
              e.file().get(),
              e.csv(),
              RegisterOptions.builder().note("pipeline " + spec.name() + ", evaluation").build());
      rec.outputs.put("dataset", r.manifest().ref().toString());
      rec.outputs.put("created", Boolean.toString(r.created()));
      if (r.created()) {
        rec.done("registered " + r.manifest().ref() + " (" + r.manifest().rows() + " rows)");
      } else {
        rec.reused("already registered " + r.manifest().ref());
      }
      return r.manifest().ref();
    }
    DatasetManifest m;
    try {
      m = home.datasets().manifest(DatasetRef.latest(name));
    } catch (NotFoundException ex) {
      throw new BoostlineException(
          "the pipeline evaluates on dataset "
              + name
              + ", which is not registered in "
              + home.home()
              + ": register it or give evaluation.file",
          ex);
    }
    rec.outputs.put("dataset", m.ref().toString());
    rec.reused("evaluating on " + m.ref() + " (" + m.rows() + " rows)");
    return m.ref();
  }

  private String train(Boostline home, DatasetRef data, Options options, Recorder rec) {
    DatasetManifest m = home.datasets().manifest(data);
    String fingerprint = fingerprint(m);
    rec.outputs.put("fingerprint", fingerprint);
    if (!options.retrain()) {
      Optional<String> earlier = earlierRun(home, fingerprint, m);
      if (earlier.isPresent()) {
        rec.outputs.put("runId", earlier.get());
        rec.reused("run " + earlier.get() + " trained on the same inputs");
        return earlier.get();
      }
    }
    PipelineSpec.Training t = spec.training();
    TrainOptions trainOptions = t.options();
    TrackedTraining.Request request =
        new TrackedTraining.Request(
            data, trainOptions, t.cvFolds(), t.searchTrials(), t.space(), t.seed(), t.halving());
    TrainingListener progress =
        new TrainingListener() {
          private long last;

          @Override
          public void onIteration(int iteration, int rounds, Map<String, Double> metrics) {
            long now = System.nanoTime();
            if (now - last > 1_000_000_000L || iteration + 1 == rounds) {
              last = now;
              StringBuilder sb = new StringBuilder();
              sb.append("round ").append(iteration + 1).append('/').append(rounds);
              metrics.forEach(
                  (k, v) ->
                      sb.append(' ').append(k).append(String.format(Locale.ROOT, " %.5f", v)));
              rec.listener.onProgress(TRAIN, sb.toString());
            }
          }

          @Override
          public void onInfo(String message) {
            rec.listener.onProgress(TRAIN, message);
          }
        };
    RunRecord run = home.train(request, progress).run();
    rec.outputs.put("runId", run.runId());
    run.bestIteration().ifPresent(b -> rec.outputs.put("bestIteration", Integer.toString(b)));
    Map<String, Double> valid = run.metrics().getOrDefault("valid", Map.of());
    valid.forEach((k, v) -> rec.outputs.put("valid." + k, String.format(Locale.ROOT, "%.6g", v)));
    rec.done(
        "run "
            + run.runId()
            + run.roundsTrained().map(r -> ", " + r + " rounds").orElse("")
            + run.bestIteration().map(b -> " (best " + (b + 1) + ")").orElse("")
            + (valid.isEmpty() ? "" : ", valid " + rounded(valid)));
    return run.runId();
  }

  private static String rounded(Map<String, Double> metrics) {
    StringBuilder sb = new StringBuilder();
    metrics.forEach(
        (k, v) ->
            sb.append(sb.length() == 0 ? "" : ", ")
                .append(k)
                .append(' ')
                .append(String.format(Locale.ROOT, "%.4f", v)));
    return sb.toString();
  }

  /** The identity of a training: same data content, spec, parameters, split and search. */
  private String fingerprint(DatasetManifest data) {
    PipelineSpec.Training t = spec.training();
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("data", data.contentSha256());
    inputs.put("spec", t.options().spec().sha256());
    inputs.put("params", t.options().params().describe());
    inputs.put("validation", t.options().validation().toString());
    inputs.put("earlyStopping", t.options().earlyStoppingRounds());
    inputs.put("cv", t.cvFolds());
    inputs.put("search", t.searchTrials() + " " + t.space() + " " + t.halving());
    inputs.put("seed", t.seed());
    return Hashing.sha256(Json.toString(inputs).getBytes(StandardCharsets.UTF_8));
  }

  private Optional<String> earlierRun(Boostline home, String fingerprint, DatasetManifest data) {
    for (PipelineRun r : PipelineRuns.open(home.home()).list(spec.name())) {
      Optional<PipelineRun.Step> step = r.step(TRAIN);
      if (step.isEmpty()
          || step.get().status() == PipelineRun.StepStatus.FAILED
          || !fingerprint.equals(step.get().outputs().get("fingerprint"))) {
        continue;
      }
      String runId = step.get().outputs().get("runId");
      if (runId == null) {
        continue;
      }
      try {
        RunRecord run = home.runs().get(runId);
        if (run.status() == RunStatus.FINISHED
            && run.dataset().contentSha256().equals(data.contentSha256())) {
          return Optional.of(runId);
        }
      } catch (NotFoundException gone) {
        // deleted since: train again
      }
    }
    return Optional.empty();
  }

  private Evaluation evaluate(
      Boostline home, ModelVersion candidate, DatasetRef evalRef, Recorder rec) {
    EvaluationRequest.Builder request =
        EvaluationRequest.builder(candidate.ref(), evalRef).policy(spec.policy());
    spec.report().ifPresent(request::report);
    Evaluation e = home.evaluate(request.build());
    rec.outputs.put("decision", e.decision().id());
    rec.outputs.put("verdict", e.verdict().name());
    rec.outputs.put("dataset", evalRef.toString());
    e.baseline().ifPresent(b -> rec.outputs.put("baseline", b.ref().toString()));
    e.report().ifPresent(p -> rec.outputs.put("report", p.toString()));
    String primary = e.comparison().policy().primary(e.comparison().task()).id();
    var ci = e.comparison().candidateMetrics().get(primary);
    if (ci != null) {
      rec.outputs.put("candidate." + primary, String.format(Locale.ROOT, "%.6g", ci.estimate()));
    }
    var pi = e.comparison().productionMetrics().get(primary);
    if (pi != null) {
      rec.outputs.put("production." + primary, String.format(Locale.ROOT, "%.6g", pi.estimate()));
    }
    rec.done(
        e.verdict()
            + ": "
            + candidate.ref()
            + e.baseline().map(b -> " vs " + b.ref()).orElse(" (no production model)")
            + " on "
            + evalRef
            + (ci == null ? "" : String.format(Locale.ROOT, ", %s %.4f", primary, ci.estimate()))
            + (pi == null ? "" : String.format(Locale.ROOT, " vs %.4f", pi.estimate())));
    return e;
  }

  private void promote(
      Boostline home,
      ModelVersion candidate,
      DatasetRef evalRef,
      Evaluation evaluation,
      Recorder rec) {
    if (evaluation.verdict() == Verdict.REJECT) {
      rec.outputs.put("promoted", "false");
      rec.skipped("rejected: " + String.join("; ", evaluation.decision().failures()));
      return;
    }
    if (!spec.promote()) {
      rec.outputs.put("promoted", "false");
      rec.skipped(
          "the policy would promote " + candidate.ref() + ", but the pipeline says promote: false");
      return;
    }
    Integer now = home.models().aliases(candidate.name()).get(PromotionRequest.PRODUCTION);
    if (now != null && now == candidate.version()) {
      rec.outputs.put("promoted", "false");
      rec.skipped(candidate.ref() + " is already production");
      return;
    }
    Evaluation current = evaluation;
    for (int attempt = 0; ; attempt++) {
      Optional<Integer> production =
          Optional.ofNullable(
              home.models().aliases(candidate.name()).get(PromotionRequest.PRODUCTION));
      boolean moved = !current.decision().production().equals(production);
      if (!moved) {
        try {
          Promotion p =
              home.promote(
                  PromotionRequest.builder(candidate.ref())
                      .reason("pipeline " + spec.name() + " run " + rec.run.id())
                      .build());
          rec.outputs.put("promoted", Boolean.toString(p.changed()));
          rec.outputs.put("from", p.from().map(String::valueOf).orElse("none"));
          rec.outputs.put("to", Integer.toString(p.version().version()));
          if (p.changed()) {
            rec.done(
                candidate.name()
                    + "@production: "
                    + p.from().map(v -> "version " + v).orElse("unset")
                    + " -> version "
                    + candidate.version());
          } else {
            rec.skipped(candidate.ref() + " is already production");
          }
          return;
        } catch (ConflictException e) {
          if (attempt > 0) {
            throw e;
          }
        }
      } else if (attempt > 1) {
        throw new ConflictException(
            "production of "
                + candidate.name()
                + " keeps moving while this pipeline evaluates;"
                + " not promoting "
                + candidate.ref());
      }
      // Production moved since the evaluation (another pipeline, a person): judge again.
      rec.listener.onProgress(PROMOTE, "production moved since the evaluation; evaluating again");
      current =
          home.evaluate(
              EvaluationRequest.builder(candidate.ref(), evalRef).policy(spec.policy()).build());
      rec.outputs.put("reevaluated", current.decision().id());
      if (current.verdict() == Verdict.REJECT) {
        rec.outputs.put("promoted", "false");
        rec.skipped(
            "production moved to "
                + current.baseline().map(b -> b.ref().toString()).orElse("none")
                + " and the new evaluation rejects: "
                + String.join("; ", current.decision().failures()));
        return;
      }
    }
  }

  // ---- Recording ----

  /** Keeps the run record current: every step change is written at once. */
  private static final class Recorder {
    private final PipelineRuns runs;
    private final PipelineListener listener;
    private PipelineRun run;
    private final List<PipelineRun.Step> steps = new ArrayList<>();
    private String current;
    private Instant started;
    private long startNanos;
    private Map<String, String> outputs = new LinkedHashMap<>();
    private boolean finished;

    Recorder(PipelineRuns runs, PipelineRun run, PipelineListener listener) {
      this.runs = runs;
      this.run = run;
      this.listener = listener;
    }

    void start(String step) {
      current = step;
      started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      startNanos = System.nanoTime();
      outputs = new LinkedHashMap<>();
      listener.onStepStarted(step);
    }

    void done(String message) {
      end(PipelineRun.StepStatus.DONE, message);
    }

    void reused(String message) {
      end(PipelineRun.StepStatus.REUSED, message);
    }

    void skipped(String message) {
      end(PipelineRun.StepStatus.SKIPPED, message);
    }

    void fail(Throwable e) {
      if (current != null) {
        end(PipelineRun.StepStatus.FAILED, message(e));
      }
    }

    private synchronized void end(PipelineRun.StepStatus status, String message) {
      PipelineRun.Step step =
          new PipelineRun.Step(
              current,
              status,
              started,
              (System.nanoTime() - startNanos) / 1_000_000,
              outputs,
              message);
      steps.add(step);
      current = null;
      run = with(run.status(), Optional.empty(), run.error());
      runs.write(run);
      listener.onStepFinished(step);
    }

    synchronized PipelineRun finish(PipelineRun.Status status, Optional<String> error) {
      finished = true;
      run = with(status, Optional.of(Instant.now().truncatedTo(ChronoUnit.MILLIS)), error);
      runs.write(run);
      return run;
    }

    /** From the shutdown hook: the process is stopping while the run is not finished. */
    synchronized void interrupted(String why) {
      if (!finished) {
        finished = true;
        run =
            with(
                PipelineRun.Status.INTERRUPTED,
                Optional.of(Instant.now().truncatedTo(ChronoUnit.MILLIS)),
                Optional.of(why + (current == null ? "" : " during " + current)));
        runs.write(run);
      }
    }

    private PipelineRun with(
        PipelineRun.Status status, Optional<Instant> ended, Optional<String> error) {
      return new PipelineRun(
          run.formatVersion(),
          run.id(),
          run.pipeline(),
          run.file(),
          run.fileSha256(),
          run.trigger(),
          run.startedAt(),
          ended,
          status,
          steps,
          error,
          run.pid());
    }
  }
}
