package dev.boostline.report;

import dev.boostline.eval.Decision;
import dev.boostline.report.internal.DecisionView;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Entry points to the shared templates: the charts, the decision summary and the stylesheet that
 * the HTML report and the web UI both use, so a chart or a metric table looks and reads the same in
 * a mailed report and in the UI. The templates are compiled to Java classes at build time (gg.jte,
 * package {@code dev.boostline.report.internal.jte}); nothing is compiled at run time. Stateless
 * and thread-safe.
 */
public final class Rendering {
  private static final TemplateEngine ENGINE =
      TemplateEngine.createPrecompiled(
          null,
          ContentType.Html,
          Rendering.class.getClassLoader(),
          "dev.boostline.report.internal.jte");
  private static final String CSS = resource("boostline.css");

  private Rendering() {}

  /** The shared stylesheet (report and UI): plain CSS with no URL, import or font file. */
  public static String css() {
    return CSS;
  }

  /** The {@code <svg class="chart">} element of an x-y chart. */
  public static HtmlFragment chart(Chart chart) {
    return new HtmlFragment(render("xy.jte", Map.of("chart", chart)));
  }

  /** The {@code <svg class="chart bars">} element of a bar chart. */
  public static HtmlFragment bars(BarChart chart) {
    return new HtmlFragment(render("bars.jte", Map.of("chart", chart)));
  }

  /**
   * A stored decision as the report shows it: the verdict with every check, then the metric table
   * of the candidate (and production, with paired differences and their intervals).
   */
  public static HtmlFragment decision(Decision decision) {
    return new HtmlFragment(render("decision.jte", Map.of("d", DecisionView.of(decision))));
  }

  /** Renders a template of this package with named parameters. */
  static String render(String template, Map<String, Object> params) {
    StringOutput out = new StringOutput(8 * 1024);
    ENGINE.render(template, params, out);
    return out.toString();
  }

  private static String resource(String name) {
    try (InputStream in = Rendering.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " next to Rendering");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
