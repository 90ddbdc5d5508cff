package dev.boostline.pipeline;

import dev.boostline.data.CsvOptions;
import dev.boostline.eval.PromotionPolicy;
import dev.boostline.features.FeatureSpec;
import dev.boostline.pipeline.internal.YamlNode;
import dev.boostline.registry.ModelRef;
import dev.boostline.tracking.EngineFactory;
import dev.boostline.tracking.TrackedTraining;
import dev.boostline.train.SearchSpace;
import dev.boostline.train.TrainOptions;
import dev.boostline.train.ValidationSplit;
import dev.boostline.train.XgbParams;
import dev.boostline.util.internal.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a pipeline file says, checked and typed: where the data comes from, what the candidate is
 * compared on, how to train, what to call the model, and the promotion policy. Read with {@link
 * #read(Path)}; immutable. Relative paths in the file are resolved against the file's directory.
 *
 * <pre>
 * version: 1                       # the format; required
 * name: income                     # optional, defaults to model.name
 * data:
 *   dataset: adult                 # the dataset the training data is registered under; required
 *   file: data/adult_train.csv     # register this CSV file first (optional; else the latest
 *                                  #   version, or `version: N`)
 *   csv: {separator: ",", quote: "\"", nullTokens: [NA, ""]}    # optional
 * evaluation:                      # what candidate and production are compared on; one of:
 *   dataset: adult-test            #   a registered dataset (latest version),
 *   file: data/adult_test.csv      #   registered from this file first (with dataset: its name),
 *   holdout: 0.2                   #   or a seeded, stratified share of the data held out
 * split: {validFraction: 0.2}      # validation for early stopping: validFraction, or
 *                                  #   {timeColumn, validFrom}, or {groupBy, validFraction}
 * features: {target: income}       # an inline feature spec, or featuresFile: spec.yaml
 * training:
 *   rounds: 1000
 *   earlyStopping: 50
 *   seed: 7
 *   objective: binary:logistic     # optional, inferred from the target otherwise
 *   params: {eta: 0.1, max_depth: 6}
 *   cv: 5                          # optional k-fold cross-validation
 *   search: {trials: 20, halving: false, space: {eta: "log:0.01:0.3"}}   # optional
 *   engine: {name: spark, master: "local[2]", workers: 2}   # optional (boostline-spark)
 * model: {name: income, description: "Pre-screens applications"}
 * policy: {minImprovement: 0.001}  # an inline promotion policy, or policyFile: policy.yaml
 * promote: true                    # promote on a PROMOTE decision (default true)
 * report: reports/income.html      # optional HTML evaluation report
 * push:                            # optional: publish the production model (boostline-azure)
 *   to: azure                      # a PublisherFactory on the class path
 *   when: promoted                 # promoted (default: when the candidate is production) or never
 *   subscription: ...              # the publisher's own settings
 * </pre>
 *
 * @param file the pipeline file (absolute)
 * @param name the pipeline's name (its runs are stored under it)
 * @param data the training data
 * @param evaluation what the candidate is judged on
 * @param training how the model is trained
 * @param model the registered model's name and description
 * @param policy the promotion policy
 * @param promote whether a PROMOTE decision moves {@code production}
 * @param report where the HTML report goes, if anywhere
 * @param push where the production model is published after promotion, if anywhere
 */
public record PipelineSpec(
    Path file,
    String name,
    DataSource data,
    EvaluationData evaluation,
    Training training,
    ModelTarget model,
    PromotionPolicy policy,
    boolean promote,
    Optional<Path> report,
    Optional<Push> push) {
  /** The pipeline file format this library reads and writes. */
  public static final int FORMAT_VERSION = 1;

  public PipelineSpec {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(evaluation, "evaluation");
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(push, "push");
  }

  /**
   * The push step.
   *
   * @param to the publisher's name ({@code azure})
   * @param publisher configured from the file's settings
   */
  public record Push(String to, Publisher publisher) {
    public Push {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(publisher, "publisher");
    }
  }

  /**
   * Where the training data comes from.
   *
   * @param dataset the dataset name the data is registered under
   * @param file a CSV file (or a folder of CSV parts) to register as its next version first
   * @param version a fixed registered version to train on (without a file); latest when absent
   * @param csv how the file is read
   */
  public record DataSource(
      String dataset, Optional<Path> file, Optional<Integer> version, CsvOptions csv) {
    public DataSource {
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(csv, "csv");
    }

    /** The same source reading {@code other} instead (a file a trigger saw land). */
    public DataSource withFile(Path other) {
      return new DataSource(dataset, Optional.of(other), Optional.empty(), csv);
    }
  }

  /**
   * What candidate and production are compared on: a registered dataset, a file registered first,
   * or a held-out share of the training data.
   *
   * @param dataset the registered dataset's name (with {@code file}: the name to register under;
   *     with {@code holdout}: absent, the holdout is registered as {@code <data>-holdout})
   * @param file a CSV file to register first
   * @param holdout the share of each data version held out (stratified on the target, seeded):
   *     training uses {@code <data>-train}, evaluation {@code <data>-holdout}
   * @param csv how {@code file} is read
   */
  public record EvaluationData(
      Optional<String> dataset, Optional<Path> file, Optional<Double> holdout, CsvOptions csv) {
    public EvaluationData {
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(holdout, "holdout");
      Objects.requireNonNull(csv, "csv");
    }
  }

  /**
   * How the model is trained.
   *
   * @param options features, parameters, validation split and early stopping
   * @param cvFolds k-fold cross-validation first (0: none)
   * @param searchTrials random-search trials first (0: none)
   * @param space the search space
   * @param halving successive halving in the search
   * @param seed seed of the split, the search and XGBoost
   * @param engine trains the final model: {@code local} (this machine) or an engine from an {@link
   *     EngineFactory} on the class path (e.g. {@code spark})
   */
  public record Training(
      TrainOptions options,
      int cvFolds,
      int searchTrials,
      SearchSpace space,
      boolean halving,
      long seed,
      Engine engine) {
    public Training {
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(space, "space");
      Objects.requireNonNull(engine, "engine");
    }
  }

  /**
   * The training engine a file names.
   *
   * @param name {@code local}, or an {@link EngineFactory}'s name
   * @param settings its settings, validated by the factory
   * @param factory the factory (absent for {@code local})
   */
  public record Engine(String name, Map<String, Object> settings, Optional<EngineFactory> factory) {
    public Engine {
      Objects.requireNonNull(name, "name");
      settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
      Objects.requireNonNull(factory, "factory");
    }

    /** The single-node engine. */
    public static Engine local() {
      return new Engine("local", Map.of(), Optional.empty());
    }

    /** The engine for one run over {@code home}. */
    public TrackedTraining.Engine open(Path home) {
      return factory.map(f -> f.create(settings, home)).orElse(TrackedTraining.LOCAL);
    }
  }

  /**
   * The registered model.
   *
   * @param name the model name (versions are registered under it; production is {@code
   *     name@production})
   * @param description the intended use, kept with each version
   */
  public record ModelTarget(String name, Optional<String> description) {
    public ModelTarget {
      ModelRef.requireValidName(name);
      Objects.requireNonNull(description, "description");
    }
  }

  /**
   * Reads and checks a pipeline file: unknown keys, wrong types, missing required keys and files it
   * names that do not exist are errors naming the file, the line and the key. Nothing is run.
   *
   * @throws PipelineFileException describing the first problem
   */
  public static PipelineSpec read(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(abs)) {
      throw new PipelineFileException("pipeline file not found: " + file);
    }
    Path dir = abs.getParent();
    YamlNode root = YamlNode.read(abs);
    YamlNode versionNode = root.require("version");
    long version = versionNode.integer();
    if (version != FORMAT_VERSION) {
      throw versionNode.error(
          "pipeline format "
              + version
              + " is not one this Boostline reads ("
              + FORMAT_VERSION
              + ")");
    }
    DataSource data = data(root.require("data"), dir);
    ModelTarget model = model(root.require("model"));
    String name = root.get("name").map(YamlNode::string).orElse(model.name());
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw root.require("name")
          .error(
              "a pipeline name is letters, digits, '.', '_' or '-' (at most 64), got \""
                  + name
                  + "\"");
    }
    EvaluationData evaluation = evaluation(root.require("evaluation"), dir, data);
    FeatureSpec features = features(root, dir);
    Training training = training(root, features);
    PromotionPolicy policy = policy(root, dir);
    boolean promote = root.get("promote").map(YamlNode::bool).orElse(true);
    Optional<Path> report = root.get("report").map(n -> dir.resolve(n.string()).normalize());
    Optional<Push> push = root.get("push").map(n -> push(n, model.name()));
    root.requireNoOtherKeys();
    return new PipelineSpec(
        abs, name, data, evaluation, training, model, policy, promote, report, push);
  }

  private static Push push(YamlNode n, String model) {
    YamlNode toNode = n.require("to");
    String to = toNode.string();
    n.get("when")
        .ifPresent(
            w -> {
              if (!w.string().equals("promoted")) {
                throw w.error("expected \"promoted\" (the only time a model is published)");
              }
            });
    Map<String, Object> settings = new LinkedHashMap<>();
    for (String k : n.keys()) {
      if (!k.equals("to") && !k.equals("when")) {
        settings.put(k, n.require(k).plain());
      }
    }
    List<String> known = new java.util.ArrayList<>();
    for (PublisherFactory f : java.util.ServiceLoader.load(PublisherFactory.class)) {
      known.add(f.name());
      if (f.name().equals(to)) {
        try {
          return new Push(to, f.create(settings, model));
        } catch (IllegalArgumentException e) {
          throw n.error(e.getMessage());
        }
      }
    }
    throw toNode.error(
        "no publisher \""
            + to
            + "\" on the class path"
            + (known.isEmpty() ? " (add boostline-azure for to: azure)" : "; known: " + known));
  }

  private static DataSource data(YamlNode n, Path dir) {
    String dataset = n.require("dataset").string();
    requireDatasetName(n.require("dataset"), dataset);
    Optional<Path> file = n.get("file").map(f -> existing(f, dir));
    Optional<Integer> version = n.get("version").map(v -> v.integer(1, Integer.MAX_VALUE));
    if (file.isPresent() && version.isPresent()) {
      throw n.require("version").error("give either a file to register or a version, not both");
    }
    CsvOptions csv = n.get("csv").map(PipelineSpec::csv).orElse(CsvOptions.defaults());
    n.requireNoOtherKeys();
    return new DataSource(dataset, file, version, csv);
  }

  private static EvaluationData evaluation(YamlNode n, Path dir, DataSource data) {
    Optional<String> dataset = n.get("dataset").map(YamlNode::string);
    dataset.ifPresent(d -> requireDatasetName(n.require("dataset"), d));
    Optional<Path> file = n.get("file").map(f -> existing(f, dir));
    Optional<Double> holdout =
        n.get("holdout")
            .map(
                h -> {
                  double v = h.number();
                  if (!(v > 0 && v < 1)) {
                    throw h.error("expected a share between 0 and 1 (exclusive), got " + v);
                  }
                  return v;
                });
    CsvOptions csv = n.get("csv").map(PipelineSpec::csv).orElse(data.csv());
    if (holdout.isPresent() && (dataset.isPresent() || file.isPresent())) {
      throw n.require("holdout").error("a holdout is taken from the data: give no dataset or file");
    }
    if (holdout.isEmpty() && dataset.isEmpty()) {
      throw n.error(
          "say what the candidate is compared on: dataset (a registered name, or with file: the"
              + " name to register it under) or holdout (a share of the data)");
    }
    if (dataset.isPresent() && dataset.get().equals(data.dataset())) {
      throw n.require("dataset")
          .error("the evaluation data must not be the training dataset \"" + data.dataset() + "\"");
    }
    n.requireNoOtherKeys();
    return new EvaluationData(dataset, file, holdout, csv);
  }

  private static FeatureSpec features(YamlNode root, Path dir) {
    Optional<YamlNode> inline = root.get("features");
    Optional<YamlNode> fileNode = root.get("featuresFile");
    if (inline.isPresent() == fileNode.isPresent()) {
      throw root.error("give the feature spec either inline (features) or as featuresFile");
    }
    FeatureSpec spec;
    if (inline.isPresent()) {
      try {
        spec = Json.yaml().convertValue(inline.get().plain(), FeatureSpec.class);
      } catch (IllegalArgumentException e) {
        throw inline.get().error("not a valid feature spec: " + reason(e));
      }
    } else {
      Path f = existing(fileNode.get(), dir);
      try {
        spec = FeatureSpec.read(f);
      } catch (RuntimeException e) {
        throw fileNode.get().error(e.getMessage());
      }
    }
    if (spec.target().isEmpty()) {
      throw (inline.isPresent() ? inline.get() : fileNode.get())
          .error("the feature spec names no target");
    }
    return spec;
  }

  private static Training training(YamlNode root, FeatureSpec features) {
    Optional<YamlNode> t = root.get("training");
    XgbParams.Builder params = XgbParams.builder();
    int early = 0;
    int cv = 0;
    int trials = 0;
    boolean halving = false;
    long seed = 0;
    SearchSpace space = SearchSpace.defaults();
    Engine engine = Engine.local();
    ValidationSplit split = split(root.get("split"));
    if (t.isPresent()) {
      YamlNode n = t.get();
      n.get("rounds").ifPresent(r -> params.rounds(r.integer(1, 1_000_000)));
      n.get("objective").ifPresent(o -> set(params, o, "objective", o.string()));
      Optional<YamlNode> p = n.get("params");
      if (p.isPresent()) {
        for (String k : p.get().keys()) {
          YamlNode v = p.get().require(k);
          Object value = v.plain();
          set(params, v, k, String.valueOf(value));
        }
      }
      early = n.get("earlyStopping").map(e -> e.integer(0, 1_000_000)).orElse(0);
      cv = n.get("cv").map(c -> c.integer(0, 100)).orElse(0);
      if (cv == 1) {
        throw n.require("cv").error("cross-validation needs at least 2 folds (0 for none)");
      }
      seed = n.get("seed").map(YamlNode::integer).orElse(0L);
      params.seed(seed);
      Optional<YamlNode> search = n.get("search");
      if (search.isPresent()) {
        YamlNode s = search.get();
        trials = s.require("trials").integer(1, 10_000);
        halving = s.get("halving").map(YamlNode::bool).orElse(false);
        Optional<YamlNode> sp = s.get("space");
        if (sp.isPresent()) {
          Map<String, SearchSpace.Range> ranges = new LinkedHashMap<>();
          for (String k : sp.get().keys()) {
            YamlNode r = sp.get().require(k);
            try {
              ranges.put(k, SearchSpace.Range.parse(r.string()));
            } catch (IllegalArgumentException e) {
              throw r.error(e.getMessage());
            }
          }
          space = new SearchSpace(ranges);
        }
        s.requireNoOtherKeys();
      }
      Optional<YamlNode> e = n.get("engine");
      if (e.isPresent()) {
        engine = engine(e.get());
      }
      n.requireNoOtherKeys();
      if (early > 0 && !split.hasValidation()) {
        throw n.require("earlyStopping")
            .error("early stopping needs a validation split (split: {validFraction: 0.2})");
      }
    }
    TrainOptions options =
        TrainOptions.builder(features)
            .params(params.build())
            .validation(split)
            .earlyStoppingRounds(early)
            .build();
    return new Training(options, cv, trials, space, halving, seed, engine);
  }

  private static Engine engine(YamlNode n) {
    String name = n.isMapping() ? n.require("name").string() : n.string();
    Map<String, Object> settings = new LinkedHashMap<>();
    if (n.isMapping()) {
      for (String k : n.keys()) {
        if (!k.equals("name")) {
          settings.put(k, n.require(k).plain());
        }
      }
    }
    if (name.equals("local")) {
      if (!settings.isEmpty()) {
        throw n.error("the local engine takes no settings");
      }
      return Engine.local();
    }
    List<String> known = new java.util.ArrayList<>(List.of("local"));
    for (EngineFactory f : java.util.ServiceLoader.load(EngineFactory.class)) {
      known.add(f.name());
      if (f.name().equals(name)) {
        try {
          f.validate(settings);
          return new Engine(name, settings, Optional.of(f));
        } catch (IllegalArgumentException e) {
          throw n.error(e.getMessage());
        }
      }
    }
    throw n.error(
        "no training engine \""
            + name
            + "\" on the class path (known: "
            + known
            + ")"
            + (name.equals("spark")
                ? "; add boostline-spark to the class path (the boostline jar does not carry"
                    + " Spark; bin/boostline switches to the spark module for `pipeline run` and"
                    + " `pipeline validate` of a file that trains with engine spark)"
                : ""));
  }

  private static void set(XgbParams.Builder params, YamlNode node, String key, String value) {
    try {
      params.set(key, value);
    } catch (IllegalArgumentException e) {
      throw node.error(e.getMessage());
    }
  }

  private static ValidationSplit split(Optional<YamlNode> node) {
    if (node.isEmpty()) {
      return ValidationSplit.random(0.2);
    }
    YamlNode n = node.get();
    Optional<Double> fraction = n.get("validFraction").map(YamlNode::number);
    Optional<String> time = n.get("timeColumn").map(YamlNode::string);
    Optional<String> from = n.get("validFrom").map(YamlNode::string);
    Optional<String> group = n.get("groupBy").map(YamlNode::string);
    n.requireNoOtherKeys();
    try {
      if (time.isPresent() || from.isPresent()) {
        if (time.isEmpty() || from.isEmpty() || fraction.isPresent() || group.isPresent()) {
          throw n.error("a time split is {timeColumn, validFrom} and nothing else");
        }
        return ValidationSplit.byTime(time.get(), from.get());
      }
      double f = fraction.orElse(0.2);
      if (group.isPresent()) {
        return ValidationSplit.groupBy(group.get(), f);
      }
      return f == 0 ? ValidationSplit.none() : ValidationSplit.random(f);
    } catch (IllegalArgumentException e) {
      throw n.error(e.getMessage());
    }
  }

  private static ModelTarget model(YamlNode n) {
    YamlNode nameNode = n.require("name");
    String name = nameNode.string();
    Optional<String> description = n.get("description").map(YamlNode::string);
    n.requireNoOtherKeys();
    try {
      return new ModelTarget(name, description);
    } catch (IllegalArgumentException e) {
      throw nameNode.error(e.getMessage());
    }
  }

  private static PromotionPolicy policy(YamlNode root, Path dir) {
    Optional<YamlNode> inline = root.get("policy");
    Optional<YamlNode> fileNode = root.get("policyFile");
    if (inline.isPresent() && fileNode.isPresent()) {
      throw root.error("give the promotion policy either inline (policy) or as policyFile");
    }
    if (inline.isPresent()) {
      try {
        PromotionPolicy p = Json.yaml().convertValue(inline.get().plain(), PromotionPolicy.class);
        return p == null ? PromotionPolicy.defaults() : p;
      } catch (IllegalArgumentException e) {
        throw inline.get().error("not a valid promotion policy: " + reason(e));
      }
    }
    if (fileNode.isPresent()) {
      Path f = existing(fileNode.get(), dir);
      try {
        return PromotionPolicy.read(f);
      } catch (RuntimeException e) {
        throw fileNode.get().error(e.getMessage());
      }
    }
    return PromotionPolicy.defaults();
  }

  /** The message of a failed conversion, without Jackson's wrapping and source dump. */
  private static String reason(IllegalArgumentException e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    if (t instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
      return j.getOriginalMessage();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  private static CsvOptions csv(YamlNode n) {
    CsvOptions.Builder b = CsvOptions.builder();
    n.get("separator").ifPresent(s -> b.separator(oneChar(s, "separator")));
    n.get("quote").ifPresent(q -> b.quote(oneChar(q, "quote")));
    n.get("nullTokens").ifPresent(t -> b.nullTokens(t.strings()));
    n.requireNoOtherKeys();
    return b.build();
  }

  private static char oneChar(YamlNode n, String what) {
    String s = n.string();
    if (s.equalsIgnoreCase("tab") || s.equals("\\t")) {
      return '\t';
    }
    if (s.length() != 1) {
      throw n.error("a " + what + " is one character (or \"tab\"), got \"" + s + "\"");
    }
    return s.charAt(0);
  }

  private static Path existing(YamlNode n, Path dir) {
    Path p = dir.resolve(n.string()).normalize();
    if (!Files.exists(p)) {
      throw n.error("no such file: " + p);
    }
    return p;
  }

  private static void requireDatasetName(YamlNode n, String name) {
    try {
      dev.boostline.data.store.DatasetStore.requireValidName(name);
    } catch (IllegalArgumentException e) {
      throw n.error(e.getMessage());
    }
  }

  /** Every file the pipeline reads, for its hash: the pipeline file itself first. */
  List<Path> inputs() {
    return List.of(file);
  }
}
