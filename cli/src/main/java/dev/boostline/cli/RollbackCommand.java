package dev.boostline.cli;

import dev.boostline.registry.AliasMove;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code boostline rollback NAME}. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description =
        "Move an alias (default production) back to the version it pointed to before its last"
            + " move (a second rollback undoes the first). Audited.")
final class RollbackCommand implements Runnable {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "Model name.")
  String name;

  @Option(
      names = "--alias",
      paramLabel = "ALIAS",
      description = "Alias to move back (default production).")
  String alias = "production";

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept in the audit log).")
  String reason = "rollback";

  @Override
  public void run() {
    Context ctx = new Context(spec);
    AliasMove move = ctx.boostline().rollback(name, alias, reason);
    ctx.print(
        move,
        name
            + "@"
            + alias
            + ": version "
            + move.from().orElseThrow()
            + " -> version "
            + move.to().orElseThrow());
  }
}
