package dev.boostline.ui.internal;

import dev.boostline.report.HtmlFragment;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/**
 * Rendering of the UI's templates (compiled at build time to {@code dev.boostline.ui.internal.jte})
 * and the responses every page shares. Thread-safe.
 */
public final class Web {
  private static final TemplateEngine ENGINE =
      TemplateEngine.createPrecompiled(
          null, ContentType.Html, Web.class.getClassLoader(), "dev.boostline.ui.internal.jte");

  private Web() {}

  /** A page the browser cannot find: 404 naming what was asked. */
  public static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotFound(String message) {
      super(message);
    }
  }

  /** A request the UI refuses (bad parameter, failed check): the status and why. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public Refused(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /** Renders a template with parameters (name, value pairs) to text. */
  public static String render(String template, Object... params) {
    Map<String, Object> map = new HashMap<>();
    for (int i = 0; i < params.length; i += 2) {
      map.put((String) params[i], params[i + 1]);
    }
    StringOutput out = new StringOutput(16 * 1024);
    ENGINE.render(template, map, out);
    return out.toString();
  }

  /** Renders a page as the response (200, HTML, not cached). */
  public static void page(Context ctx, String template, Object... params) {
    ctx.header("Cache-Control", "no-store");
    ctx.html(render(template, params));
  }

  /** The markup of a fragment, for templates. */
  public static String raw(HtmlFragment f) {
    return f.html();
  }

  /** An integer query parameter, or the default; a malformed value is a 400. */
  public static int intParam(Context ctx, String name, int def) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return def;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new Refused(
          400, "query parameter " + name + " must be a whole number, got \"" + v + "\"");
    }
  }

  /** A path segment as a version number; anything else is a 404 naming it. */
  public static int version(String what, String raw) {
    try {
      int v = Integer.parseInt(raw);
      if (v >= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new NotFound(what + " has no version \"" + raw + "\"");
  }
}
