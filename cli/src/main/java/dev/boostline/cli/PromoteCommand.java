package dev.boostline.cli;

import dev.boostline.common.BoostlineException;
import dev.boostline.eval.Decision;
import dev.boostline.eval.Decisions;
import dev.boostline.eval.Verdict;
import dev.boostline.registry.AliasMove;
import dev.boostline.registry.ModelRef;
import dev.boostline.registry.ModelVersion;
import dev.boostline.registry.local.LocalModelRegistry;
import java.util.Optional;
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
    ModelRef.requireValidAlias(alias);
    LocalModelRegistry registry = LocalModelRegistry.open(ctx.home());
    ModelVersion v = registry.resolve(ModelRef.parse(ref));
    Integer current = registry.aliases(v.name()).get(alias);
    if (current != null && current == v.version()) {
      ctx.print(v, v.ref() + " is already " + v.name() + "@" + alias);
      return;
    }
    Optional<Decision> decision = Decisions.open(ctx.home()).latestFor(v.name(), v.version());
    boolean approved =
        decision.isPresent()
            && decision.get().verdict() == Verdict.PROMOTE
            && decision.get().production().equals(Optional.ofNullable(current));
    if (!approved && !force) {
      String why =
          decision.isEmpty()
              ? "it has not been evaluated"
              : decision.get().verdict() == Verdict.REJECT
                  ? "its latest evaluation ("
                      + decision.get().id()
                      + ") rejected it: "
                      + String.join("; ", decision.get().failures().stream().toList())
                  : "its latest evaluation compared it with version "
                      + decision.get().production().map(String::valueOf).orElse("none")
                      + ", but "
                      + alias
                      + " is now "
                      + (current == null ? "unset" : "version " + current);
      throw new BoostlineException(
          "not promoting "
              + v.ref()
              + " to "
              + alias
              + ": "
              + why
              + ". Run `boostline evaluate "
              + v.ref()
              + " --dataset ...` first, or pass --force.");
    }
    String text = reason != null ? reason : approved ? "evaluation " + decision.get().id() : "";
    if (!approved) {
      text = "FORCED" + (text.isEmpty() ? "" : ": " + text);
    }
    AliasMove move =
        registry.setAlias(
            v.name(),
            alias,
            v.version(),
            text,
            approved ? decision.map(Decision::id) : Optional.empty());
    ctx.print(
        move,
        v.name()
            + "@"
            + alias
            + ": "
            + move.from().map(f -> "version " + f).orElse("unset")
            + " -> version "
            + v.version()
            + (approved ? " (decision " + decision.get().id() + ")" : " (forced)"));
  }
}
