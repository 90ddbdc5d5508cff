package dev.boostline.xgboost.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.boostline.common.BoostlineException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * An XGBoost booster with one owner: its native memory is freed by {@link #close()}, never by the
 * garbage collector.
 *
 * <p>Thread safety: {@link #predict} may run from several threads at once; training methods ({@link
 * #update}, {@link #setAttribute}) must not run concurrently with anything else, and {@link
 * #close()} must only be called once no other thread uses the booster (the scorer guarantees this
 * with reference counting).
 */
public final class NativeBooster implements AutoCloseable {
  private final Booster booster;
  private volatile boolean closed;

  private NativeBooster(Booster booster) {
    this.booster = booster;
  }

  /** The version of xgboost4j in use. */
  public static String xgboostVersion() {
    return Xgb.version();
  }

  /**
   * A new booster with no trees, for the given parameters, caching predictions for the given
   * matrices (the training matrix first).
   */
  public static NativeBooster create(Map<String, Object> params, NativeMatrix train) {
    Map<String, Object> rest = new HashMap<>(params);
    Object metrics = rest.remove("eval_metric");
    try {
      Booster b = XGBoost.train(train.matrix, rest, 0, new HashMap<>(), null, null);
      // Several metrics are set one call each: the native side appends them.
      if (metrics instanceof List<?> list) {
        for (Object m : list) {
          b.setParam("eval_metric", m.toString());
        }
      } else if (metrics != null) {
        b.setParam("eval_metric", metrics.toString());
      }
      return new NativeBooster(b);
    } catch (XGBoostError e) {
      throw Xgb.translate("creating the booster", e);
    }
  }

  /** Loads a model saved by {@link #toUbj()} (UBJSON; JSON is accepted too). */
  public static NativeBooster load(byte[] model) {
    try {
      return new NativeBooster(XGBoost.loadModel(model));
    } catch (XGBoostError | IOException e) {
      throw Xgb.translate(
          "loading a model",
          e instanceof XGBoostError x ? x : new XGBoostError(String.valueOf(e.getMessage())));
    }
  }

  /** One boosting round on the training matrix. */
  public void update(NativeMatrix train, int iteration) {
    try {
      booster.update(train.matrix, iteration);
    } catch (XGBoostError e) {
      throw Xgb.translate("boosting round " + iteration, e);
    }
  }

  /**
   * Evaluates the configured metrics on named matrices.
   *
   * @return XGBoost's evaluation line, e.g. {@code [3]\ttrain-logloss:0.5\tvalid-logloss:0.6}
   */
  public String evaluate(List<NativeMatrix> sets, List<String> names, int iteration) {
    try {
      DMatrix[] m = sets.stream().map(s -> s.matrix).toArray(DMatrix[]::new);
      return booster.evalSet(m, names.toArray(String[]::new), iteration);
    } catch (XGBoostError e) {
      throw Xgb.translate("evaluating round " + iteration, e);
    }
  }

  /**
   * In-place prediction on row-major float32 data (no DMatrix).
   *
   * @param iterations use trees of the first {@code iterations} rounds; 0 for all
   * @param margin raw scores instead of transformed ones (probabilities)
   * @return one row of outputs per input row (one output, or one per class)
   */
  public float[][] predict(float[] data, int rows, int cols, int iterations, boolean margin) {
    try {
      return booster.inplace_predict(
          data,
          rows,
          cols,
          Float.NaN,
          new int[] {0, iterations},
          margin ? Booster.PredictionType.kMargin : Booster.PredictionType.kValue,
          null);
    } catch (XGBoostError e) {
      throw Xgb.translate("predicting", e);
    }
  }

  /**
   * Prediction of every tree on a DMatrix. On a matrix this booster trained or evaluated on,
   * XGBoost answers from its prediction cache (the margins it kept up to date while boosting)
   * instead of walking every tree again.
   *
   * @return one row of outputs per input row (one output, or one per class)
   */
  public float[][] predictAll(NativeMatrix matrix) {
    try {
      return booster.predict(matrix.matrix, false, 0);
    } catch (XGBoostError e) {
      throw Xgb.translate("predicting", e);
    }
  }

  /**
   * SHAP contributions: per row, one value per feature and a last one for the bias, in margin units
   * (for multiclass, one block of features + 1 per class).
   */
  public float[][] contributions(NativeMatrix matrix, int iterations) {
    try {
      return booster.predictContrib(matrix.matrix, iterations);
    } catch (XGBoostError e) {
      throw Xgb.translate("computing SHAP contributions", e);
    }
  }

  /** Importance of each feature by name: {@code gain}, {@code cover}, {@code weight}, ... */
  public Map<String, Double> importance(List<String> featureNames, String type) {
    try {
      // An empty feature map makes XGBoost use the names and types stored in the model (a
      // names-only map would declare every feature numerical and fail on categorical splits).
      Map<String, Double> byName = booster.getScore("", type);
      Map<String, Double> out = new java.util.LinkedHashMap<>();
      for (String f : featureNames) {
        Double v = byName.get(f);
        if (v != null) {
          out.put(f, v);
        }
      }
      return out;
    } catch (XGBoostError e) {
      throw Xgb.translate("reading feature importance", e);
    }
  }

  public void setAttribute(String key, String value) {
    try {
      booster.setAttr(key, value);
    } catch (XGBoostError e) {
      throw Xgb.translate("setting attribute " + key, e);
    }
  }

  public String attribute(String key) {
    try {
      return booster.getAttr(key);
    } catch (XGBoostError e) {
      throw Xgb.translate("reading attribute " + key, e);
    }
  }

  /** Number of boosting rounds in the model. */
  public int rounds() {
    try {
      return booster.getNumBoostedRound();
    } catch (XGBoostError e) {
      throw Xgb.translate("reading the number of rounds", e);
    }
  }

  /** The model as UBJSON bytes. */
  public byte[] toUbj() {
    try {
      return booster.toByteArray("ubj");
    } catch (XGBoostError e) {
      throw Xgb.translate("saving the model", e);
    }
  }

  /**
   * The model cut to its first {@code rounds} boosting rounds, as UBJSON: exactly the trees that
   * prediction with {@code iteration_range=(0, rounds)} uses, so a consumer that predicts with
   * every tree (MLflow's xgboost flavor, Azure ML's no-code deployment) scores as Boostline does.
   * The bytes are returned unchanged when the model has exactly {@code rounds} rounds. Parameters,
   * attributes, feature names and types and {@code base_score} are kept.
   *
   * <p>xgboost4j has no slicing call, so the cut is made on the model's JSON form: the {@code
   * trees}, {@code tree_info} and {@code iteration_indptr} arrays are truncated and {@code
   * num_trees} updated. Numbers are copied as their original text, so every split and leaf keeps
   * its float32 value.
   *
   * @param model UBJSON (or JSON) bytes of a gbtree model
   * @param rounds 1 to the model's number of rounds
   * @throws IllegalArgumentException when {@code rounds} is out of range
   * @throws BoostlineException when the model is not a gbtree model or its layout is not one this
   *     method knows
   */
  public static byte[] slice(byte[] model, int rounds) {
    byte[] json;
    int total;
    try (NativeBooster full = load(model)) {
      total = full.rounds();
      if (rounds < 1 || rounds > total) {
        throw new IllegalArgumentException(
            "cannot keep " + rounds + " rounds of a model of " + total + " rounds");
      }
      if (rounds == total) {
        return model;
      }
      json = full.toJson();
    }
    JsonNode root;
    try {
      root = READER.readTree(json);
    } catch (IOException e) {
      throw new BoostlineException("cannot read the model's JSON form: " + e.getMessage(), e);
    }
    JsonNode booster = root.path("learner").path("gradient_booster");
    if (!booster.path("name").asText().equals("gbtree")) {
      throw new BoostlineException(
          "only gbtree models can be cut to their best iteration; this one is \""
              + booster.path("name").asText()
              + "\"");
    }
    JsonNode trees = booster.path("model");
    int count = trees.path("trees").size();
    JsonNode indptr = trees.get("iteration_indptr");
    int keep;
    if (indptr != null && indptr.isArray() && indptr.size() == total + 1) {
      keep = indptr.get(rounds).asInt();
    } else if (indptr == null && count % total == 0) {
      keep = count / total * rounds;
    } else {
      throw new BoostlineException(
          "unexpected model layout: "
              + count
              + " trees, "
              + total
              + " rounds, iteration_indptr "
              + indptr);
    }
    if (trees.path("tree_info").size() != count || keep > count || keep < 1) {
      throw new BoostlineException(
          "unexpected model layout: "
              + count
              + " trees, "
              + trees.path("tree_info").size()
              + " tree_info entries, "
              + keep
              + " trees to keep");
    }
    byte[] cutJson;
    try {
      cutJson = new JsonCut(keep, rounds).apply(json);
    } catch (IOException e) {
      throw new BoostlineException("cannot cut the model's JSON form: " + e.getMessage(), e);
    }
    try (NativeBooster cut = load(cutJson)) {
      if (cut.rounds() != rounds) {
        throw new BoostlineException(
            "cutting the model to " + rounds + " rounds left " + cut.rounds() + " rounds");
      }
      return cut.toUbj();
    }
  }

  private static final ObjectMapper READER =
      JsonMapper.builder()
          .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  /**
   * Copies a model's JSON token by token, keeping the first {@code trees} entries of {@code trees}
   * and {@code tree_info}, the first {@code rounds + 1} of {@code iteration_indptr}, and setting
   * {@code num_trees}. Numbers are copied as their original text, so no value is re-rounded and no
   * float turns into an integer.
   */
  private record JsonCut(int trees, int rounds) {
    private static final String MODEL = "/learner/gradient_booster/model/";

    byte[] apply(byte[] json) throws IOException {
      JsonFactory factory =
          JsonFactory.builder()
              .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
              .build();
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(json.length);
      try (JsonParser p = factory.createParser(json);
          JsonGenerator g = factory.createGenerator(out)) {
        p.nextToken();
        copy(p, g, "");
      }
      return out.toByteArray();
    }

    private void copy(JsonParser p, JsonGenerator g, String path) throws IOException {
      JsonToken t = p.currentToken();
      switch (t) {
        case START_OBJECT -> {
          g.writeStartObject();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            g.writeFieldName(name);
            p.nextToken();
            String child = path + "/" + name;
            if (child.equals(MODEL + "gbtree_model_param/num_trees")) {
              g.writeString(Integer.toString(trees));
            } else {
              copy(p, g, child);
            }
          }
          g.writeEndObject();
        }
        case START_ARRAY -> {
          int limit =
              switch (path) {
                case MODEL + "trees", MODEL + "tree_info" -> trees;
                case MODEL + "iteration_indptr" -> rounds + 1;
                default -> Integer.MAX_VALUE;
              };
          g.writeStartArray();
          int i = 0;
          while (p.nextToken() != JsonToken.END_ARRAY) {
            if (i++ < limit) {
              copy(p, g, path + "/");
            } else {
              p.skipChildren();
            }
          }
          g.writeEndArray();
        }
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
        case VALUE_STRING -> g.writeString(p.getText());
        case VALUE_TRUE, VALUE_FALSE -> g.writeBoolean(t == JsonToken.VALUE_TRUE);
        case VALUE_NULL -> g.writeNull();
        default -> throw new IOException("unexpected token " + t);
      }
    }
  }

  /** The model as JSON text (for inspection and the pure-Java evaluator). */
  public byte[] toJson() {
    try {
      return booster.toByteArray("json");
    } catch (XGBoostError e) {
      throw Xgb.translate("saving the model as JSON", e);
    }
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      booster.dispose();
    }
  }
}
