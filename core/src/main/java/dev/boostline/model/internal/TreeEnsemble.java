package dev.boostline.model.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boostline.util.internal.json.Json;
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
 * <p>Three walks, chosen by the model's shape: numeric trees up to depth {@value
 * #MAX_COMPLETE_DEPTH} as complete trees in heap order (8 bytes a split, no child pointers), deeper
 * numeric trees in a packed node array, both walking four trees at once per row with no
 * data-dependent branch (eight at once, without the missing-value test, for a row of complete trees
 * with no missing value); models with categorical splits one tree at a time.
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

  /** Trees walked together for one row, so their independent load chains overlap. */
  private static final int BLOCK = 4;

  /** Trees walked together for a row without missing values in the complete-tree layout. */
  private static final int DENSE_BLOCK = 8;

  private static final int STRIDE = 4; // ints per node: info, threshold, left child, leaf value
  private static final int FEATURE_MASK = (1 << 30) - 1;
  private static final int CATEGORICAL = 1 << 30;
  private static final int MISSING_RIGHT = 1 << 31;
  private static final int NAN_BITS = Float.floatToRawIntBits(Float.NaN);

  /**
   * Every node of every tree, {@value #STRIDE} ints each: {@code info} (feature index, plus flags
   * for "categorical split" and "missing goes right"), the split threshold's float bits, the index
   * of the left child (the right child follows it), and the leaf value's float bits. A leaf points
   * to itself with a NaN threshold, so a walk may take more steps than the leaf's depth and stay
   * there: {@code x >= NaN} is false and a leaf never sends missing right.
   */
  private final int[] nodes; // null when the complete-tree layout below replaces it

  private final int[] catOffset; // per node: first word in catBits, or -1; null without categories
  private final int[] catWords;
  private final long[] catBits;
  private final int[] roots;
  private final int[] depth; // per tree: longest path from the root to a leaf, in splits
  private final int[] blockDepth; // per block of BLOCK trees: the largest depth in it
  private final int[] group;

  /**
   * Numeric models of depth at most {@value #MAX_COMPLETE_DEPTH}: every tree padded to the same
   * complete depth {@code completeDepth} and stored in heap order (children of slot {@code i} at
   * {@code 2i+1} and {@code 2i+2}), one long per split (feature and flags in the high half, the
   * threshold's bits in the low half), so a walk needs no child pointers and half the bytes of
   * {@link #nodes}. A leaf above the full depth becomes a pass-through split whose two subtrees are
   * copies of it. Null for other models.
   */
  private final long[] splits;

  private final float[] leaves; // per tree 2^completeDepth leaf values, in heap order
  private final int completeDepth;

  /** Deepest model laid out as complete trees (a tree of depth 8 takes 255 splits, 256 leaves). */
  static final int MAX_COMPLETE_DEPTH = 8;

  private final int groups;
  private final float[] baseMargin;
  private final Transform transform;
  private final int features;
  private final int maxFeature; // largest feature index a split reads, -1 without splits

  private TreeEnsemble(Builder b) {
    int[] packed = b.nodes.stream().mapToInt(Integer::intValue).toArray();
    boolean categorical = !b.catBits.isEmpty() || b.emptyCategorySets;
    catOffset = categorical ? b.catOffset.stream().mapToInt(Integer::intValue).toArray() : null;
    catWords = categorical ? b.catWords.stream().mapToInt(Integer::intValue).toArray() : null;
    catBits = b.catBits.stream().mapToLong(Long::longValue).toArray();
    roots = b.roots.stream().mapToInt(Integer::intValue).toArray();
    depth = b.depth.stream().mapToInt(Integer::intValue).toArray();
    blockDepth = new int[roots.length / BLOCK];
    for (int k = 0; k < blockDepth.length; k++) {
      for (int j = 0; j < BLOCK; j++) {
        blockDepth[k] = Math.max(blockDepth[k], depth[k * BLOCK + j]);
      }
    }
    group = b.group.stream().mapToInt(Integer::intValue).toArray();
    int deepest = 0;
    for (int d : depth) {
      deepest = Math.max(deepest, d);
    }
    if (categorical || deepest > MAX_COMPLETE_DEPTH) {
      splits = null;
      leaves = null;
      completeDepth = -1;
    } else {
      completeDepth = deepest;
      int inner = (1 << deepest) - 1;
      splits = new long[roots.length * inner];
      leaves = new float[roots.length * (inner + 1)];
      for (int t = 0; t < roots.length; t++) {
        layOut(packed, t * inner, t * (inner + 1), roots[t], 0, 0);
      }
    }
    nodes = splits == null ? packed : null; // the complete trees replace the packed nodes
    groups = b.groups;
    baseMargin = b.baseMargin;
    transform = b.transform;
    features = b.features;
    maxFeature = b.maxFeature;
  }

  /** Copies node {@code n} of the packed nodes and its subtree to heap slot {@code slot}. */
  private void layOut(int[] packed, int splitBase, int leafBase, int n, int slot, int level) {
    int i = n * STRIDE;
    boolean leaf = packed[i + 2] == n;
    if (level == completeDepth) {
      leaves[leafBase + slot - ((1 << completeDepth) - 1)] = Float.intBitsToFloat(packed[i + 3]);
      return;
    }
    // A pass-through split (a leaf above the full depth) reads feature 0 and may go either way.
    long info = leaf ? 0 : packed[i];
    long threshold = leaf ? 0 : packed[i + 1] & 0xFFFFFFFFL;
    splits[splitBase + slot] = info << 32 | threshold;
    int left = leaf ? n : packed[i + 2];
    int right = leaf ? n : left + 1;
    layOut(packed, splitBase, leafBase, left, 2 * slot + 1, level + 1);
    layOut(packed, splitBase, leafBase, right, 2 * slot + 2, level + 1);
  }

  /** Number of trees used. */
  public int trees() {
    return roots.length;
  }

  /** Approximate bytes held. */
  public long memoryBytes() {
    return (nodes == null ? 0 : nodes.length * 4L)
        + (splits == null ? 0 : splits.length * 8L + leaves.length * 4L)
        + (catOffset == null ? 0 : catOffset.length * 8L)
        + catBits.length * 8L
        + roots.length * 12L;
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
    predict(x, offset, out, true);
  }

  /**
   * {@link #predict(float[], int, float[])}, or with {@code denseWalk} false never the dense walk.
   */
  private void predict(float[] x, int offset, float[] out, boolean denseWalk) {
    for (int g = 0; g < groups; g++) {
      out[g] = baseMargin[g];
    }
    if (splits != null && denseWalk && dense(x, offset)) {
      sumCompleteDense(x, offset, out);
    } else if (splits != null) {
      sumComplete(x, offset, out);
    } else if (catOffset == null) {
      sumNumeric(x, offset, out);
    } else {
      sumWithCategories(x, offset, out);
    }
    switch (transform) {
      case SIGMOID -> out[0] = 1.0f / ((float) Math.exp(Math.min(-out[0], 88.7f)) + 1.0f);
      case EXP -> out[0] = (float) Math.exp(out[0]);
      case SOFTMAX -> softmax(out);
      default -> {}
    }
  }

  /**
   * Numeric splits only: walks {@value #BLOCK} trees at once, a fixed number of steps each (leaves
   * absorb), with no data-dependent branch; leaf values are then added in tree order, so the
   * float32 sum is the same as one tree at a time.
   */
  private void sumNumeric(float[] x, int offset, float[] out) {
    int[] nd = nodes;
    int t = 0;
    for (int k = 0; k < blockDepth.length; k++, t += BLOCK) {
      int n0 = roots[t];
      int n1 = roots[t + 1];
      int n2 = roots[t + 2];
      int n3 = roots[t + 3];
      for (int d = blockDepth[k]; d > 0; d--) {
        n0 = step(nd, x, offset, n0);
        n1 = step(nd, x, offset, n1);
        n2 = step(nd, x, offset, n2);
        n3 = step(nd, x, offset, n3);
      }
      out[group[t]] += leaf(nd, n0);
      out[group[t + 1]] += leaf(nd, n1);
      out[group[t + 2]] += leaf(nd, n2);
      out[group[t + 3]] += leaf(nd, n3);
    }
    for (; t < roots.length; t++) {
      int n = roots[t];
      for (int d = depth[t]; d > 0; d--) {
        n = step(nd, x, offset, n);
      }
      out[group[t]] += leaf(nd, n);
    }
  }

  /**
   * Complete trees: {@value #BLOCK} trees at once, exactly {@code completeDepth} steps each, the
   * next slot computed from the decision; leaf values added in tree order. A row without missing
   * values (most rows of most data) takes {@link #sumCompleteDense} instead, which needs no
   * missing-value test per split.
   */
  private void sumComplete(float[] x, int offset, float[] out) {
    long[] sp = splits;
    float[] lv = leaves;
    int depthSteps = completeDepth;
    int inner = (1 << depthSteps) - 1;
    int trees = roots.length;
    int t = 0;
    for (; t + BLOCK <= trees; t += BLOCK) {
      int b0 = t * inner;
      int b1 = b0 + inner;
      int b2 = b1 + inner;
      int b3 = b2 + inner;
      int s0 = 0;
      int s1 = 0;
      int s2 = 0;
      int s3 = 0;
      for (int d = 0; d < depthSteps; d++) {
        s0 = 2 * s0 + 1 + goRight(sp[b0 + s0], x, offset);
        s1 = 2 * s1 + 1 + goRight(sp[b1 + s1], x, offset);
        s2 = 2 * s2 + 1 + goRight(sp[b2 + s2], x, offset);
        s3 = 2 * s3 + 1 + goRight(sp[b3 + s3], x, offset);
      }
      int l0 = t * (inner + 1) - inner;
      out[group[t]] += lv[l0 + s0];
      out[group[t + 1]] += lv[l0 + inner + 1 + s1];
      out[group[t + 2]] += lv[l0 + 2 * (inner + 1) + s2];
      out[group[t + 3]] += lv[l0 + 3 * (inner + 1) + s3];
    }
    for (; t < trees; t++) {
      int base = t * inner;
      int slot = 0;
      for (int d = 0; d < depthSteps; d++) {
        slot = 2 * slot + 1 + goRight(sp[base + slot], x, offset);
      }
      out[group[t]] += lv[t * (inner + 1) - inner + slot];
    }
  }

  /** Whether the features the splits read are all present (none NaN) in the row. */
  private boolean dense(float[] x, int offset) {
    for (int f = offset, end = offset + maxFeature; f <= end; f++) {
      if (x[f] != x[f]) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@link #sumComplete} for a row with no missing value: the decision is {@code x >= threshold}
   * alone, so {@value #DENSE_BLOCK} trees are walked at once (more independent load chains in
   * flight). Leaf values are added in tree order: the same float32 sums as the general walk.
   */
  private void sumCompleteDense(float[] x, int offset, float[] out) {
    long[] sp = splits;
    float[] lv = leaves;
    int[] gr = group;
    int depthSteps = completeDepth;
    int inner = (1 << depthSteps) - 1;
    int trees = roots.length;
    int t = 0;
    for (; t + DENSE_BLOCK <= trees; t += DENSE_BLOCK) {
      int b0 = t * inner;
      int s0 = 0;
      int s1 = 0;
      int s2 = 0;
      int s3 = 0;
      int s4 = 0;
      int s5 = 0;
      int s6 = 0;
      int s7 = 0;
      for (int d = 0; d < depthSteps; d++) {
        s0 = 2 * s0 + 1 + right(sp[b0 + s0], x, offset);
        s1 = 2 * s1 + 1 + right(sp[b0 + inner + s1], x, offset);
        s2 = 2 * s2 + 1 + right(sp[b0 + 2 * inner + s2], x, offset);
        s3 = 2 * s3 + 1 + right(sp[b0 + 3 * inner + s3], x, offset);
        s4 = 2 * s4 + 1 + right(sp[b0 + 4 * inner + s4], x, offset);
        s5 = 2 * s5 + 1 + right(sp[b0 + 5 * inner + s5], x, offset);
        s6 = 2 * s6 + 1 + right(sp[b0 + 6 * inner + s6], x, offset);
        s7 = 2 * s7 + 1 + right(sp[b0 + 7 * inner + s7], x, offset);
      }
      // Slot s of tree t's leaves: t * (inner + 1) + s - inner.
      int l0 = t * (inner + 1) - inner;
      int w = inner + 1;
      out[gr[t]] += lv[l0 + s0];
      out[gr[t + 1]] += lv[l0 + w + s1];
      out[gr[t + 2]] += lv[l0 + 2 * w + s2];
      out[gr[t + 3]] += lv[l0 + 3 * w + s3];
      out[gr[t + 4]] += lv[l0 + 4 * w + s4];
      out[gr[t + 5]] += lv[l0 + 5 * w + s5];
      out[gr[t + 6]] += lv[l0 + 6 * w + s6];
      out[gr[t + 7]] += lv[l0 + 7 * w + s7];
    }
    for (; t < trees; t++) {
      int base = t * inner;
      int slot = 0;
      for (int d = 0; d < depthSteps; d++) {
        slot = 2 * slot + 1 + right(sp[base + slot], x, offset);
      }
      out[gr[t]] += lv[t * (inner + 1) - inner + slot];
    }
  }

  /** The decision of one packed split for a present value: 1 when {@code x >= threshold}. */
  private static int right(long split, float[] x, int offset) {
    float v = x[offset + ((int) (split >>> 32) & FEATURE_MASK)];
    return v >= Float.intBitsToFloat((int) split) ? 1 : 0;
  }

  /** The decision of one packed split: 1 for right, as {@link #step} decides. */
  private static int goRight(long split, float[] x, int offset) {
    int info = (int) (split >>> 32);
    float v = x[offset + (info & FEATURE_MASK)];
    return (v >= Float.intBitsToFloat((int) split) ? 1 : 0) | ((v != v ? info : 0) >>> 31);
  }

  /**
   * One split: right when {@code x >= threshold}, which is false for a missing value, plus one when
   * the value is missing and the node sends missing right.
   */
  private static int step(int[] nd, float[] x, int offset, int n) {
    int i = n * STRIDE;
    int info = nd[i];
    float v = x[offset + (info & FEATURE_MASK)];
    int right = (v >= Float.intBitsToFloat(nd[i + 1]) ? 1 : 0) | ((v != v ? info : 0) >>> 31);
    return nd[i + 2] + right;
  }

  private static float leaf(int[] nd, int n) {
    return Float.intBitsToFloat(nd[n * STRIDE + 3]);
  }

  /** Any model: one tree at a time, categorical splits tested against their category sets. */
  private void sumWithCategories(float[] x, int offset, float[] out) {
    int[] nd = nodes;
    for (int t = 0; t < roots.length; t++) {
      int n = roots[t];
      for (int d = depth[t]; d > 0; d--) {
        int info = nd[n * STRIDE];
        if ((info & CATEGORICAL) == 0) {
          n = step(nd, x, offset, n);
        } else {
          float v = x[offset + (info & FEATURE_MASK)];
          boolean right = Float.isNaN(v) ? (info & MISSING_RIGHT) != 0 : inSet(n, v);
          n = nd[n * STRIDE + 2] + (right ? 1 : 0);
        }
      }
      out[group[t]] += leaf(nd, n);
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
    return predict(features, rows, cols, true);
  }

  /**
   * {@link #predict(float[], int, int)}; with {@code denseWalk} false, rows without missing values
   * take the general walk too (for tests that hold the two walks to the same bits).
   */
  float[][] predict(float[] features, int rows, int cols, boolean denseWalk) {
    if ((cols != this.features && this.features != 0) || cols <= maxFeature) {
      throw new IllegalArgumentException(
          "the model has " + Math.max(this.features, maxFeature + 1) + " features, got " + cols);
    }
    float[][] out = new float[rows][groups];
    for (int r = 0; r < rows; r++) {
      predict(features, r * cols, out[r], denseWalk);
    }
    return out;
  }

  private static final class Builder {
    final List<Integer> nodes = new ArrayList<>();
    final List<Integer> catOffset = new ArrayList<>();
    final List<Integer> catWords = new ArrayList<>();
    final List<Long> catBits = new ArrayList<>();
    final List<Integer> roots = new ArrayList<>();
    final List<Integer> depth = new ArrayList<>();
    final List<Integer> group = new ArrayList<>();
    boolean emptyCategorySets;
    int maxFeature = -1;
    int groups;
    float[] baseMargin;
    Transform transform;
    int features;

    /**
     * Appends one tree, laid out breadth first with each node's two children side by side
     * (XGBoost's own node order need not keep them adjacent).
     */
    Optional<String> add(JsonNode tree, int treeGroup) {
      JsonNode l = tree.path("left_children");
      JsonNode r = tree.path("right_children");
      JsonNode si = tree.path("split_indices");
      JsonNode sc = tree.path("split_conditions");
      JsonNode dl = tree.path("default_left");
      JsonNode st = tree.path("split_type");
      int n = l.size();
      String id = "tree " + tree.path("id").asInt();
      if (n == 0 || r.size() != n || si.size() != n || sc.size() != n || dl.size() != n) {
        return Optional.of(id + " has empty arrays or arrays of different lengths");
      }
      if (treeGroup < 0 || treeGroup >= groups) {
        return Optional.of(
            String.format(Locale.ROOT, "tree group %d outside %d classes", treeGroup, groups));
      }
      int[] cats = new int[n];
      int[] words = new int[n];
      java.util.Arrays.fill(cats, -1);
      JsonNode catNodes = tree.path("categories_nodes");
      JsonNode segs = tree.path("categories_segments");
      JsonNode sizes = tree.path("categories_sizes");
      JsonNode values = tree.path("categories");
      for (int k = 0; k < catNodes.size(); k++) {
        int node = catNodes.get(k).asInt();
        int seg = segs.get(k).asInt();
        int size = sizes.get(k).asInt();
        if (node < 0 || node >= n) {
          return Optional.of(id + " lists categories for node " + node + " of " + n);
        }
        int maxCat = -1;
        for (int j = seg; j < seg + size; j++) {
          maxCat = Math.max(maxCat, values.get(j).asInt());
        }
        long[] bits = new long[maxCat / 64 + 1];
        for (int j = seg; j < seg + size; j++) {
          int c = values.get(j).asInt();
          bits[c >>> 6] |= 1L << (c & 63);
        }
        cats[node] = catBits.size();
        words[node] = bits.length;
        for (long v : bits) {
          catBits.add(v);
        }
      }
      int base = nodes.size() / STRIDE;
      // Nodes unreachable from the root (deleted by pruning) are left out.
      int[] order = new int[n]; // new position (from base) -> old node
      int[] level = new int[n];
      int placed = 1;
      int deepest = 0;
      for (int q = 0; q < placed; q++) {
        int old = order[q];
        int li = l.get(old).asInt();
        boolean leaf = li == -1;
        int info;
        int threshold;
        int left;
        int cat = -1;
        int catWordCount = 0;
        if (leaf) {
          info = 0; // reads feature 0, never goes right: x >= NaN is false
          threshold = NAN_BITS;
          left = base + q;
        } else {
          int ri = r.get(old).asInt();
          int f = si.get(old).asInt();
          if (li <= 0 || li >= n || ri <= 0 || ri >= n || placed + 2 > n) {
            return Optional.of(
                id + " is not a tree: node " + old + " has children " + li + ", " + ri);
          }
          if (f < 0 || f > FEATURE_MASK || (features > 0 && f >= features)) {
            // Beyond the row, a walk would read the next row's values: refuse the model.
            return Optional.of(id + " splits on feature index " + f + " of " + features);
          }
          maxFeature = Math.max(maxFeature, f);
          boolean categorical = cats[old] >= 0 || (st.size() == n && st.get(old).asInt() == 1);
          if (categorical) {
            if (cats[old] < 0) {
              // A categorical split with an empty set: every category goes left.
              emptyCategorySets = true;
              cat = catBits.size();
            } else {
              cat = cats[old];
              catWordCount = words[old];
            }
          }
          info =
              f | (categorical ? CATEGORICAL : 0) | (dl.get(old).asInt() == 1 ? 0 : MISSING_RIGHT);
          threshold = Float.floatToRawIntBits(sc.get(old).floatValue());
          left = base + placed;
          order[placed] = li;
          order[placed + 1] = ri;
          level[placed] = level[q] + 1;
          level[placed + 1] = level[q] + 1;
          deepest = Math.max(deepest, level[q] + 1);
          placed += 2;
        }
        nodes.add(info);
        nodes.add(threshold);
        nodes.add(left);
        nodes.add(leaf ? Float.floatToRawIntBits(sc.get(old).floatValue()) : 0);
        catOffset.add(cat);
        catWords.add(catWordCount);
      }
      roots.add(base);
      depth.add(deepest);
      group.add(treeGroup);
      return Optional.empty();
    }
  }
}
