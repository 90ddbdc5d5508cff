package dev.boostline.examples;

import dev.boostline.Boostline;
import dev.boostline.Evaluation;
import dev.boostline.EvaluationRequest;
import dev.boostline.PromotionRequest;
import dev.boostline.ScoreRequest;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.data.store.RegisterOptions;
import dev.boostline.eval.Check;
import dev.boostline.features.FeatureSpec;
import dev.boostline.registry.ModelRef;
import dev.boostline.registry.ModelVersion;
import dev.boostline.train.TrainOptions;
import dev.boostline.train.XgbParams;
import java.nio.file.Path;
import java.util.Optional;

/**
 * User story: "Every candidate model is judged against the one in production on held-out data; only
 * a better one replaces it, and every move is audited." Registers the data, trains a champion, then
 * a weak challenger (rejected, with the failed checks) and a strong one (promoted), scores a file
 * with whatever is in production, and prints the audit log.
 *
 * <p>Arguments: {@code [HOME] [TRAIN.csv] [TEST.csv]}, defaults {@code target/example-home} and the
 * adult census files.
 */
public final class ChampionChallenger {
  private ChampionChallenger() {}

  public static void main(String[] args) {
    Path data = Examples.dataDir();
    Path dir = Path.of(args.length > 0 ? args[0] : "target/example-home");
    Path trainCsv = Path.of(args.length > 1 ? args[1] : data + "/adult/adult_train.csv");
    Path testCsv = Path.of(args.length > 2 ? args[2] : data + "/adult/adult_test.csv");

    Boostline home = Boostline.open(dir);
    DatasetRef train =
        home.registerDataset("adult", trainCsv, CsvOptions.defaults(), RegisterOptions.defaults())
            .manifest()
            .ref();
    DatasetRef test =
        home.registerDataset(
                "adult-test", testCsv, CsvOptions.defaults(), RegisterOptions.defaults())
            .manifest()
            .ref();

    ModelVersion champion =
        trainAndRegister(home, train, XgbParams.builder().rounds(15).maxDepth(2).seed(1));
    judge(home, champion, test);
    ModelVersion weak =
        trainAndRegister(home, train, XgbParams.builder().rounds(3).maxDepth(1).seed(1));
    judge(home, weak, test);
    ModelVersion strong =
        trainAndRegister(home, train, XgbParams.builder().rounds(200).eta(0.1).seed(1));
    judge(home, strong, test);

    ModelRef production = ModelRef.alias("income", "production");
    var scored =
        home.score(ScoreRequest.builder(production, testCsv, dir.resolve("scores.csv")).build());
    System.out.printf(
        "scored %d rows with %s (%s) into %s%n",
        scored.rows(), production, scored.model().ref(), scored.output());
    home.models()
        .history("income")
        .forEach(
            m ->
                System.out.printf(
                    "audit: %s %s -> %s (%s)%n",
                    m.alias(),
                    m.from().map(String::valueOf).orElse("-"),
                    m.to().map(String::valueOf).orElse("-"),
                    m.reason()));
  }

  private static ModelVersion trainAndRegister(
      Boostline home, DatasetRef data, XgbParams.Builder params) {
    TrainOptions options =
        TrainOptions.builder(FeatureSpec.forTarget("income")).params(params.build()).build();
    String run = home.train(data, options).run().runId();
    return home.registerModel(run, "income", Optional.of("Pre-screens applications"));
  }

  /** Evaluates a candidate against production and promotes it when the policy says so. */
  private static void judge(Boostline home, ModelVersion candidate, DatasetRef test) {
    Evaluation e = home.evaluate(EvaluationRequest.builder(candidate.ref(), test).build());
    System.out.printf(
        "%s vs %s: %s%n",
        candidate.ref(),
        e.baseline().map(b -> b.ref().toString()).orElse("no production model"),
        e.verdict());
    for (Check check : e.decision().checks()) {
      System.out.println("  " + check.reason());
    }
    if (e.promotes()) {
      var promotion = home.promote(PromotionRequest.builder(candidate.ref()).build());
      System.out.printf(
          "  promoted: production is now version %d%n", promotion.version().version());
    }
  }
}
