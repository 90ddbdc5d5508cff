package dev.boostline.cli;

import dev.boostline.common.BoostlineException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Turns exceptions into one clear line on stderr and an exit code (see {@link Main}). */
final class Errors {
  /** Set to print stack traces for unexpected failures. */
  static final String DEBUG_ENV = "BOOSTLINE_DEBUG";

  private Errors() {}

  static int exitCode(Throwable t) {
    return t instanceof IllegalArgumentException || t instanceof CommandLine.ParameterException
        ? Main.USAGE
        : Main.FAILURE;
  }

  static int handle(Exception e, CommandLine cmd, ParseResult parsed) {
    var err = cmd.getErr();
    if (e instanceof IllegalArgumentException) {
      err.println("boostline: " + e.getMessage());
      err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
      err.flush();
      return Main.USAGE;
    }
    if (e instanceof BoostlineException) {
      err.println("boostline: " + e.getMessage());
    } else if (e instanceof UncheckedIOException io) {
      err.println("boostline: " + io.getMessage() + ": " + io.getCause());
    } else {
      err.println("boostline: unexpected error: " + e);
    }
    if (System.getenv(DEBUG_ENV) != null) {
      e.printStackTrace(err);
    }
    err.flush();
    return Main.FAILURE;
  }

  static int handleUsage(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    var err = cmd.getErr();
    err.println("boostline: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return Main.USAGE;
  }
}
