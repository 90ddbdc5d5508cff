package dev.boostline.cli;

import dev.boostline.Promotion;
import dev.boostline.PromotionRequest;
import dev.boostline.registry.ModelRef;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code boostline promote NAME@V}. */
@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    description = {
      "Point an alias (default production) at a model version, and record the move in the"
          + " audit log.",
      "Requires the version's latest evaluation decision to be PROMOTE against the version the"
          + " alias points to now (boostline evaluate); --force skips that check and says so in"
          + " the audit log."
    })
final class PromoteCommand implements Runnable {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME@V", description = "The version to promote.")
  String ref;

  @Option(
      names = "--alias",
      paramLabel = "ALIAS",
      description = "Alias to move (default production).")
  String alias = "production";

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept in the audit log).")
  String reason;

  @Option(names = "--force", description = "Promote without a PROMOTE decision.")
  boolean force;

  @Override
  public void run() {
    Context ctx = new Context(spec);
    PromotionRequest.Builder request = PromotionRequest.builder(ModelRef.parse(ref)).alias(alias);
    if (force) {
      if (reason == null || reason.isBlank()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--force needs --reason TEXT (it is kept in the audit log)");
      }
      request.force(reason);
    } else if (reason != null) {
      request.reason(reason);
    }
    Promotion p = ctx.boostline().promote(request.build());
    String target = p.version().name() + "@" + p.alias();
    if (!p.changed()) {
      ctx.print(p, p.version().ref() + " is already " + target);
      return;
    }
    ctx.print(
        p,
        target
            + ": "
            + p.from().map(f -> "version " + f).orElse("unset")
            + " -> version "
            + p.version().version()
            + p.decision().map(d -> " (decision " + d.id() + ")").orElse(" (forced)"));
  }
}
