package dev.boostline.cli;

import dev.boostline.Boostline;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command takes; declared once on the root and inherited by subcommands. */
final class GlobalOptions {
  @Option(
      names = "--home",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = "Boostline home directory (default: $BOOSTLINE_HOME, else ./.boostline).")
  Path home;

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Print machine-readable JSON instead of text.")
  boolean json;

  Path resolveHome() {
    return Boostline.home(Optional.ofNullable(home));
  }
}
