package dev.boostline.examples;

import dev.boostline.Model;
import dev.boostline.model.Prediction;
import java.nio.file.Path;
import java.util.List;

/**
 * User story: "I have a CSV file and want a model that scores, in a few lines of Java, with no
 * setup." Trains in memory, scores a second file, saves the model as a bundle that MLflow, Azure ML
 * and {@code boostline serve} read.
 *
 * <p>Arguments: {@code [TRAIN.csv] [SCORE.csv] [OUT_DIR]}, defaults the adult census files and
 * {@code target/income-model}.
 */
public final class TrainAndScore {
  private TrainAndScore() {}

  public static void main(String[] args) {
    Path data = Examples.dataDir();
    Path trainCsv = Path.of(args.length > 0 ? args[0] : data + "/adult/adult_train.csv");
    Path scoreCsv = Path.of(args.length > 1 ? args[1] : data + "/adult/adult_test.csv");
    Path out = Path.of(args.length > 2 ? args[2] : "target/income-model");

    // CSV -> trained model -> scores (the README's snippet):
    try (Model model = Model.train(trainCsv, "income")) {
      List<Prediction> predictions = model.predict(scoreCsv);
      System.out.println(predictions.get(0));
      model.save(out);

      System.out.printf(
          "trained %s on %s; validation %s%n",
          model.labels().task(), trainCsv.getFileName(), model.metrics().get("valid"));
      System.out.printf("scored %d rows of %s; saved to %s%n", predictions.size(), scoreCsv, out);
    }
  }
}
