package dev.boostline.model.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Hand-written trees with known answers: split decisions, missing values, uneven depths. */
class TreeEnsembleLayoutTest {
  /**
   * Tree 1: {@code f1 < 0.5} -> 1 or -1, missing left. Tree 2: {@code f0 < 0} -> 10, else {@code f2
   * < 1} -> 20 or 30; missing goes right at the root, left below. Base score 0.5.
   */
  private static String model(int tree1Feature, int numFeature) {
    return """
        {"learner": {
          "gradient_booster": {"name": "gbtree", "model": {
            "gbtree_model_param": {"num_parallel_tree": "1"},
            "trees": [
              {"id": 0, "tree_param": {"size_leaf_vector": "1"},
               "left_children": [1, -1, -1], "right_children": [2, -1, -1],
               "split_indices": [%d, 0, 0], "split_conditions": [0.5, 1.0, -1.0],
               "default_left": [1, 0, 0], "split_type": [0, 0, 0]},
              {"id": 1, "tree_param": {"size_leaf_vector": "1"},
               "left_children": [1, -1, 3, -1, -1], "right_children": [2, -1, 4, -1, -1],
               "split_indices": [0, 0, 2, 0, 0], "split_conditions": [0.0, 10.0, 1.0, 20.0, 30.0],
               "default_left": [0, 0, 1, 0, 0], "split_type": [0, 0, 0, 0, 0]}],
            "tree_info": [0, 0]}},
          "objective": {"name": "reg:squarederror"},
          "learner_model_param": {"num_class": "0", "num_target": "1", "base_score": "[5E-1]",
                                  "num_feature": "%d"}}}
        """
        .formatted(tree1Feature, numFeature);
  }

  private static TreeEnsemble parse(String json) {
    Object parsed = TreeEnsemble.parse(json.getBytes(StandardCharsets.UTF_8), 10);
    assertThat(parsed).isInstanceOf(TreeEnsemble.class);
    return (TreeEnsemble) parsed;
  }

  @Test
  void walks_splits_missing_directions_and_shallow_leaves_like_the_trees_say() {
    TreeEnsemble trees = parse(model(1, 3));
    float nan = Float.NaN;
    float[] x = {-1, 0.2f, 5, 1, 0.7f, 0, nan, nan, nan, 2, 0.5f, 1};
    float[][] out = trees.predict(x, 4, 3);
    assertThat(out[0][0]).isEqualTo(11.5f); // 0.5 + 1 + 10
    assertThat(out[1][0]).isEqualTo(19.5f); // 0.5 - 1 + 20
    assertThat(out[2][0]).isEqualTo(21.5f); // missing: left (1), right then left (20)
    assertThat(out[3][0]).isEqualTo(29.5f); // equal to the threshold goes right: -1, 30
    // Two trees of depths 1 and 2 as complete trees: 2 x 3 splits and 2 x 4 leaves.
    assertThat(trees.memoryBytes()).isEqualTo(2 * 3 * 8 + 2 * 4 * 4 + 2 * 12);
  }

  @Test
  void a_split_on_a_feature_beyond_the_row_is_refused_at_load() {
    Object parsed = TreeEnsemble.parse(model(5, 3).getBytes(StandardCharsets.UTF_8), 10);
    assertThat(parsed).isInstanceOf(TreeEnsemble.Unsupported.class);
    assertThat(((TreeEnsemble.Unsupported) parsed).reason()).contains("feature index 5 of 3");
  }

  @Test
  void a_matrix_narrower_than_the_splits_need_is_an_error() {
    TreeEnsemble trees = parse(model(1, 0)); // no num_feature: the splits still bound the width
    assertThatThrownBy(() -> trees.predict(new float[2], 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 features, got 2");
  }
}
