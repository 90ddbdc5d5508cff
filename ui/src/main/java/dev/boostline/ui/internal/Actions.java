package dev.boostline.ui.internal;

import dev.boostline.Boostline;
import dev.boostline.Promotion;
import dev.boostline.PromotionRequest;
import dev.boostline.common.BoostlineException;
import dev.boostline.common.NotFoundException;
import dev.boostline.eval.Decision;
import dev.boostline.eval.Verdict;
import dev.boostline.registry.AliasMove;
import dev.boostline.registry.ModelRef;
import dev.boostline.registry.ModelVersion;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UI's only writes: promote a version to an alias (through {@link Boostline#promote}: gated by
 * the version's latest decision, or forced with a reason) and roll an alias back (through {@link
 * Boostline#rollback}). Each starts on a confirmation page (GET, changes nothing) whose form
 * carries a token bound to exactly that action; the POST checks origin, token and key ({@link
 * Security}) before anything moves, and every move lands in the audit log with the reason and the
 * UI's address. Thread-safe.
 */
public final class Actions {
  private static final Logger LOG = LoggerFactory.getLogger(Actions.class);

  private final Boostline home;
  private final ModelPages models;
  private final Security security;

  public Actions(Boostline home, ModelPages models, Security security) {
    this.home = home;
    this.models = models;
    this.security = security;
  }

  /** What the confirmation page shows about a promotion. */
  public record PromoteView(
      ModelVersion version,
      String alias,
      Optional<Integer> current,
      Optional<Decision> decision,
      boolean approved,
      String gate,
      String token,
      boolean keyRequired) {}

  /** {@code GET /models/{name}/promote?version=V&alias=A}: the confirmation. */
  public void confirmPromote(Context ctx) {
    String name = ctx.pathParam("name");
    models.versions(name);
    int v = Web.version("Model \"" + name + "\"", String.valueOf(ctx.queryParam("version")));
    String alias = Optional.ofNullable(ctx.queryParam("alias")).orElse(PromotionRequest.PRODUCTION);
    requireAlias(alias);
    ModelVersion mv = resolve(name, v);
    Optional<Integer> current = Optional.ofNullable(home.models().aliases(name).get(alias));
    Optional<Decision> decision = home.decisions().latestFor(name, v);
    boolean approved =
        decision.isPresent()
            && decision.get().verdict() == Verdict.PROMOTE
            && decision.get().production().equals(current);
    String gate;
    if (approved) {
      gate =
          "Decision "
              + decision.get().id()
              + " approved v"
              + v
              + " against "
              + current.map(c -> "v" + c).orElse("no production model")
              + ".";
    } else if (decision.isEmpty()) {
      gate = "v" + v + " has not been evaluated: the promotion can only be forced, with a reason.";
    } else if (decision.get().verdict() == Verdict.REJECT) {
      gate =
          "The latest evaluation ("
              + decision.get().id()
              + ") rejected v"
              + v
              + ": "
              + String.join("; ", decision.get().failures())
              + ". The promotion can only be forced, with a reason.";
    } else {
      gate =
          "The latest evaluation compared v"
              + v
              + " with "
              + decision.get().production().map(p -> "v" + p).orElse("no production model")
              + ", but "
              + alias
              + " is now "
              + current.map(c -> "v" + c).orElse("unset")
              + ". Evaluate again, or force it with a reason.";
    }
    Web.page(
        ctx,
        "promote.jte",
        "p",
        new PromoteView(
            mv,
            alias,
            current,
            decision,
            approved,
            gate,
            security.token(
                "promote",
                name,
                alias,
                Integer.toString(v),
                current.map(String::valueOf).orElse("-")),
            security.keyRequired()));
  }

