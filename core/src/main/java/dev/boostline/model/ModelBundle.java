package dev.boostline.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.boostline.data.ColumnType;
import dev.boostline.data.Dataset;
import dev.boostline.data.DatasetProfile;
import dev.boostline.data.Schema;
import dev.boostline.engine.ScoringEngine;
import dev.boostline.features.FittedFeatures;
import dev.boostline.model.internal.ProfileSampler;
import dev.boostline.model.internal.TreeEnsemble;
import dev.boostline.util.internal.Hashing;
import dev.boostline.util.internal.SplitMix64;
import dev.boostline.util.internal.json.Json;
import dev.boostline.xgboost.internal.NativeBooster;
import dev.boostline.xgboost.internal.NativeEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.columns.Column;

/**
 * A model version as a directory that MLflow and Azure ML understand, plus {@code boostline.json}:
 *
 * <pre>
 * MLmodel             MLflow metadata (YAML): flavors python_function and xgboost, signature
 * model.ubj           the XGBoost model (UBJSON): exactly the rounds Boostline scores with
 * code/boostline_pyfunc.py   the python_function loader: raw records in, Boostline's scores out
 * conda.yaml, python_env.yaml, requirements.txt   pinned python, mlflow, xgboost, pandas, numpy
 * input_example.json  one raw record (pandas split orient)
 * boostline.json      {@link BundleManifest}: features, labels, schema, profile, lineage,
 *                     metrics, golden rows, file checksums
 * </pre>
 *
 * <p>The {@code python_function} flavor ({@code mlflow.pyfunc.load_model}, Azure ML's no-code
 * deployment) loads {@code code/boostline_pyfunc.py}, which applies the fitted features of {@code
 * boostline.json} to raw records exactly as {@link dev.boostline.features.FittedFeatures} does and
 * returns what Boostline's {@code /score} returns; its signature lists the raw input columns. The
 * {@code xgboost} flavor is the bare booster, which scores already transformed features. Since
 * {@code model.ubj} holds exactly the trees of rounds {@code 0..bestIteration}, every consumer that
 * predicts with all trees agrees with Boostline. Bundles written before that rule (with the rounds
 * after the best one still in the file) keep loading and scoring with {@code bestIteration}.
 * Immutable.
 */
public final class ModelBundle {
  private static final Logger LOG = LoggerFactory.getLogger(ModelBundle.class);

  /** The XGBoost model file (UBJSON) of a bundle. */
  public static final String MODEL = "model.ubj";

  /** The Boostline manifest file of a bundle ({@link BundleManifest} as JSON). */
  public static final String MANIFEST = "boostline.json";

  /** The MLflow metadata file. */
  public static final String MLMODEL = "MLmodel";

  /** The python_function loader module, under {@link #CODE_DIR}. */
  public static final String LOADER_MODULE = "boostline_pyfunc";

  /** The directory of the python_function flavor's code (added to Python's path by MLflow). */
  public static final String CODE_DIR = "code";

  /** The loader's file, relative to the bundle directory. */
  public static final String LOADER_FILE = CODE_DIR + "/" + LOADER_MODULE + ".py";

  static final String MLFLOW_VERSION = "2.19.0";
  static final String PYTHON_VERSION = "3.11.7";
  static final String PANDAS_VERSION = "2.2.3";
  static final String NUMPY_VERSION = "1.26.4";
  static final int GOLDEN_ROWS = 20;

  /** Training rows scored by both the full and the cut model when a bundle is created. */
  static final int CUT_CHECK_ROWS = 2000;

  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .disable(YAMLGenerator.Feature.SPLIT_LINES)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private final BundleManifest manifest;
  private final byte[] model;

  private ModelBundle(BundleManifest manifest, byte[] model) {
    this.manifest = manifest;
    this.model = model;
  }

  /** What the bundle is: features, labels, schema, profile, lineage, metrics and golden rows. */
  public BundleManifest manifest() {
    return manifest;
  }

  /** The model bytes (a copy). */
  public byte[] model() {
    return model.clone();
  }

