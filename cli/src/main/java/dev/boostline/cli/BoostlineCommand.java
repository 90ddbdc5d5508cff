package dev.boostline.cli;

import dev.boostline.Boostline;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root {@code boostline} command. */
@Command(
    name = "boostline",
    mixinStandardHelpOptions = true,
    versionProvider = BoostlineCommand.Version.class,
    description = "Local-first XGBoost: versioned datasets, training, evaluation and serving.",
    subcommands = {
      DatasetCommand.class,
      TrainCommand.class,
      RunsCommand.class,
      ModelsCommand.class,
      EvaluateCommand.class,
      PromoteCommand.class,
      RollbackCommand.class,
      ScoreCommand.class,
      ServeCommand.class,
      PipelineCommand.class,
      QuickstartCommand.class,
      AzureCommand.class,
      UiCommand.class,
      MonitorCommand.class
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  success",
      "  1  failure (bad input data, unknown dataset, corrupt store, I/O error)",
      "  2  usage error (unknown command or option, missing or malformed argument)",
      "",
      "Set BOOSTLINE_DEBUG=1 to print stack traces of unexpected errors."
    })
final class BoostlineCommand implements Runnable {
  @Mixin GlobalOptions global;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required");
  }

  /** Prints the library, Java and OS versions. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "boostline " + Boostline.version(),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")",
        System.getProperty("os.name") + " " + System.getProperty("os.arch")
      };
    }
  }
}
