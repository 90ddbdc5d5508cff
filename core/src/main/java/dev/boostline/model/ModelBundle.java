package dev.boostline.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.boostline.data.Dataset;
import dev.boostline.data.DatasetProfile;
import dev.boostline.engine.ScoringEngine;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.columns.Column;

/**
 * A model version as a directory that MLflow and Azure ML understand, plus {@code boostline.json}:
 *
 * <pre>
 * MLmodel             MLflow metadata: flavors xgboost and python_function, signature
 * model.ubj           the XGBoost model (UBJSON)
 * conda.yaml, python_env.yaml, requirements.txt   pinned python, mlflow and xgboost==3.4.0
 * input_example.json  one row of transformed features (pandas split orient)
 * boostline.json      {@link BundleManifest}: features, labels, schema, profile, lineage,
 *                     metrics, golden rows, file checksums
 * </pre>
 *
 * <p>The MLflow flavors score the raw booster on <em>already transformed</em> features (the feature
 * pipeline lives in {@code boostline.json}); Boostline's own {@link Scorer} applies the pipeline to
 * raw records. Native categorical features reach a Python booster as category codes. Immutable.
 */
public final class ModelBundle {
  private static final Logger LOG = LoggerFactory.getLogger(ModelBundle.class);

  /** Files of a bundle. */
  public static final String MODEL = "model.ubj";

  public static final String MANIFEST = "boostline.json";
  static final String MLMODEL = "MLmodel";
  static final String MLFLOW_VERSION = "2.19.0";
  static final String PYTHON_VERSION = "3.11.7";
  static final int GOLDEN_ROWS = 20;

  private final BundleManifest manifest;
  private final byte[] model;

  private ModelBundle(BundleManifest manifest, byte[] model) {
    this.manifest = manifest;
    this.model = model;
  }

  public BundleManifest manifest() {
    return manifest;
  }

  /** The model bytes (a copy). */
  public byte[] model() {
    return model.clone();
  }

