package dev.boostline.ui;

import dev.boostline.Boostline;
import dev.boostline.common.NotFoundException;
import dev.boostline.report.Rendering;
import dev.boostline.serving.LiveServers;
import dev.boostline.ui.internal.Actions;
import dev.boostline.ui.internal.DatasetPages;
import dev.boostline.ui.internal.LivePages;
import dev.boostline.ui.internal.ModelPages;
import dev.boostline.ui.internal.PipelinePages;
import dev.boostline.ui.internal.RunIndex;
import dev.boostline.ui.internal.RunPages;
import dev.boostline.ui.internal.Security;
import dev.boostline.ui.internal.Web;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local web UI of a Boostline home: server-rendered pages (templates compiled at build time,
 * inline SVG charts drawn by the same code as the HTML report), no CDN and no browser build step;
 * one small script sorts tables and swaps in live panels pushed by server-sent events.
 *
 * <p>Pages: {@code /datasets} (versions, lineage, schema, profiles with histograms, diffs with
 * PSI), {@code /runs} (filter, sort, page; a run's curves, importance, CV folds and search trials;
 * {@code /runs/compare}), {@code /models} (versions and aliases, audit history, metrics across
 * versions, decisions, reports, model card, realised performance), {@code /live} (registered
 * servers: traffic, latency, errors, in-flight, drift). Everything is read-only but promote and
 * rollback, which go through a confirmation page and {@link Boostline#promote} / {@link
 * Boostline#rollback}, need the API key when one is configured, are refused from another site, and
 * are audited. An unknown name or version answers 404 naming what was asked.
 *
 * <p>Thread-safe; {@link #close()} stops it.
 */
public final class UiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UiServer.class);
  private static final String RENDERED = "boostline.error-rendered";

  private final UiConfig config;
  private final Boostline home;
  private final RunIndex runs;
  private final LivePages live;
  private Javalin app;

  private UiServer(UiConfig config) {
    this.config = config;
    this.home = Boostline.open(config.home());
    this.runs = new RunIndex(config.home());
    this.live = new LivePages(config.home());
  }

  /** A UI over the home of {@code config}; call {@link #start()}. */
  public static UiServer create(UiConfig config) {
    return new UiServer(config);
  }

  /** Starts listening. */
  public synchronized UiServer start() {
    Security security = new Security(config.apiKey());
    DatasetPages datasets = new DatasetPages(home.datasets(), runs, home.models());
    RunPages runPages = new RunPages(home.runs(), runs, config.pageSize());
    ModelPages models = new ModelPages(home);
    Actions actions = new Actions(home, models, security);
    PipelinePages pipelines = new PipelinePages(config.home());
    byte[] css = (Rendering.css() + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] uiCss = resource("ui.css");
    byte[] js = resource("ui.js");
    app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.jetty.host = config.host();
              cfg.jetty.port = config.port();
              cfg.routes.before(
                  ctx -> {
                    ctx.header("X-Content-Type-Options", "nosniff");
                    ctx.header("X-Frame-Options", "SAMEORIGIN");
                    ctx.header("Referrer-Policy", "same-origin");
                  });
              cfg.routes.get("/", this::overview);
              cfg.routes.get("/static/boostline.css", ctx -> asset(ctx, css, "text/css"));
              cfg.routes.get("/static/ui.css", ctx -> asset(ctx, uiCss, "text/css"));
              cfg.routes.get("/static/ui.js", ctx -> asset(ctx, js, "text/javascript"));
              cfg.routes.get("/datasets", datasets::list);
              cfg.routes.get("/datasets/{name}", datasets::dataset);
              cfg.routes.get("/datasets/{name}/diff", datasets::diff);
              cfg.routes.get("/datasets/{name}/{version}", datasets::version);
              cfg.routes.get("/runs", runPages::list);
              cfg.routes.get("/runs/compare", runPages::compare);
              cfg.routes.get("/runs/{id}", runPages::run);
              cfg.routes.get("/models", models::list);
              cfg.routes.get("/models/{name}", models::model);
              cfg.routes.get("/models/{name}/promote", actions::confirmPromote);
              cfg.routes.post("/models/{name}/promote", actions::promote);
              cfg.routes.get("/models/{name}/rollback", actions::confirmRollback);
              cfg.routes.post("/models/{name}/rollback", actions::rollback);
              cfg.routes.get("/models/{name}/reports/{id}", models::report);
              cfg.routes.get("/models/{name}/{version}", models::version);
              cfg.routes.get("/pipelines", pipelines::list);
              cfg.routes.get("/pipelines/{name}", pipelines::pipeline);
              cfg.routes.get("/pipelines/{name}/{id}", pipelines::run);
              cfg.routes.get("/live", live::list);
              cfg.routes.sse("/live/events", live::events);
              cfg.routes.get("/live/{id}", live::server);
              cfg.routes.exception(
                  Web.NotFound.class, (e, ctx) -> error(ctx, 404, "Not found", e.getMessage()));
              cfg.routes.exception(
                  Web.Refused.class,
                  (e, ctx) ->
                      error(
                          ctx,
                          e.status(),
                          e.status() == 401
                              ? "Key needed"
                              : e.status() == 409 ? "Not done" : "Refused",
                          e.getMessage()));
              cfg.routes.exception(
                  NotFoundException.class,
                  (e, ctx) -> error(ctx, 404, "Not found", e.getMessage()));
              cfg.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.error("page {} failed", ctx.path(), e);
                    error(
                        ctx,
                        500,
                        "Error",
                        "The page failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                  });
              cfg.routes.error(
                  404,
                  ctx -> {
                    if (ctx.attribute(RENDERED) == null) {
                      error(ctx, 404, "Not found", "There is no page \"" + ctx.path() + "\".");
                    }
                  });
            });
    app.start();
    LOG.info("Boostline UI on http://{}:{} ({})", config.host(), app.port(), config);
    return this;
  }

  /** The port listened on (useful with port 0). */
  public int port() {
    return app.port();
  }

  /** Stops listening and the live updates. */
  @Override
  public synchronized void close() {
    live.close();
    if (app != null) {
      app.stop();
      app = null;
    }
  }

  private void overview(Context ctx) {
    Web.page(
        ctx,
        "overview.jte",
        "home",
        config.home().toString(),
        "datasets",
        home.datasets().names().size(),
        "runs",
        runs.all().size(),
        "recent",
        runs.all().stream().limit(5).toList(),
        "models",
        home.models().names(),
        "servers",
        LiveServers.list(config.home()));
  }

  private static void error(Context ctx, int status, String title, String message) {
    ctx.attribute(RENDERED, Boolean.TRUE);
    ctx.status(status);
    ctx.html(Web.render("error.jte", "status", status, "title", title, "message", message));
  }

  private static void asset(Context ctx, byte[] bytes, String type) {
    ctx.header("Cache-Control", "max-age=300");
    ctx.contentType(type + "; charset=utf-8");
    ctx.result(bytes);
  }

  private static byte[] resource(String name) {
    try (InputStream in = UiServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