  /**
   * Builds a bundle from a training result: cuts the model to rounds {@code 0..bestIteration} (the
   * run keeps the full booster), checks that the cut model scores {@value #CUT_CHECK_ROWS} training
   * rows bit for bit as the full one does up to the best round, picks {@value #GOLDEN_ROWS} golden
   * rows from the training data (seeded; half of them with missing values when there are such rows)
   * and records their outputs.
   *
   * @throws dev.boostline.common.BoostlineException when the cut model scores differently
   */
  public static ModelBundle create(
      TrainedModel result,
      Dataset trainingData,
      DatasetProfile profile,
      BundleManifest.Lineage lineage,
      Map<String, Map<String, Double>> metrics) {
    byte[] model = exactTrees(result, trainingData);
    List<Map<String, Object>> golden =
        goldenRecords(trainingData, result.features().requiredColumns());
    BundleManifest draft =
        BundleManifest.builder()
            .model(result.objective(), result.labels(), result.features(), result.bestIteration())
            .trainingData(trainingData.schema(), profile)
            .lineage(lineage)
            .metrics(metrics)
            .importance(result.importance())
            .files(Map.of(MODEL, Hashing.sha256(model)))
            .build();
    List<BundleManifest.GoldenRow> rows = new ArrayList<>();
    dev.boostline.data.Histogram scores;
    try (Scorer scorer = new Scorer(draft, engine(draft, model))) {
      scores = Scorer.scoreHistogram(scorer.outputs(trainingData.table()));
      float[][] out = scorer.outputs(golden);
      for (int i = 0; i < golden.size(); i++) {
        List<Float> o = new ArrayList<>();
        for (float v : out[i]) {
          o.add(v);
        }
        rows.add(new BundleManifest.GoldenRow(golden.get(i), o));
      }
    }
    BundleManifest manifest = draft.toBuilder().scoreHistogram(scores).golden(rows).build();
    return new ModelBundle(manifest, model);
  }

