package dev.boostline.examples;

import dev.boostline.Boostline;
import dev.boostline.pipeline.Pipeline;
import dev.boostline.pipeline.PipelineListener;
import dev.boostline.pipeline.PipelineRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * User story: "Our retraining job is one call: read the pipeline file, run it, log each step."
 * Writes a pipeline file for the adult census data (register, train with early stopping, evaluate
 * against production, promote), runs it from Java with a listener, and prints what each step did.
 *
 * <p>Arguments: {@code [HOME] [TRAIN.csv] [TEST.csv]}, defaults {@code target/example-home} and the
 * adult census files.
 */
public final class PipelineFromJava {
  private PipelineFromJava() {}

  public static void main(String[] args) throws IOException {
    Path data = Examples.dataDir();
    Path home = Path.of(args.length > 0 ? args[0] : "target/example-home");
    Path trainCsv = Path.of(args.length > 1 ? args[1] : data + "/adult/adult_train.csv");
    Path testCsv = Path.of(args.length > 2 ? args[2] : data + "/adult/adult_test.csv");
    Path file = home.resolve("income.pipeline.yaml");
    Files.createDirectories(home);
    Files.writeString(
        file,
        """
        version: 1
        data: {dataset: adult, file: "%s"}
        evaluation: {dataset: adult-test, file: "%s"}
        features: {target: income}
        training: {rounds: 300, earlyStopping: 20, seed: 1, params: {eta: 0.1}}
        model: {name: income, description: Pre-screens applications}
        report: income-report.html
        """
            .formatted(trainCsv.toAbsolutePath(), testCsv.toAbsolutePath()));

    // The pipeline from Java (the README's snippet):
    PipelineListener log =
        new PipelineListener() {
          @Override
          public void onStepFinished(PipelineRun.Step step) {
            System.out.printf(
                Locale.ROOT, "  %-20s %-8s %s%n", step.name(), step.status(), step.message());
          }
        };
    Pipeline pipeline = Pipeline.read(file);
    PipelineRun run =
        pipeline.run(Boostline.open(home), Pipeline.Options.defaults().withListener(log));

    System.out.printf(
        "run %s %s: verdict %s, production is %s%n",
        run.id(),
        run.status(),
        run.output(Pipeline.EVALUATE, "verdict").orElse("-"),
        Boostline.open(home).models().aliases("income").get("production"));
  }
}
