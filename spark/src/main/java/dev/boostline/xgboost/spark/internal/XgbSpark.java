package dev.boostline.xgboost.spark.internal;

import dev.boostline.common.BoostlineException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.scala.Booster;
import ml.dmlc.xgboost4j.scala.DMatrix;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import ml.dmlc.xgboost4j.scala.spark.XGBoostEstimator;
import ml.dmlc.xgboost4j.scala.spark.XGBoostModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import ml.dmlc.xgboost4j.scala.spark.XGBoostTrainingSummary;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The spark module's only xgboost4j-spark code (as {@code xgboost.internal} is core's only
 * xgboost4j code): fits {@code XGBoostClassifier}/{@code XGBoostRegressor} on vector rows and reads
 * the result. {@link XGBoostError} is translated here, once, into {@link BoostlineException}.
 */
public final class XgbSpark {
  private XgbSpark() {}

  /**
   * How to fit.
   *
   * @param regression a regressor, else a classifier
   * @param workers XGBoost workers (Spark tasks training at once)
   * @param threadsPerWorker XGBoost threads in each worker
   * @param rounds boosting rounds at most
   * @param earlyStoppingRounds stop after this many rounds without validation gain (0: never)
   * @param weighted whether rows carry a {@code weight} column
   */
  public record Settings(
      boolean regression,
      int workers,
      int threadsPerWorker,
      int rounds,
      int earlyStoppingRounds,
      List<String> featureNames,
      List<String> featureTypes,
      boolean weighted) {
    public Settings {
      featureNames = List.copyOf(featureNames);
      featureTypes = List.copyOf(featureTypes);
    }
  }

  /**
   * Fits on rows with columns {@code features} (a vector), {@code label} and optionally {@code
   * weight}; {@code valid} is the evaluation set (early stopping watches it).
   *
   * @param nativeParams XGBoost's parameter map (thread and verbosity settings are dropped: the
   *     settings and Spark own them)
   * @param describe turns a failure into the words of the error (the caller knows the context)
   */
  public static Fitted fit(
      Dataset<Row> train,
      Optional<Dataset<Row>> valid,
      Map<String, Object> nativeParams,
      Settings settings,
      Function<RuntimeException, BoostlineException> describe) {
    Map<String, Object> p = new LinkedHashMap<>(nativeParams);
    p.remove("nthread");
    p.remove("validate_parameters");
    p.remove("verbosity");
    scala.collection.immutable.Map<String, Object> scalaParams =
        scala.collection.JavaConverters.mapAsScalaMapConverter(p)
            .asScala()
            .toMap(scala.Predef$.MODULE$.$conforms());
    try {
      if (settings.regression()) {
        XGBoostRegressor r = new XGBoostRegressor(scalaParams);
        configure(r, valid, settings);
        return new Fitted(r.fit(train));
      }
      XGBoostClassifier c = new XGBoostClassifier(scalaParams);
      configure(c, valid, settings);
      return new Fitted(c.fit(train));
    } catch (RuntimeException e) {
      throw describe.apply(e);
    }
  }

  private static void configure(
      XGBoostEstimator<?, ?> e, Optional<Dataset<Row>> valid, Settings settings) {
    org.apache.spark.ml.param.Params p = (org.apache.spark.ml.param.Params) e;
    p.set(p.getParam("featuresCol"), "features");
    p.set(p.getParam("labelCol"), "label");
    if (settings.weighted()) {
      p.set(p.getParam("weightCol"), "weight");
    }
    e.setNumWorkers(settings.workers());
    e.setNthread(settings.threadsPerWorker());
    e.setNumRound(settings.rounds());
    e.setMissing(Float.NaN);
    e.setFeatureNames(settings.featureNames().toArray(String[]::new));
    e.setFeatureTypes(settings.featureTypes().toArray(String[]::new));
    if (valid.isPresent()) {
      e.setEvalDataset(valid.get());
      if (settings.earlyStoppingRounds() > 0) {
        e.setNumEarlyStoppingRounds(settings.earlyStoppingRounds());
      }
    }
  }

  /** A fitted model and its booster (owned by the Spark model; not closed here). */
  public static final class Fitted {
    private final XGBoostModel<?> model;
    private final Booster booster;

    private Fitted(XGBoostModel<?> model) {
      this.model = model;
      this.booster = model.nativeBooster();
    }

    /** Rounds boosted. */
    public int rounds() {
      return (int) booster.getNumBoostedRound();
    }

    /**
     * Per round the training (and validation) value of {@code metric}, keyed {@code train-<metric>}
     * and {@code valid-<metric>}.
     */
    public List<Map<String, Double>> history(String metric, boolean valid) {
      List<Map<String, Double>> out = new ArrayList<>();
      if (model.summary().isEmpty()) {
        return out;
      }
      XGBoostTrainingSummary s = model.summary().get();
      float[] train = s.trainObjectiveHistory();
      float[] validation = null;
      if (valid && s.validationObjectiveHistory().nonEmpty()) {
        validation = s.validationObjectiveHistory().head()._2();
      }
      for (int i = 0; i < train.length; i++) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("train-" + metric, (double) train[i]);
        if (validation != null && i < validation.length) {
          m.put("valid-" + metric, (double) validation[i]);
        }
        out.add(m);
      }
      return out;
    }

    /** An attribute of the booster ({@code best_iteration} after early stopping), if set. */
    public Optional<String> attribute(String name) {
      try {
        return Optional.ofNullable(booster.getAttr(name));
      } catch (XGBoostError e) {
        throw new BoostlineException("cannot read the model's " + name + ": " + e.getMessage(), e);
      }
    }

    /** Sets an attribute of the booster (stored in the model file). */
    public void attribute(String name, String value) {
      try {
        booster.setAttr(name, value);
      } catch (XGBoostError e) {
        throw new BoostlineException("cannot set the model's " + name + ": " + e.getMessage(), e);
      }
    }

    /**
     * Outputs of row-major float32 features ({@code rows x width}, NaN missing) with rounds {@code
     * 0..rounds-1}.
     */
    public float[][] predict(float[] x, int rows, int width, int rounds) {
      try {
        DMatrix m = new DMatrix(x, rows, width, Float.NaN);
        try {
          return booster.predict(m, false, rounds);
        } finally {
          m.delete();
        }
      } catch (XGBoostError e) {
        throw new BoostlineException("xgboost failed to predict: " + e.getMessage(), e);
      }
    }

    /**
     * Feature importance of one type ({@code gain}, {@code cover}, {@code weight}) by the model's
     * own feature names and types (a names-only feature map makes XGBoost reject categorical
     * splits).
     */
    public Map<String, Double> importance(String type) {
      try {
        scala.collection.immutable.Map<String, Object> s = booster.getScore("", type);
        Map<String, Double> out = new TreeMap<>();
        for (Map.Entry<String, Object> e :
            scala.collection.JavaConverters.mapAsJavaMapConverter(s).asJava().entrySet()) {
          out.put(e.getKey(), ((Number) e.getValue()).doubleValue());
        }
        return out;
      } catch (XGBoostError e) {
        throw new BoostlineException("cannot read feature importance: " + e.getMessage(), e);
      }
    }

    /** The model as UBJSON bytes. */
    public byte[] toUbj() {
      try {
        return booster.toByteArray("ubj");
      } catch (XGBoostError e) {
        throw new BoostlineException("cannot save the model: " + e.getMessage(), e);
      }
    }
  }
}
