package dev.boostline.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point of the {@code boostline} command.
 *
 * <p>Exit codes: 0 success; 2 usage error (unknown command or option, a missing or malformed
 * argument); 1 any other failure (bad input data, a missing dataset, a corrupt store, I/O).
 */
public final class Main {
  /** Success. */
  public static final int OK = 0;

  /** Any failure other than a usage error. */
  public static final int FAILURE = 1;

  /** The command line was wrong. */
  public static final int USAGE = 2;

  private Main() {}

  /**
   * Runs the command on standard output and error, then exits the JVM with the exit code (see the
   * class doc). Embedders call {@link #run} instead, which never exits.
   */
  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /**
   * Runs the command with the given output streams and returns the exit code ({@link #OK}, {@link
   * #FAILURE} or {@link #USAGE}). The streams stay open: the caller owns them.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cmd = commandLine();
    cmd.setOut(out);
    cmd.setErr(err);
    return cmd.execute(args);
  }

  /** The configured command tree. */
  static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new BoostlineCommand());
    cmd.setExitCodeExceptionMapper(Errors::exitCode);
    cmd.setExecutionExceptionHandler(Errors::handle);
    cmd.setParameterExceptionHandler(Errors::handleUsage);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    return cmd;
  }
}