  /**
   * The model cut to its best round, checked against the full model: the rows of the training data
   * (up to {@value #CUT_CHECK_ROWS}) must score bit for bit the same with every tree of the cut
   * model as with the first {@code bestIteration + 1} rounds of the full one.
   */
  private static byte[] exactTrees(TrainedModel result, Dataset data) {
    int rounds = result.bestIteration() + 1;
    byte[] cut = NativeBooster.slice(result.model(), rounds);
    if (cut == result.model()) {
      return cut;
    }
    FittedFeatures f = result.features();
    int n = Math.min(CUT_CHECK_ROWS, data.rowCount());
    float[] x = f.transform(data.table(), java.util.stream.IntStream.range(0, n).toArray());
    try (NativeBooster full = NativeBooster.load(result.model());
        NativeBooster exact = NativeBooster.load(cut)) {
      float[][] a = full.predict(x, n, f.size(), rounds, false);
      float[][] b = exact.predict(x, n, f.size(), 0, false);
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < a[i].length; k++) {
          if (Float.floatToIntBits(a[i][k]) != Float.floatToIntBits(b[i][k])) {
            throw new dev.boostline.common.BoostlineException(
                "the model cut to its best round ("
                    + rounds
                    + " rounds) scores training row "
                    + (i + 1)
                    + " as "
                    + b[i][k]
                    + " but the full model "
                    + a[i][k]
                    + "; refusing to write a bundle MLflow consumers would score differently");
          }
        }
      }
    }
    return cut;
  }

  /**
   * This bundle with a model file that holds exactly the rounds it scores with: itself when it does
   * already (every bundle {@link #create} makes), else a copy whose {@code model.ubj} is cut to
   * rounds {@code 0..bestIteration} and whose checksum is updated (the scores, and so the golden
   * rows, are unchanged). For bundles written before model files were cut, so that MLflow consumers
   * of a re-written directory score as Boostline does.
   */
  public ModelBundle withExactTrees() {
    byte[] cut = NativeBooster.slice(model, manifest.bestIteration() + 1);
    if (cut == model) {
      return this;
    }
    Map<String, String> files = new LinkedHashMap<>(manifest.files());
    files.put(MODEL, Hashing.sha256(cut));
    return new ModelBundle(manifest.toBuilder().files(files).build(), cut);
  }

  /**
   * Number of boosting rounds in the model file (more than {@code bestIteration + 1} in bundles
   * written before model files were cut to the best round).
   */
  public int modelRounds() {
    try (NativeBooster b = NativeBooster.load(model)) {
      return b.rounds();
    }
  }

  private static List<Map<String, Object>> goldenRecords(Dataset data, List<String> columns) {
    int n = data.rowCount();
    SplitMix64 rng = new SplitMix64(0x601DE2L);
    List<Integer> withMissing = new ArrayList<>();
    for (int r = 0; r < n && withMissing.size() < 10_000; r++) {
      for (String c : columns) {
        if (data.table().column(c).isMissing(r)) {
          withMissing.add(r);
          break;
        }
      }
    }
    Set<Integer> picked = new LinkedHashSet<>();
    int wantMissing = Math.min(GOLDEN_ROWS / 2, withMissing.size());
    while (picked.size() < wantMissing) {
      picked.add(withMissing.get(rng.nextInt(withMissing.size())));
    }
    int target = Math.min(GOLDEN_ROWS, n);
    while (picked.size() < target) {
      picked.add(rng.nextInt(n));
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (int r : picked) {
      Map<String, Object> rec = new LinkedHashMap<>();
      for (String c : columns) {
        Column<?> col = data.table().column(c);
        Object v = col.isMissing(r) ? null : col.get(r);
        rec.put(c, v instanceof LocalDateTime t ? t.toString() : v);
      }
      out.add(rec);
    }
    return out;
  }

  private static ScoringEngine engine(BundleManifest m, byte[] model) {
    return NativeEngine.load(
        model, m.bestIteration() + 1, m.features().featureNames(), m.features().featureTypes());
  }

  /** Rows checked against native prediction before the Java engine is trusted. */
  static final int ENGINE_CHECK_ROWS = 2000;

  /**
   * Largest difference from native prediction the Java engine may show: 1e-6 absolute for
   * probabilities and values up to 1, relative above (float32 itself cannot resolve 1e-6 at
   * 100,000).
   */
  static final double ENGINE_TOLERANCE = 1e-6;

  /**
   * The scoring engine for this bundle, chosen once: the pure-Java tree evaluator when it supports
   * the model and matches native prediction on the golden rows and {@value #ENGINE_CHECK_ROWS} rows
   * sampled from the training profile (with missing values and unseen categories) to within {@value
   * #ENGINE_TOLERANCE}; otherwise native, with the reason logged.
   *
   * @param candidate the Java evaluator and the check rows, prepared by {@link #javaCandidate}
   */
  private ScoringEngine chooseEngine(NativeEngine nat, FutureTask<JavaCandidate> candidate) {
    try {
      JavaCandidate c;
      try {
        c = candidate.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw e.getCause() instanceof RuntimeException r
            ? r
            : new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while checking the Java evaluator", e);
      }
      if (c.unsupported() != null) {
        LOG.info("scoring natively: the Java evaluator does not support {}", c.unsupported());
        return nat;
      }
      FittedFeaturesMatrix x = c.check();
      float[][] a = nat.predict(x.values(), x.rows(), x.cols());
      float[][] b = c.trees().predict(x.values(), x.rows(), x.cols());
      double worst = 0;
      int exact = 0;
      int total = 0;
      for (int i = 0; i < a.length; i++) {
        for (int k = 0; k < a[i].length; k++) {
          double d = Math.abs((double) a[i][k] - b[i][k]) / Math.max(1.0, Math.abs(a[i][k]));
          worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
          exact += Float.floatToIntBits(a[i][k]) == Float.floatToIntBits(b[i][k]) ? 1 : 0;
          total++;
        }
      }
      if (!(worst <= ENGINE_TOLERANCE)) {
        LOG.warn(
            "scoring natively: the Java evaluator differs by up to {} on {} check rows",
            worst,
            a.length);
        return nat;
      }
      LOG.debug("Java evaluator: {}/{} outputs bit-identical, max |diff| {}", exact, total, worst);
      return new dev.boostline.model.internal.JavaEngine(c.trees(), nat);
    } catch (RuntimeException e) {
      LOG.warn("scoring natively: the Java evaluator failed its checks: {}", e.toString());
      return nat;
    }
  }

  /**
   * The Java evaluator for this bundle's trees (or why it cannot score them) and the rows to check
   * it on: the golden rows and {@value #ENGINE_CHECK_ROWS} rows sampled from the training profile.
   * Needs nothing from the native engine the golden rows are checked with, so {@link #open} builds
   * it on another thread meanwhile.
   */
  private JavaCandidate javaCandidate() {
    NativeBooster dump = NativeBooster.load(model);
    byte[] json;
    try {
      json = dump.toJson();
    } finally {
      dump.close();
    }
    Object parsed = TreeEnsemble.parse(json, manifest.bestIteration() + 1);
    if (parsed instanceof TreeEnsemble.Unsupported u) {
      return new JavaCandidate(null, null, u.reason());
    }
    List<Map<String, Object>> check = new ArrayList<>();
    manifest.golden().forEach(g -> check.add(g.record()));
    check.addAll(
        ProfileSampler.sample(
            manifest.schema(),
            manifest.trainingProfile(),
            manifest.features().requiredColumns(),
            ENGINE_CHECK_ROWS,
            0xC0FFEEL));
    return new JavaCandidate(
        (TreeEnsemble) parsed, FittedFeaturesMatrix.of(manifest.features(), check), null);
  }

  /** The Java evaluator and its check rows, or the reason it cannot score the model. */
  private record JavaCandidate(
      TreeEnsemble trees, FittedFeaturesMatrix check, String unsupported) {}

  /** A feature matrix of records. */
  private record FittedFeaturesMatrix(float[] values, int rows, int cols) {
    static FittedFeaturesMatrix of(
        dev.boostline.features.FittedFeatures f, List<Map<String, Object>> records) {
      int w = f.size();
      float[] x = new float[records.size() * w];
      for (int i = 0; i < records.size(); i++) {
        f.transform(records.get(i), x, i * w);
      }
      return new FittedFeaturesMatrix(x, records.size(), w);
    }
  }

  /**
   * Opens a scorer after checking the golden rows: each must score to exactly the stored outputs.
   * The engine is chosen as {@link EngineChoice#AUTO} does.
   *
   * @throws ModelLoadException naming the first row that differs
   */
  public Scorer open() {
    return open(EngineChoice.AUTO);
  }

  /**
   * Opens a scorer after checking the golden rows (each must score to exactly the stored outputs),
   * scoring with the engine {@code choice} picks.
   *
   * @throws ModelLoadException naming the first row that differs
   */
  public Scorer open(EngineChoice choice) {
    // The golden rows check the bundle itself, against the native library that wrote them,
    // bit for bit; the scoring engine is chosen afterwards (and checked against native).
    FutureTask<JavaCandidate> candidate = null;
    if (choice != EngineChoice.NATIVE) {
      candidate = new FutureTask<>(this::javaCandidate);
      Thread t = new Thread(candidate, "boostline-engine-check");
      t.setDaemon(true);
      t.start();
    }
    NativeEngine nat = (NativeEngine) engine(manifest, model);
    try (Scorer check = new Scorer(manifest, nat).keepingEngineOpen()) {
      List<Map<String, Object>> records =
          manifest.golden().stream().map(BundleManifest.GoldenRow::record).toList();
      float[][] out = check.outputs(records);
      for (int i = 0; i < records.size(); i++) {
        List<Float> expected = manifest.golden().get(i).outputs();
        for (int k = 0; k < expected.size(); k++) {
          if (Float.floatToIntBits(out[i][k]) != Float.floatToIntBits(expected.get(k))) {
            throw new ModelLoadException(
                "golden row "
                    + (i + 1)
                    + " scores "
                    + out[i][k]
                    + " but the bundle recorded "
                    + expected.get(k)
                    + " (output "
                    + k
                    + "): the model or its features were"
                    + " changed after the bundle was written, or this platform computes"
                    + " differently; refusing to serve it");
          }
        }
      }
    } catch (RuntimeException e) {
      nat.close();
      throw e;
    }
    return new Scorer(manifest, choice == EngineChoice.NATIVE ? nat : chooseEngine(nat, candidate));
  }

  /**
   * Writes every file of the bundle into {@code dir} (which must exist and be empty): see the class
   * description for the layout. The YAML files are written by a YAML library, every string quoted,
   * so any YAML reader (MLflow's, Azure ML's) reads the same values.
   */
  public void write(Path dir) {
    try {
      Files.write(dir.resolve(MODEL), model);
      Files.write(dir.resolve(MANIFEST), Json.toBytes(manifest));
      Files.write(dir.resolve(MLMODEL), YAML.writeValueAsBytes(mlmodel()));
      Files.write(dir.resolve("conda.yaml"), YAML.writeValueAsBytes(condaEnv()));
      Files.write(dir.resolve("python_env.yaml"), YAML.writeValueAsBytes(pythonEnv()));
      Files.writeString(
          dir.resolve("requirements.txt"),
          String.join("\n", requirements()) + "\n",
          StandardCharsets.UTF_8);
      Files.write(dir.resolve("input_example.json"), Json.toBytes(inputExample()));
      Files.createDirectories(dir.resolve(CODE_DIR));
      Files.write(dir.resolve(LOADER_FILE), loaderSource());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model bundle to " + dir, e);
    }
  }

  /** The source of the python_function loader module shipped in every bundle (UTF-8). */
  public static byte[] loaderSource() {
    try (var in = ModelBundle.class.getResourceAsStream(LOADER_MODULE + ".py")) {
      if (in == null) {
        throw new IllegalStateException(LOADER_MODULE + ".py is missing from the Boostline jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + LOADER_MODULE + ".py from the jar", e);
    }
  }

  /** The pip requirements of the bundle's Python environment, pinned. */
  static List<String> requirements() {
    return List.of(
        "mlflow==" + MLFLOW_VERSION,
        "xgboost==" + NativeBooster.xgboostVersion(),
        "pandas==" + PANDAS_VERSION,
        "numpy==" + NUMPY_VERSION);
  }

  private static Map<String, Object> condaEnv() {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("channels", List.of("conda-forge"));
    env.put(
        "dependencies", List.of("python=" + PYTHON_VERSION, "pip", Map.of("pip", requirements())));
    env.put("name", "mlflow-env");
    return env;
  }

  private static Map<String, Object> pythonEnv() {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("python", PYTHON_VERSION);
    env.put("build_dependencies", List.of("pip", "setuptools", "wheel"));
    env.put("dependencies", List.of("-r requirements.txt"));
    return env;
  }

  /** One raw record (the first golden row) in pandas' split orient. */
  private Map<String, Object> inputExample() {
    List<String> columns = manifest.features().requiredColumns();
    List<Object> row = new ArrayList<>();
    if (!manifest.golden().isEmpty()) {
      Map<String, Object> record = manifest.golden().get(0).record();
      for (String c : columns) {
        row.add(record.get(c));
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("columns", columns);
    m.put("data", manifest.golden().isEmpty() ? List.of() : List.of(row));
    return m;
  }

  /**
   * The MLflow signature's input columns: the raw columns the features read, typed for MLflow
   * (numbers as double, so missing values and integers both fit; date-times as ISO-8601 strings,
   * which the loader parses as Boostline does).
   */
  private List<Map<String, Object>> signatureInputs() {
    List<Map<String, Object>> inputs = new ArrayList<>();
    Schema schema = manifest.features().definition().inputSchema();
    for (String name : manifest.features().requiredColumns()) {
      ColumnType type =
          schema.find(name).map(dev.boostline.data.ColumnSchema::type).orElse(ColumnType.DOUBLE);
      Map<String, Object> col = new LinkedHashMap<>();
      col.put(
          "type",
          switch (type) {
            case INTEGER, DOUBLE -> "double";
            case BOOLEAN -> "boolean";
            case CATEGORICAL, TEXT, DATETIME -> "string";
          });
      col.put("name", name);
      col.put("required", true);
      inputs.add(col);
    }
    return inputs;
  }

  private Map<String, Object> mlmodel() {
    String created =
        LocalDateTime.ofInstant(manifest.createdAt(), ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS"));
    Map<String, Object> pyfunc = new LinkedHashMap<>();
    pyfunc.put("code", CODE_DIR);
    pyfunc.put("data", MODEL);
    pyfunc.put("env", Map.of("conda", "conda.yaml", "virtualenv", "python_env.yaml"));
    pyfunc.put("loader_module", LOADER_MODULE);
    pyfunc.put("python_version", PYTHON_VERSION);
    Map<String, Object> xgb = new LinkedHashMap<>();
    xgb.put("code", null);
    xgb.put("data", MODEL);
    xgb.put("model_class", "xgboost.core.Booster");
    xgb.put("model_format", "ubj");
    xgb.put("xgb_version", NativeBooster.xgboostVersion());
    Map<String, Object> signature = new LinkedHashMap<>();
    signature.put("inputs", Json.toLine(signatureInputs()));
    signature.put("outputs", null);
    signature.put("params", null);
    Map<String, Object> y = new LinkedHashMap<>();
    y.put("artifact_path", "model");
    y.put("flavors", Map.of("python_function", pyfunc, "xgboost", xgb));
    y.put("mlflow_version", MLFLOW_VERSION);
    y.put("model_size_bytes", model.length);
    y.put("model_uuid", UUID.nameUUIDFromBytes(model).toString().replace("-", ""));
    y.put(
        "saved_input_example_info",
        Map.of(
            "artifact_path", "input_example.json", "pandas_orient", "split", "type", "dataframe"));
    y.put("signature", signature);
    y.put("utc_time_created", created);
    y.put(
        "metadata",
        Map.of(
            "boostline_version",
            dev.boostline.common.LibraryVersion.current(),
            "boostline_best_iteration",
            manifest.bestIteration(),
            "boostline_task",
            manifest.labels().task().name()));
    return y;
  }

  /**
   * Reads a bundle directory, checking the format version and the model checksum.
   *
   * @throws ModelLoadException when a file is missing, unreadable, damaged or of an unknown format
   */
  public static ModelBundle read(Path dir) {
    Path manifestFile = dir.resolve(MANIFEST);
    BundleManifest m;
    try {
      byte[] bytes = Files.readAllBytes(manifestFile);
      int format = Json.mapper().readTree(bytes).path("formatVersion").asInt(-1);
      if (format != BundleManifest.FORMAT_VERSION) {
        throw new ModelLoadException(
            manifestFile
                + ": bundle format "
                + format
                + " is not one this Boostline reads ("
                + BundleManifest.FORMAT_VERSION
                + ")");
      }
      m = Json.mapper().readValue(bytes, BundleManifest.class);
    } catch (NoSuchFileException e) {
      throw new ModelLoadException(dir + " is not a model bundle: " + MANIFEST + " is missing", e);
    } catch (JsonProcessingException e) {
      throw new ModelLoadException(manifestFile + ": unreadable: " + Json.describe(e), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + manifestFile, e);
    } catch (RuntimeException e) {
      if (e instanceof ModelLoadException mle) {
        throw mle;
      }
      throw new ModelLoadException(manifestFile + ": invalid: " + e.getMessage(), e);
    }
    byte[] model;
    try {
      model = Files.readAllBytes(dir.resolve(MODEL));
    } catch (NoSuchFileException e) {
      throw new ModelLoadException(dir + ": " + MODEL + " is missing", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve(MODEL), e);
    }
    String sha = Hashing.sha256(model);
    if (!sha.equals(m.files().get(MODEL))) {
      throw new ModelLoadException(
          dir.resolve(MODEL)
              + ": checksum mismatch (boostline.json says "
              + m.files().get(MODEL)
              + ", the file is "
              + sha
              + "): the model file was changed or damaged");
    }
    return new ModelBundle(m, model);
  }
}
