package dev.boostline.model.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boostline.internal.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * XGBoost's trees in flat arrays (no per-node objects), evaluated in pure Java with the native
 * library's arithmetic: leaf values summed in float32 in tree order onto the base margin, then the
 * objective's output transform in float32. Immutable and thread-safe; scoring allocates only the
 * output array.
 *
 * <p>{@link #parse} refuses (returns empty, with the reason) anything it does not implement
 * exactly: boosters other than gbtree, objectives other than binary:logistic,
 * multi:softprob/softmax, reg:squarederror, reg:absoluteerror, reg:tweedie, count:poisson, vector
 * leaves, several parallel trees per round.
 */
public final class TreeEnsemble {
  /** Why a model cannot be evaluated here. */
  public record Unsupported(String reason) {}

  private enum Transform {
    SIGMOID,
    SOFTMAX,
    IDENTITY,
    EXP
  }

  private final int[] left;
  private final int[] right;
  private final int[] feature;
  private final float[] value; // split condition, or the leaf value at leaves
  private final boolean[] defaultLeft;
  private final int[] catOffset; // -1 for numerical splits; else first word in catBits
  private final int[] catWords;
  private final long[] catBits;
  private final int[] roots;
  private final int[] group;
  private final int groups;
  private final float[] baseMargin;
  private final Transform transform;
  private final int features;

  private TreeEnsemble(Builder b) {
    left = b.left.stream().mapToInt(Integer::intValue).toArray();
    right = b.right.stream().mapToInt(Integer::intValue).toArray();
    feature = b.feature.stream().mapToInt(Integer::intValue).toArray();
    value = new float[b.value.size()];
    for (int i = 0; i < value.length; i++) {
      value[i] = b.value.get(i);
    }
    defaultLeft = new boolean[b.defaultLeft.size()];
    for (int i = 0; i < defaultLeft.length; i++) {
      defaultLeft[i] = b.defaultLeft.get(i);
    }
    catOffset = b.catOffset.stream().mapToInt(Integer::intValue).toArray();
    catWords = b.catWords.stream().mapToInt(Integer::intValue).toArray();
    catBits = b.catBits.stream().mapToLong(Long::longValue).toArray();
    roots = b.roots.stream().mapToInt(Integer::intValue).toArray();
    group = b.group.stream().mapToInt(Integer::intValue).toArray();
    groups = b.groups;
    baseMargin = b.baseMargin;
    transform = b.transform;
    features = b.features;
  }

  /** Number of trees used. */
  public int trees() {
    return roots.length;
  }

  /** Approximate bytes held. */
  public long memoryBytes() {
    return (long) left.length * (4 + 4 + 4 + 4 + 1 + 4 + 4)
        + catBits.length * 8L
        + roots.length * 8L;
  }

  /**
   * Parses XGBoost's JSON model, keeping the trees of the first {@code iterations} rounds.
   *
   * @return the ensemble, or the reason it is not supported
   */
  public static Object parse(byte[] json, int iterations) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(json);
    } catch (IOException e) {
      return new Unsupported("the model JSON does not parse: " + e.getMessage());
    }
    JsonNode learner = root.path("learner");
    JsonNode booster = learner.path("gradient_booster");
    String name = booster.path("name").asText("");
    if (!name.equals("gbtree")) {
      return new Unsupported("booster " + name + " (only gbtree is evaluated in Java)");
    }
    String objective = learner.path("objective").path("name").asText("");
    Transform t;
    switch (objective) {
      case "binary:logistic" -> t = Transform.SIGMOID;
      case "multi:softprob", "multi:softmax" -> t = Transform.SOFTMAX;
      case "reg:squarederror", "reg:absoluteerror" -> t = Transform.IDENTITY;
      case "reg:tweedie", "count:poisson" -> t = Transform.EXP;
      default -> {
        return new Unsupported("objective " + objective);
      }
    }
    JsonNode mp = learner.path("learner_model_param");
    int numClass = Math.max(1, Integer.parseInt(mp.path("num_class").asText("0")));
    if (!mp.path("num_target").asText("1").equals("1")) {
      return new Unsupported("multi-target models");
    }
    String[] bs = mp.path("base_score").asText("0.5").replace("[", "").replace("]", "").split(",");
    if (bs.length != 1 && bs.length != numClass) {
      return new Unsupported(
          "a base_score of " + bs.length + " values for " + numClass + " classes");
    }
    float[] margin = new float[numClass];
    for (int g = 0; g < numClass; g++) {
      float base = Float.parseFloat(bs[bs.length == 1 ? 0 : g].trim());
      margin[g] =
          switch (t) {
            case SIGMOID -> (float) -Math.log(1.0f / base - 1.0f);
            case EXP -> (float) Math.log(base);
            default -> base;
          };
    }
    JsonNode model = booster.path("model");
    int parallel =
        Integer.parseInt(model.path("gbtree_model_param").path("num_parallel_tree").asText("1"));
    if (parallel != 1) {
      return new Unsupported("num_parallel_tree " + parallel);
    }
    JsonNode trees = model.path("trees");
    JsonNode info = model.path("tree_info");
    int use = Math.min(trees.size(), iterations * numClass);
    Builder b = new Builder();
    b.groups = numClass;
    b.baseMargin = margin;
    b.transform = t;
    b.features = Integer.parseInt(mp.path("num_feature").asText("0"));
    for (int i = 0; i < use; i++) {
      JsonNode tree = trees.get(i);
      if (!tree.path("tree_param").path("size_leaf_vector").asText("1").matches("[01]")) {
        return new Unsupported("vector leaves");
      }
      Optional<String> problem = b.add(tree, info.get(i).asInt());
      if (problem.isPresent()) {
        return new Unsupported(problem.get());
      }
    }
    return new TreeEnsemble(b);
  }

  /**
   * Scores one row of float32 features into {@code out} (one value, or one per class).
   *
   * @param x the row, NaN for missing
   */
  public void predict(float[] x, int offset, float[] out) {
    for (int g = 0; g < groups; g++) {
      out[g] = baseMargin[g];
    }
    for (int t = 0; t < roots.length; t++) {
      int n = roots[t];
      while (left[n] >= 0) {
        float v = x[offset + feature[n]];
        if (Float.isNaN(v)) {
          n = defaultLeft[n] ? left[n] : right[n];
        } else if (catOffset[n] >= 0) {
          n = inSet(n, v) ? right[n] : left[n];
        } else {
          n = v < value[n] ? left[n] : right[n];
        }
      }
      out[group[t]] += value[n];
    }
    switch (transform) {
      case SIGMOID -> out[0] = 1.0f / ((float) Math.exp(Math.min(-out[0], 88.7f)) + 1.0f);
      case EXP -> out[0] = (float) Math.exp(out[0]);
      case SOFTMAX -> softmax(out);
      default -> {}
    }
  }

  private boolean inSet(int n, float v) {
    // Invalid categories (negative, or beyond the set) are "not in the set", as in XGBoost.
    if (v < 0 || v >= (1 << 24)) {
      return false;
    }
    int c = (int) v;
    int word = c >>> 6;
    if (word >= catWords[n]) {
      return false;
    }
    return (catBits[catOffset[n] + word] & (1L << (c & 63))) != 0;
  }

  private static void softmax(float[] out) {
    float max = out[0];
    for (float v : out) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int k = 0; k < out.length; k++) {
      out[k] = (float) Math.exp(out[k] - max);
      sum += out[k];
    }
    float s = (float) sum;
    for (int k = 0; k < out.length; k++) {
      out[k] /= s;
    }
  }

  /** Outputs per row of a row-major matrix. */
  public float[][] predict(float[] features, int rows, int cols) {
    if (cols != this.features && this.features != 0) {
      throw new IllegalArgumentException(
          "the model has " + this.features + " features, got " + cols);
    }
    float[][] out = new float[rows][groups];
    for (int r = 0; r < rows; r++) {
      predict(features, r * cols, out[r]);
    }
    return out;
  }

  private static final class Builder {
    final List<Integer> left = new ArrayList<>();
    final List<Integer> right = new ArrayList<>();
    final List<Integer> feature = new ArrayList<>();
    final List<Float> value = new ArrayList<>();
    final List<Boolean> defaultLeft = new ArrayList<>();
    final List<Integer> catOffset = new ArrayList<>();
    final List<Integer> catWords = new ArrayList<>();
    final List<Long> catBits = new ArrayList<>();
    final List<Integer> roots = new ArrayList<>();
    final List<Integer> group = new ArrayList<>();
    int groups;
    float[] baseMargin;
    Transform transform;
    int features;

    Optional<String> add(JsonNode tree, int treeGroup) {
      int base = left.size();
      JsonNode l = tree.path("left_children");
      JsonNode r = tree.path("right_children");
      JsonNode si = tree.path("split_indices");
      JsonNode sc = tree.path("split_conditions");
      JsonNode dl = tree.path("default_left");
      JsonNode st = tree.path("split_type");
      int n = l.size();
      if (r.size() != n || si.size() != n || sc.size() != n || dl.size() != n) {
        return Optional.of("tree " + tree.path("id").asInt() + " has arrays of different lengths");
      }
      int[] cats = new int[n];
      java.util.Arrays.fill(cats, -1);
      JsonNode nodes = tree.path("categories_nodes");
      JsonNode segs = tree.path("categories_segments");
      JsonNode sizes = tree.path("categories_sizes");
      JsonNode values = tree.path("categories");
      int[] words = new int[n];
      for (int k = 0; k < nodes.size(); k++) {
        int node = nodes.get(k).asInt();
        int seg = segs.get(k).asInt();
        int size = sizes.get(k).asInt();
        int maxCat = -1;
        for (int j = seg; j < seg + size; j++) {
          maxCat = Math.max(maxCat, values.get(j).asInt());
        }
        int w = maxCat / 64 + 1;
        long[] bits = new long[w];
        for (int j = seg; j < seg + size; j++) {
          int c = values.get(j).asInt();
          bits[c >>> 6] |= 1L << (c & 63);
        }
        cats[node] = catBits.size();
        words[node] = w;
        for (long v : bits) {
          catBits.add(v);
        }
      }
      for (int i = 0; i < n; i++) {
        int li = l.get(i).asInt();
        boolean leaf = li == -1;
        if (!leaf && st.size() == n && st.get(i).asInt() == 1 && cats[i] < 0) {
          // A categorical split with an empty set: every category goes left.
          cats[i] = catBits.size();
          words[i] = 0;
        }
        left.add(leaf ? -1 : base + li);
        right.add(leaf ? -1 : base + r.get(i).asInt());
        feature.add(si.get(i).asInt());
        value.add(sc.get(i).floatValue());
        defaultLeft.add(dl.get(i).asInt() == 1);
        catOffset.add(leaf ? -1 : cats[i]);
        catWords.add(words[i]);
      }
      roots.add(base);
      if (treeGroup < 0 || treeGroup >= groups) {
        return Optional.of(
            String.format(Locale.ROOT, "tree group %d outside %d classes", treeGroup, groups));
      }
      group.add(treeGroup);
      return Optional.empty();
    }
  }
}
