package dev.boostline.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.testing.DebianPython;
import dev.boostline.testing.TestModels;
import dev.boostline.train.TrainResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle's model file, from a run stopped early, loads in Python's xgboost and gives the same
 * scores on the transformed features with a plain {@code predict(DMatrix)}, no iteration range, as
 * MLflow's xgboost flavor predicts: the file holds exactly the trees Boostline scores with. Needs
 * Debian's python3-xgboost (.ci/run installs it; see {@link DebianPython}). Debian's xgboost 1.7
 * misreads 3.x's vector base_score, so the script sets it from the file after loading (see
 * PITFALLS.md).
 */
@Tag("slow")
class PythonParityTest {
  private static final String PYTHON = DebianPython.PYTHON;
  @TempDir Path dir;

  @Test
  void python_xgboost_scores_the_model_file_with_every_tree_like_the_scorer() throws Exception {
    DebianPython.require();
    ModelBundle bundle = TestModels.adultEarlyStopped(60, 9);
    TrainResult trained = TestModels.adultEarlyStoppedResult(60, 9);
    assertThat(trained.roundsTrained())
        .as("the run kept rounds after the best one")
        .isGreaterThan(trained.bestIteration() + 1);
    bundle.write(dir);
    var data = TestModels.adultSample();
    var features = bundle.manifest().features();
    int rows = 500;
    float[] x =
        features.transform(data.table(), java.util.stream.IntStream.range(0, rows).toArray());
    StringBuilder csv = new StringBuilder();
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < features.size(); k++) {
        if (k > 0) {
          csv.append(',');
        }
        float v = x[r * features.size() + k];
        csv.append(Float.isNaN(v) ? "nan" : Float.toString(v));
      }
      csv.append('\n');
    }
    Files.writeString(dir.resolve("x.csv"), csv, StandardCharsets.UTF_8);
    String script =
        String.join(
            "\n",
            "import json, sys, numpy as np, xgboost as xgb",
            "d = sys.argv[1]",
            "b = xgb.Booster()",
            "b.load_model(d + '/model.ubj')",
            "cfg = json.loads(b.save_config())",
            "raw = open(d + '/model.ubj', 'rb').read()",
            // base_score as stored by 3.x: "[4.96E-1]" inside the UBJSON learner_model_param
            "import re",
            "m = re.search(rb'base_score.{0,16}?\\[([-+0-9.eE]+)\\]', raw, re.DOTALL)",
            "if m: b.set_param('base_score', float(m.group(1)))",
            "x = np.loadtxt(d + '/x.csv', delimiter=',', dtype=np.float32, ndmin=2)",
            "types = " + toPythonList(features.featureTypes()),
            "names = " + toPythonList(features.featureNames()),
            "dm = xgb.DMatrix(x, missing=np.nan, feature_names=names, feature_types=types,"
                + " enable_categorical=True)",
            "assert b.num_boosted_rounds() == " + (bundle.manifest().bestIteration() + 1),
            // As MLflow's xgboost flavor predicts: every tree in the file.
            "p = b.predict(dm)",
            "np.savetxt(d + '/p.csv', p, fmt='%.9g')",
            "");
    Files.writeString(dir.resolve("score.py"), script, StandardCharsets.UTF_8);
    Process p =
        new ProcessBuilder(PYTHON, dir.resolve("score.py").toString(), dir.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();
    List<String> lines = Files.readAllLines(dir.resolve("p.csv"));
    try (Scorer s = bundle.open()) {
      float[][] java = s.outputs(data.table().inRange(0, rows));
      List<Double> diffs = new ArrayList<>();
      for (int r = 0; r < rows; r++) {
        diffs.add(Math.abs(Double.parseDouble(lines.get(r).trim()) - java[r][0]));
      }
      double max = diffs.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      System.out.printf(
          Locale.ROOT, "python xgboost vs Boostline: max |diff| %.3g over %d rows%n", max, rows);
      assertThat(max).isLessThanOrEqualTo(1e-6);
    }
  }

  private static String toPythonList(List<String> values) {
    StringBuilder sb = new StringBuilder("[");
    for (String v : values) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append('\'').append(v.replace("\\", "\\\\").replace("'", "\\'")).append('\'');
    }
    return sb.append(']').toString();
  }
}