  /** {@code POST /models/{name}/promote}. */
  public void promote(Context ctx) {
    String name = ctx.pathParam("name");
    models.versions(name);
    String alias = form(ctx, "alias");
    requireAlias(alias);
    int v = Web.version("Model \"" + name + "\"", form(ctx, "version"));
    String expected = form(ctx, "current");
    security.check(ctx, "promote", name, alias, Integer.toString(v), expected);
    Optional<Integer> current = Optional.ofNullable(home.models().aliases(name).get(alias));
    if (!current.map(String::valueOf).orElse("-").equals(expected)) {
      throw new Web.Refused(
          409,
          name
              + "@"
              + alias
              + " moved to "
              + current.map(c -> "v" + c).orElse("nothing")
              + " since the confirmation page was shown; nothing changed. Reload and confirm again.");
    }
    boolean force = "on".equals(ctx.formParam("force"));
    String reason = Optional.ofNullable(ctx.formParam("reason")).orElse("").strip();
    if (force && reason.isEmpty()) {
      throw new Web.Refused(400, "a forced promotion needs a reason; nothing changed");
    }
    String via = "via UI from " + ctx.ip();
    PromotionRequest.Builder b = PromotionRequest.builder(ModelRef.of(name, v)).alias(alias);
    if (force) {
      b.force(reason + " (" + via + ")");
    } else if (!reason.isEmpty()) {
      b.reason(reason + " (" + via + ")");
    } else {
      Optional<Decision> d = home.decisions().latestFor(name, v);
      b.reason("evaluation " + d.map(Decision::id).orElse("?") + " (" + via + ")");
    }
    Promotion p;
    try {
      p = home.promote(b.build());
    } catch (dev.boostline.common.ConflictException e) {
      throw new Web.Refused(409, e.getMessage());
    } catch (BoostlineException e) {
      throw new Web.Refused(409, e.getMessage());
    }
    LOG.info("promoted {}@{} to v{} {}", name, alias, v, via);
    Web.page(
        ctx,
        "done.jte",
        "title",
        "Promoted",
        "message",
        name
            + "@"
            + alias
            + ": "
            + p.from().map(f -> "v" + f).orElse("unset")
            + " → v"
            + v
            + (p.forced()
                ? " (forced)"
                : p.decision().map(d -> " (decision " + d.id() + ")").orElse(""))
            + ". Servers following "
            + name
            + "@"
            + alias
            + " load it within seconds.",
        "back",
        "/models/" + Fmt.url(name));
  }

  /** What the rollback confirmation shows. */
  public record RollbackView(
      String model, String alias, int current, int target, String token, boolean keyRequired) {}

  /** {@code GET /models/{name}/rollback?alias=A}: the confirmation. */
  public void confirmRollback(Context ctx) {
    String name = ctx.pathParam("name");
    models.versions(name);
    String alias = Optional.ofNullable(ctx.queryParam("alias")).orElse(PromotionRequest.PRODUCTION);
    requireAlias(alias);
    Integer current = home.models().aliases(name).get(alias);
    List<AliasMove> moves =
        home.models().history(name).stream().filter(m -> m.alias().equals(alias)).toList();
    if (current == null || moves.isEmpty() || moves.get(moves.size() - 1).from().isEmpty()) {
      throw new Web.NotFound(
          "Model \""
              + name
              + "\" has no earlier version of alias \""
              + alias
              + "\" to roll back to.");
    }
    int target = moves.get(moves.size() - 1).from().get();
    Web.page(
        ctx,
        "rollback.jte",
        "r",
        new RollbackView(
            name,
            alias,
            current,
            target,
            security.token(
                "rollback", name, alias, Integer.toString(current), Integer.toString(target)),
            security.keyRequired()));
  }

  /** {@code POST /models/{name}/rollback}. */
  public void rollback(Context ctx) {
    String name = ctx.pathParam("name");
    models.versions(name);
    String alias = form(ctx, "alias");
    requireAlias(alias);
    String from = form(ctx, "from");
    String to = form(ctx, "to");
    security.check(ctx, "rollback", name, alias, from, to);
    Integer current = home.models().aliases(name).get(alias);
    if (current == null || !String.valueOf(current).equals(from)) {
      throw new Web.Refused(
          409,
          name + "@" + alias + " moved since the confirmation page was shown; nothing changed.");
    }
    String reason = Optional.ofNullable(ctx.formParam("reason")).orElse("").strip();
    String via = "via UI from " + ctx.ip();
    AliasMove move;
    try {
      move =
          home.rollback(name, alias, (reason.isEmpty() ? "rollback" : reason) + " (" + via + ")");
    } catch (NotFoundException e) {
      throw new Web.Refused(409, e.getMessage());
    }
    LOG.info("rolled {}@{} back to v{} {}", name, alias, move.to().orElse(-1), via);
    Web.page(
        ctx,
        "done.jte",
        "title",
        "Rolled back",
        "message",
        name
            + "@"
            + alias
            + ": v"
            + from
            + " → v"
            + move.to().map(String::valueOf).orElse("?")
            + ". Servers following it load it within seconds.",
        "back",
        "/models/" + Fmt.url(name));
  }

  private ModelVersion resolve(String name, int v) {
    try {
      return home.models().resolve(ModelRef.of(name, v));
    } catch (NotFoundException e) {
      throw new Web.NotFound("Model \"" + name + "\" has no version " + v + ".");
    }
  }

  private static void requireAlias(String alias) {
    try {
      ModelRef.requireValidAlias(alias);
    } catch (IllegalArgumentException e) {
      throw new Web.Refused(400, e.getMessage() + "; nothing changed");
    }
  }

  private static String form(Context ctx, String name) {
    String v = ctx.formParam(name);
    if (v == null || v.isBlank()) {
      throw new Web.Refused(400, "the form has no " + name + "; nothing changed");
    }
    return v.strip();
  }
}
