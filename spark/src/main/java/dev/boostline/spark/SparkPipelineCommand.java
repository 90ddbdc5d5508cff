package dev.boostline.spark;

import dev.boostline.Boostline;
import dev.boostline.common.JsonForm;
import dev.boostline.pipeline.Pipeline;
import dev.boostline.pipeline.PipelineListener;
import dev.boostline.pipeline.PipelineRun;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code boostline pipeline run|validate FILE} for a pipeline whose training engine is {@code
 * spark}: the boostline jar does not carry Spark, so {@code bin/boostline} runs these through
 * {@link SparkMain} with the spark module on the class path. Same output and exit codes as the
 * command's own {@code pipeline run} (0 when every step finished, 1 when one failed, 2 usage); a
 * {@code push} step needs its publisher (e.g. boostline-azure) on this class path too.
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = "Run or check a pipeline that trains on Apache Spark.",
    subcommands = {SparkPipelineCommand.Run.class, SparkPipelineCommand.Validate.class})
final class SparkPipelineCommand {
  @Option(names = "--home", paramLabel = "DIR", description = "Boostline home.")
  Path home;

  @Option(names = "--json", description = "Print the pipeline run as JSON.")
  boolean json;

  Boostline open() {
    return home != null ? Boostline.open(home) : Boostline.openDefault();
  }

  /** {@code pipeline validate FILE}. */
  @Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a file.")
  static final class Validate implements Callable<Integer> {
    @ParentCommand SparkPipelineCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() {
      Pipeline p = Pipeline.read(file);
      spec.commandLine()
          .getOut()
          .println(
              file
                  + ": valid (pipeline "
                  + p.name()
                  + ", engine "
                  + p.spec().training().engine().name()
                  + ")");
      return 0;
    }
  }

  /** {@code pipeline run FILE [--retrain] [--data FILE]}. */
  @Command(name = "run", mixinStandardHelpOptions = true, description = "Run every step once.")
  static final class Run implements Callable<Integer> {
    @ParentCommand SparkPipelineCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Option(names = "--retrain", description = "Train again even if the inputs were trained on.")
    boolean retrain;

    @Option(names = "--data", paramLabel = "FILE", description = "Register this file instead.")
    Path data;

    @Override
    public Integer call() {
      Pipeline p = Pipeline.read(file);
      java.io.PrintWriter out = spec.commandLine().getOut();
      java.io.PrintWriter err = spec.commandLine().getErr();
      boolean quiet = parent.json;
      if (!quiet) {
        out.println("pipeline " + p.name() + " (" + file.getFileName() + ", on Spark)");
      }
      PipelineListener printer =
          new PipelineListener() {
            @Override
            public void onStepFinished(PipelineRun.Step s) {
              if (!quiet) {
                out.println(s.line());
              }
            }

            @Override
            public void onProgress(String step, String message) {
              err.println("boostline: " + step + ": " + message);
            }
          };
      PipelineRun run =
          p.run(
              parent.open(),
              new Pipeline.Options(
                  PipelineRun.Trigger.manual(), Optional.ofNullable(data), retrain, printer));
      if (quiet) {
        out.println(JsonForm.pretty(run));
      } else {
        out.println(run.summary()); // the same text as the cli's `pipeline run`, report included
      }
      return run.status() == PipelineRun.Status.SUCCEEDED ? 0 : 1;
    }
  }
}
