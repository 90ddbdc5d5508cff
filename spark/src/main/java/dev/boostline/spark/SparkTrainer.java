package dev.boostline.spark;

import static org.apache.spark.sql.functions.col;

import dev.boostline.common.BoostlineException;
import dev.boostline.data.ColumnSchema;
import dev.boostline.data.ColumnType;
import dev.boostline.data.Schema;
import dev.boostline.data.store.DatasetManifest;
import dev.boostline.data.store.DatasetStore;
import dev.boostline.features.FittedFeatures;
import dev.boostline.task.LabelEncoding;
import dev.boostline.task.Objective;
import dev.boostline.task.Task;
import dev.boostline.tracking.TrackedTraining;
import dev.boostline.train.TrainOptions;
import dev.boostline.train.TrainResult;
import dev.boostline.train.Trainer;
import dev.boostline.train.TrainingListener;
import dev.boostline.train.XgbParams;
import dev.boostline.xgboost.spark.internal.XgbSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Trains the final model of a tracked run on Apache Spark with xgboost4j-spark: reads the dataset
 * version's Parquet file (or a copy of it at any Hadoop-compatible path), checks it against the
 * manifest's schema, splits it, fits the {@link dev.boostline.features.FeatureSpec} with
 * distributed statistics ({@link SparkFit}: the same fitted features a single-node fit gives on the
 * same rows), turns rows into feature vectors with the same {@link FittedFeatures} code as
 * single-node training and serving, and trains {@code XGBoostClassifier} or {@code
 * XGBoostRegressor} with early stopping on the validation rows. The result is an ordinary {@link
 * TrainResult}, so {@link TrackedTraining} records a normal run whose model registers, evaluates,
 * serves and pushes like any other.
 *
 * <p>Differences from the single-node trainer, by design: the validation rows are chosen by a
 * seeded hash of each row's position in the file ({@link #isValidation}), not by a stratified
 * shuffle; the final training metrics are computed on a seeded sample of at most {@value
 * #TRAIN_METRIC_ROWS} training rows; group and time splits, cross-validation and search are not
 * offered (they run on one machine).
 *
 * <p>Thread-safe if the session is; the caller owns the {@link SparkSession}.
 */
public final class SparkTrainer implements TrackedTraining.Engine {
  /** Final training metrics use at most this many training rows. */
  public static final int TRAIN_METRIC_ROWS = 100_000;

  private final SparkSession spark;
  private final Path home;
  private final Settings settings;

  /**
   * Settings of a Spark training run.
   *
   * @param workers XGBoost workers (Spark tasks training at once; at most the cluster's cores)
   * @param threadsPerWorker XGBoost threads in each worker
   * @param dataPath where to read the version's Parquet data, if not in the home (for example a
   *     copy on HDFS or S3: {@code hdfs://nn/datasets/higgs/1/data.parquet}); any path Spark reads
   */
  public record Settings(int workers, int threadsPerWorker, Optional<String> dataPath) {
    public Settings {
      if (workers < 1) {
        throw new IllegalArgumentException("workers must be >= 1, got " + workers);
      }
      if (threadsPerWorker < 1) {
        throw new IllegalArgumentException(
            "threads per worker must be >= 1, got " + threadsPerWorker);
      }
    }
  }

  /** A trainer reading from {@code home} (the Boostline home of the run). */
  public SparkTrainer(SparkSession spark, Path home, Settings settings) {
    this.spark = spark;
    this.home = home;
    this.settings = settings;
  }

  /**
   * Whether a row validates: a seeded hash of its position, below {@code fraction}. Deterministic
   * for a given file, seed and fraction.
   */
  public static boolean isValidation(long position, long seed, double fraction) {
    // The SplitMix64 finalizer of the seeded position: uniform in [0, 1).
    long z = seed ^ (position * 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * 0x1.0p-53 < fraction;
  }

  @Override
  public TrainResult train(
      DatasetManifest manifest,
      Supplier<dev.boostline.data.Dataset> load,
      TrainOptions options,
      TrainingListener listener) {
    // A worker lost while the barrier training stage waits for (or holds) its slots would leave
    // Spark waiting for slots that never come back: every job of this run is in one group, and
    // the watchdog cancels the group as soon as an executor is removed, keeping the reason.
    String group = "boostline-train-" + java.util.UUID.randomUUID();
    ExecutorWatchdog watchdog = new ExecutorWatchdog(spark, group);
    spark.sparkContext().addSparkListener(watchdog);
    spark.sparkContext().setJobGroup(group, "boostline training", true);
    try {
      return trainInGroup(manifest, options, listener);
    } catch (Exception e) { // Spark's exceptions are checked ones in Java's eyes
      if (watchdog.reason().isPresent()) {
        throw new BoostlineException(
            "spark training failed: " + watchdog.reason().get() + " (" + rootCause(e) + ")", e);
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new BoostlineException("spark training failed (" + rootCause(e) + ")", e);
    } finally {
      spark.sparkContext().clearJobGroup();
      spark.sparkContext().removeSparkListener(watchdog);
    }
  }

  private TrainResult trainInGroup(
      DatasetManifest manifest, TrainOptions options, TrainingListener listener) {
    if (options.validation().groupBy().isPresent()
        || options.validation().timeColumn().isPresent()) {
      throw new BoostlineException(
          "the spark engine splits by a seeded random fraction only; group-by and time splits"
              + " train on one machine (drop --engine spark)");
    }
    String path = dataPath(manifest);
    Schema schema = manifest.schema();
    listener.onInfo("spark: reading " + path);
    Dataset<Row> raw = read(path, schema);
    String target = options.spec().target().orElseThrow();
    ColumnSchema targetColumn = schema.find(target).orElseThrow(() -> noColumn(target, schema));
    if (targetColumn.type() == ColumnType.DATETIME) {
      throw new BoostlineException(
          "target \"" + target + "\" is a datetime column; a target must be a number or a class");
    }
    Dataset<Row> rows = raw.where(col(target).isNotNull());
    long dropped = raw.count() - rows.count();
    List<String> notes = new ArrayList<>();
    if (dropped > 0) {
      String note = dropped + " rows with a missing target \"" + target + "\" were left out";
      notes.add(note);
      listener.onInfo(note);
    }
    Objective objective = objective(rows, targetColumn, options.params(), notes, listener);
    LabelEncoding labels = labels(rows, targetColumn, objective);

    double fraction = options.validation().fraction();
    long seed = options.params().seed();
    Dataset<Row> numbered = withPosition(rows, seed, fraction);
    Dataset<Row> trainRows = numbered.where(col(VALID).equalTo(false)).drop(VALID);
    Dataset<Row> validRows = numbered.where(col(VALID).equalTo(true)).drop(VALID);
    trainRows.cache();
    validRows.cache();
    long nTrain = trainRows.count();
    long nValid = fraction > 0 ? validRows.count() : 0;
    if (nTrain == 0) {
      throw new BoostlineException("no training rows are left after the validation split");
    }
    if (fraction > 0 && nValid == 0) {
      throw new BoostlineException("the validation split is empty; raise the validation fraction");
    }
    listener.onInfo("spark: " + nTrain + " training rows, " + nValid + " validation rows");

    FittedFeatures features = SparkFit.fit(options.spec(), schema, trainRows);
    features.definition().notes().forEach(listener::onInfo);
    Dataset<Row> train = vectors(trainRows, features, labels, options);
    Dataset<Row> valid = nValid > 0 ? vectors(validRows, features, labels, options) : null;

    XgbParams params = options.params();
    Map<String, Object> nativeParams = params.toMap(objective, labels.numClass());
    List<String> metrics = params.metrics(objective);
    String watched = (nValid > 0 ? "valid-" : "train-") + metrics.get(0);
    XgbSpark.Fitted model =
        XgbSpark.fit(
            train,
            Optional.ofNullable(valid),
            nativeParams,
            new XgbSpark.Settings(
                objective.task() == Task.REGRESSION,
                settings.workers(),
                settings.threadsPerWorker(),
                params.rounds(),
                nValid > 0 ? options.earlyStoppingRounds() : 0,
                features.featureNames(),
                features.featureTypes(),
                options.spec().weight().isPresent()),
            e -> new BoostlineException("spark training failed (" + rootCause(e) + ")", e));
    List<Map<String, Double>> history = model.history(metrics.get(0), nValid > 0);
    int rounds = model.rounds();
    int best = bestIteration(model, history, watched, options.earlyStoppingRounds(), rounds);
    double bestScore =
        history.isEmpty() || history.get(best).get(watched) == null
            ? Double.NaN
            : history.get(best).get(watched);
    for (int i = 0; i < history.size(); i++) {
      listener.onIteration(i, params.rounds(), history.get(i));
    }
    try {
      model.attribute("best_iteration", Integer.toString(best));
      model.attribute("best_score", Double.toString(bestScore));
      model.attribute("boostline_stopping_metric", watched);
      Map<String, Double> trainMetrics = metrics(model, sample(train, seed), labels, best);
      Map<String, Double> validMetrics =
          valid == null ? Map.of() : metrics(model, valid.collectAsList(), labels, best);
      Map<String, Map<String, Double>> importance = new LinkedHashMap<>();
      for (String type : List.of("gain", "cover", "weight")) {
        importance.put(type, model.importance(type));
      }
      notes.add(
          "trained on Spark "
              + spark.version()
              + " ("
              + spark.sparkContext().master()
              + ", "
              + settings.workers()
              + " workers x "
              + settings.threadsPerWorker()
              + " threads); validation rows chosen by a seeded hash of the row position");
      return TrainResult.builder()
          .objective(objective)
          .labels(labels)
          .features(features)
          .model(model.toUbj())
          .rounds(best, rounds)
          .stopping(watched, bestScore)
          .history(history)
          .metrics(trainMetrics, validMetrics)
          .importance(importance)
          .split(new TrainResult.SplitSizes((int) nTrain, (int) nValid, (int) dropped))
          .nativeParams(nativeParams)
          .notes(notes)
          .build();
    } finally {
      trainRows.unpersist();
      validRows.unpersist();
    }
  }

  private static final String VALID = "__boostline_valid";

  private String dataPath(DatasetManifest m) {
    if (settings.dataPath().isPresent()) {
      return settings.dataPath().get();
    }
    Path p = DatasetStore.open(home).directory(m.ref()).resolve("data.parquet");
    if (!Files.isRegularFile(p)) {
      throw new BoostlineException(p + ": the data file of " + m.ref() + " is missing");
    }
    return p.toUri().toString();
  }

  /** Reads the Parquet data and checks its columns against the manifest. */
  private Dataset<Row> read(String path, Schema schema) {
    Dataset<Row> df;
    try {
      df = spark.read().parquet(path);
    } catch (Exception e) { // Spark's AnalysisException is a checked exception in Java's eyes
      throw new BoostlineException("spark cannot read " + path + ": " + firstLine(e), e);
    }
    StructType actual = df.schema();
    for (ColumnSchema c : schema.columns()) {
      Optional<StructField> f =
          java.util.Arrays.stream(actual.fields())
              .filter(x -> x.name().equals(c.name()))
              .findFirst();
      if (f.isEmpty()) {
        throw new BoostlineException(
            path
                + ": schema mismatch: column \""
                + c.name()
                + "\" of the manifest is not in the data (it has "
                + List.of(actual.fieldNames())
                + ")");
      }
      if (!accepts(c.type(), f.get().dataType())) {
        throw new BoostlineException(
            path
                + ": schema mismatch: column \""
                + c.name()
                + "\" is "
                + f.get().dataType().simpleString()
                + " in the data, the manifest says "
                + c.type().id());
      }
    }
    return df.select(
        schema.names().stream().map(n -> col(n)).toArray(org.apache.spark.sql.Column[]::new));
  }

  private static boolean accepts(ColumnType type, DataType t) {
    return switch (type) {
      case INTEGER -> t == DataTypes.LongType || t == DataTypes.IntegerType;
      case DOUBLE -> t == DataTypes.DoubleType || t == DataTypes.FloatType;
      case BOOLEAN -> t == DataTypes.BooleanType;
      case CATEGORICAL, TEXT -> t == DataTypes.StringType;
      case DATETIME -> t == DataTypes.TimestampNTZType || t == DataTypes.TimestampType;
    };
  }

  private static IllegalArgumentException noColumn(String target, Schema schema) {
    return new IllegalArgumentException(
        "target column \"" + target + "\" is not in the dataset (columns: " + schema.names() + ")");
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** The objective: given, or inferred with the single-node trainer's rules. */
  private static Objective objective(
      Dataset<Row> rows,
      ColumnSchema target,
      XgbParams params,
      List<String> notes,
      TrainingListener listener) {
    if (params.objective().isPresent()) {
      return params.objective().get();
    }
    List<String> classes = distinct(rows, target, 3);
    Objective o;
    if (target.type().isNumeric()) {
      boolean zeroOne =
          classes.size() == 2
              && classes.stream()
                  .allMatch(v -> Double.parseDouble(v) == 0 || Double.parseDouble(v) == 1);
      o = zeroOne ? Objective.BINARY_LOGISTIC : Objective.SQUARED_ERROR;
    } else {
      List<String> all = distinct(rows, target, 1_000_000);
      if (all.size() < 2) {
        throw new BoostlineException(
            "target \"" + target.name() + "\" has only one class (" + all + "): nothing to learn");
      }
      o = all.size() == 2 ? Objective.BINARY_LOGISTIC : Objective.MULTI_SOFTPROB;
    }
    String note =
        "objective "
            + o.xgboostName()
            + " inferred from the "
            + target.type().id()
            + " target \""
            + target.name()
            + "\"";
    notes.add(note);
    listener.onInfo(note);
    return o;
  }

  /** Up to {@code limit} distinct target values as class texts, in the trainer's order. */
  private static List<String> distinct(Dataset<Row> rows, ColumnSchema target, int limit) {
    List<Row> values = rows.select(col(target.name())).distinct().limit(limit).collectAsList();
    if (target.type().isNumeric()) {
      TreeMap<Double, String> sorted = new TreeMap<>();
      for (Row r : values) {
        Object v = r.get(0);
        double d = ((Number) v).doubleValue();
        sorted.put(
            d,
            target.type() == ColumnType.INTEGER
                ? Long.toString(((Number) v).longValue())
                : Double.toString(d));
      }
      return List.copyOf(sorted.values());
    }
    java.util.TreeSet<String> sorted = new java.util.TreeSet<>();
    for (Row r : values) {
      sorted.add(String.valueOf(r.get(0)));
    }
    return List.copyOf(sorted);
  }

  private static LabelEncoding labels(Dataset<Row> rows, ColumnSchema target, Objective o) {
    if (o.task() == Task.REGRESSION) {
      if (!target.type().isNumeric()) {
        throw new BoostlineException(
            "objective "
                + o.xgboostName()
                + " needs a numeric target; \""
                + target.name()
                + "\" is "
                + target.type().id());
      }
      return new LabelEncoding(target.name(), Task.REGRESSION, List.of());
    }
    List<String> classes = distinct(rows, target, 1_000_000);
    if (classes.size() < 2) {
      throw new BoostlineException(
          "target \""
              + target.name()
              + "\" has only one class ("
              + classes
              + "): nothing to learn");
    }
    if (o.task() == Task.BINARY && classes.size() != 2) {
      throw new BoostlineException(
          "objective binary:logistic needs exactly two classes; \""
              + target.name()
              + "\" has "
              + classes.size()
              + " (use multi:softprob)");
    }
    return new LabelEncoding(target.name(), o.task(), classes);
  }

  /**
   * Adds the validation flag from each row's position among the rows with a target (a seeded hash,
   * see {@link #isValidation}).
   */
  private Dataset<Row> withPosition(Dataset<Row> rows, long seed, double fraction) {
    StructType flagged = rows.schema().add(VALID, DataTypes.BooleanType, false);
    org.apache.spark.api.java.JavaRDD<Row> out =
        rows.javaRDD()
            .zipWithIndex()
            .map(
                t -> {
                  Row r = t._1();
                  Object[] v = new Object[r.size() + 1];
                  for (int i = 0; i < r.size(); i++) {
                    v[i] = r.get(i);
                  }
                  v[r.size()] = fraction > 0 && isValidation(t._2(), seed, fraction);
                  return RowFactory.create(v);
                });
    return spark.createDataFrame(out, flagged);
  }

  private static final StructType VECTORS =
      new StructType(
          new StructField[] {
            new StructField("features", SQLDataTypes.VectorType(), false, Metadata.empty()),
            new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
            new StructField("weight", DataTypes.DoubleType, false, Metadata.empty())
          });

  /** Rows to (features, label, weight) with the fitted features' record path, on the executors. */
  private static Dataset<Row> vectors(
      Dataset<Row> rows, FittedFeatures features, LabelEncoding labels, TrainOptions options) {
    String json = features.toJson();
    String target = labels.target();
    Task task = labels.task();
    Map<String, Integer> index = new HashMap<>(labels.index());
    // Captured by the executors' closure: Optional is not serializable.
    String weight = options.spec().weight().orElse(null);
    String[] names = rows.columns();
    MapPartitionsFunction<Row, Row> toVectors =
        it -> {
          FittedFeatures f = FittedFeatures.fromJson(json);
          int width = f.size();
          List<Row> out = new ArrayList<>();
          Map<String, Object> record = new HashMap<>();
          while (it.hasNext()) {
            Row r = it.next();
            record.clear();
            Object y = null;
            double w = 1;
            for (int i = 0; i < names.length; i++) {
              Object v = r.get(i);
              if (names[i].equals(target)) {
                y = v;
              } else if (names[i].equals(weight)) {
                w = v == null ? Double.NaN : ((Number) v).doubleValue();
              } else {
                record.put(names[i], v instanceof java.sql.Timestamp t ? t.toLocalDateTime() : v);
              }
            }
            if (!(w >= 0)) {
              throw new BoostlineException(
                  "weight column \"" + weight + "\": " + w + " (weights must be present and >= 0)");
            }
            float[] x = new float[width];
            f.transform(record, x, 0);
            double[] d = new double[width];
            for (int k = 0; k < width; k++) {
              d[k] = x[k];
            }
            out.add(RowFactory.create(new DenseVector(d), label(y, task, index), w));
          }
          return out.iterator();
        };
    return rows.mapPartitions(toVectors, Encoders.row(VECTORS));
  }

  private static double label(Object y, Task task, Map<String, Integer> index) {
    if (task == Task.REGRESSION) {
      return ((Number) y).doubleValue();
    }
    String text =
        y instanceof Long l
            ? Long.toString(l)
            : y instanceof Integer i
                ? Integer.toString(i)
                : y instanceof Double d ? Double.toString(d) : String.valueOf(y);
    Integer k = index.get(text);
    if (k == null) {
      throw new BoostlineException(
          "target value \"" + text + "\" is not one of the classes " + index.keySet());
    }
    return k;
  }

  /** Cancels a job group when an executor is removed while it runs, keeping the reason. */
  private static final class ExecutorWatchdog extends org.apache.spark.scheduler.SparkListener {
    private final SparkSession spark;
    private final String group;
    private volatile String reason;

    ExecutorWatchdog(SparkSession spark, String group) {
      this.spark = spark;
      this.group = group;
    }

    @Override
    public void onExecutorRemoved(org.apache.spark.scheduler.SparkListenerExecutorRemoved e) {
      if (reason == null) {
        reason = "executor " + e.executorId() + " was lost (" + e.reason() + ")";
      }
      spark.sparkContext().cancelJobGroup(group);
    }

    @Override
    public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart e) {
      // A job submitted after the loss would wait for the lost slots as well.
      if (reason != null) {
        spark.sparkContext().cancelJobGroup(group);
      }
    }

    Optional<String> reason() {
      return Optional.ofNullable(reason);
    }
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String first = firstLine(e);
    return t == e
        ? first
        : first + " (cause: " + t.getClass().getSimpleName() + ": " + firstLine(t) + ")";
  }

  private static int bestIteration(
      XgbSpark.Fitted model,
      List<Map<String, Double>> history,
      String watched,
      int patience,
      int rounds) {
    if (patience == 0 || history.isEmpty()) {
      return rounds - 1;
    }
    Optional<String> attr = model.attribute("best_iteration");
    if (attr.isPresent()) {
      return Integer.parseInt(attr.get().trim());
    }
    boolean maximize =
        dev.boostline.metrics.Metric.xgboostMaximizes(watched.substring(watched.indexOf('-') + 1));
    int best = 0;
    for (int i = 1; i < history.size(); i++) {
      double v = history.get(i).get(watched);
      double b = history.get(best).get(watched);
      if (maximize ? v > b : v < b) {
        best = i;
      }
    }
    return best;
  }

  private static List<Row> sample(Dataset<Row> train, long seed) {
    long n = train.count();
    if (n <= TRAIN_METRIC_ROWS) {
      return train.collectAsList();
    }
    double f = Math.min(1.0, TRAIN_METRIC_ROWS * 1.05 / n);
    List<Row> rows = train.sample(false, f, seed).collectAsList();
    return rows.size() > TRAIN_METRIC_ROWS ? rows.subList(0, TRAIN_METRIC_ROWS) : rows;
  }

  /** Task metrics of rows (features, label, weight) at the best iteration, on the driver. */
  private static Map<String, Double> metrics(
      XgbSpark.Fitted model, List<Row> rows, LabelEncoding labels, int best) {
    int n = rows.size();
    if (n == 0) {
      return Map.of();
    }
    int width = ((Vector) rows.get(0).get(0)).size();
    float[] x = new float[n * width];
    float[] y = new float[n];
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      double[] v = ((Vector) r.get(0)).toArray();
      for (int k = 0; k < width; k++) {
        x[i * width + k] = (float) v[k];
      }
      y[i] = (float) r.getDouble(1);
      w[i] = (float) r.getDouble(2);
    }
    float[][] out = model.predict(x, n, width, best + 1);
    return Trainer.finalMetrics(labels, out, y, w);
  }
}