  /**
   * Builds a bundle from a training result: picks {@value #GOLDEN_ROWS} golden rows from the
   * training data (seeded; half of them with missing values when there are such rows) and records
   * their outputs.
   */
  public static ModelBundle create(
      TrainedModel result,
      Dataset trainingData,
      DatasetProfile profile,
      BundleManifest.Lineage lineage,
      Map<String, Map<String, Double>> metrics) {
    List<Map<String, Object>> golden =
        goldenRecords(trainingData, result.features().requiredColumns());
    BundleManifest draft =
        BundleManifest.builder()
            .model(result.objective(), result.labels(), result.features(), result.bestIteration())
            .trainingData(trainingData.schema(), profile)
            .lineage(lineage)
            .metrics(metrics)
            .importance(result.importance())
            .files(Map.of(MODEL, Hashing.sha256(result.model())))
            .build();
    List<BundleManifest.GoldenRow> rows = new ArrayList<>();
    dev.boostline.data.Histogram scores;
    try (Scorer scorer = new Scorer(draft, engine(draft, result.model()))) {
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
    return new ModelBundle(manifest, result.model());
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
   */
  private ScoringEngine chooseEngine(NativeEngine nat) {
    try {
      NativeBooster dump = NativeBooster.load(model);
      byte[] json;
      try {
        json = dump.toJson();
      } finally {
        dump.close();
      }
      Object parsed = TreeEnsemble.parse(json, manifest.bestIteration() + 1);
      if (parsed instanceof TreeEnsemble.Unsupported u) {
        LOG.info("scoring natively: the Java evaluator does not support {}", u.reason());
        return nat;
      }
      TreeEnsemble trees = (TreeEnsemble) parsed;
      List<Map<String, Object>> check = new ArrayList<>();
      manifest.golden().forEach(g -> check.add(g.record()));
      check.addAll(
          ProfileSampler.sample(
              manifest.schema(),
              manifest.trainingProfile(),
              manifest.features().requiredColumns(),
              ENGINE_CHECK_ROWS,
              0xC0FFEEL));
      FittedFeaturesMatrix x = FittedFeaturesMatrix.of(manifest.features(), check);
      float[][] a = nat.predict(x.values(), x.rows(), x.cols());
      float[][] b = trees.predict(x.values(), x.rows(), x.cols());
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
      return new dev.boostline.model.internal.JavaEngine(trees, nat);
    } catch (RuntimeException e) {
      LOG.warn("scoring natively: the Java evaluator failed its checks: {}", e.toString());
      return nat;
    }
  }

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
    return new Scorer(manifest, choice == EngineChoice.NATIVE ? nat : chooseEngine(nat));
  }

  /** Writes every file of the bundle into {@code dir} (which must exist and be empty). */
  public void write(Path dir) {
    try {
      Files.write(dir.resolve(MODEL), model);
      Files.write(dir.resolve(MANIFEST), Json.toBytes(manifest));
      Files.writeString(dir.resolve(MLMODEL), mlmodel(), StandardCharsets.UTF_8);
      Files.writeString(
          dir.resolve("conda.yaml"),
          "channels:\n- conda-forge\ndependencies:\n- python="
              + PYTHON_VERSION
              + "\n- pip\n- pip:\n"
              + "  - mlflow=="
              + MLFLOW_VERSION
              + "\n  - xgboost=="
              + NativeBooster.xgboostVersion()
              + "\nname: mlflow-env\n",
          StandardCharsets.UTF_8);
      Files.writeString(
          dir.resolve("python_env.yaml"),
          "python: "
              + PYTHON_VERSION
              + "\nbuild_dependencies:\n- pip\n- setuptools\n- wheel\n"
              + "dependencies:\n- -r requirements.txt\n",
          StandardCharsets.UTF_8);
      Files.writeString(
          dir.resolve("requirements.txt"),
          "mlflow==" + MLFLOW_VERSION + "\nxgboost==" + NativeBooster.xgboostVersion() + "\n",
          StandardCharsets.UTF_8);
      Files.write(dir.resolve("input_example.json"), Json.toBytes(inputExample()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model bundle to " + dir, e);
    }
  }

  private Map<String, Object> inputExample() {
    List<Object> row = new ArrayList<>();
    if (!manifest.golden().isEmpty()) {
      float[] x = manifest.features().transform(manifest.golden().get(0).record());
      for (float v : x) {
        row.add(Float.isNaN(v) ? null : (Object) (double) v);
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("columns", manifest.features().featureNames());
    m.put("data", List.of(row));
    return m;
  }

  private String mlmodel() {
    List<Map<String, Object>> inputs = new ArrayList<>();
    for (String name : manifest.features().featureNames()) {
      Map<String, Object> col = new LinkedHashMap<>();
      col.put("type", "float");
      col.put("name", name);
      col.put("required", true);
      inputs.add(col);
    }
    String created =
        LocalDateTime.ofInstant(manifest.createdAt(), ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS"));
    StringBuilder y = new StringBuilder();
    y.append("artifact_path: model\n");
    y.append("flavors:\n");
    y.append("  python_function:\n");
    y.append("    data: ").append(MODEL).append('\n');
    y.append("    env:\n      conda: conda.yaml\n      virtualenv: python_env.yaml\n");
    y.append("    loader_module: mlflow.xgboost\n");
    y.append("    python_version: ").append(PYTHON_VERSION).append('\n');
    y.append("  xgboost:\n");
    y.append("    code: null\n");
    y.append("    data: ").append(MODEL).append('\n');
    y.append("    model_class: xgboost.core.Booster\n");
    y.append("    model_format: ubj\n");
    y.append("    xgb_version: ").append(NativeBooster.xgboostVersion()).append('\n');
    y.append("mlflow_version: ").append(MLFLOW_VERSION).append('\n');
    y.append("model_size_bytes: ").append(model.length).append('\n');
    y.append("model_uuid: ")
        .append(UUID.nameUUIDFromBytes(model).toString().replace("-", ""))
        .append('\n');
    y.append("saved_input_example_info:\n");
    y.append("  artifact_path: input_example.json\n  pandas_orient: split\n  type: dataframe\n");
    y.append("signature:\n");
    y.append("  inputs: '").append(Json.toLine(inputs).replace("'", "''")).append("'\n");
    y.append("  outputs: null\n  params: null\n");
    y.append("utc_time_created: '").append(created).append("'\n");
    y.append("metadata:\n  boostline_version: ")
        .append(dev.boostline.common.LibraryVersion.current())
        .append('\n');
    return y.toString();
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
