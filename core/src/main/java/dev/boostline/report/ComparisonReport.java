package dev.boostline.report;

import dev.boostline.eval.Comparison;
import dev.boostline.registry.ModelRef;
import dev.boostline.report.internal.ComparisonViews;
import dev.boostline.util.internal.fs.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A self-contained HTML report of one {@link Comparison}: the verdict and its reasons, the metric
 * table with bootstrap intervals and paired differences, charts of both models (ROC, precision-
 * recall, calibration and score histograms for binary tasks; confusion matrices, top-class
 * calibration and confidence histograms for multiclass; predicted-vs-actual and residuals for
 * regression), the slice table, the candidate's top features by mean |SHAP| and the policy.
 *
 * <p>The page is rendered by the templates the web UI shares ({@code comparison.jte} and the chart
 * templates, compiled at build time). The file needs nothing else: CSS is inline, charts are inline
 * SVG, there is no script and no link, font or image from elsewhere, so it can be mailed, archived
 * or opened offline. Output is deterministic: the same comparison gives the same bytes (the only
 * time shown is {@link Comparison#at()}), and its size is bounded independently of the row count:
 * curves keep at most {@value ComparisonViews#MAX_CURVE_POINTS} points and the regression scatter a
 * seeded sample of at most {@value ComparisonViews#MAX_SCATTER_POINTS} rows. All text from the
 * comparison (model, dataset, class and feature names, slice values, reasons) is HTML-escaped.
 * Stateless and thread-safe.
 */
public final class ComparisonReport {
  private static final Pattern DECISION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private ComparisonReport() {}

  /**
   * Renders the report.
   *
   * @return a complete HTML5 document, UTF-8 text starting with {@code <!DOCTYPE html>}
   */
  public static String html(Comparison c) {
    String html =
        Rendering.render(
            "comparison.jte", Map.of("r", ComparisonViews.of(c), "css", Rendering.css()));
    return html.stripTrailing() + "\n";
  }

  /**
   * Writes {@link #html(Comparison)} to {@code file} as UTF-8, atomically: a reader sees the old
   * file or the complete new one. Creates missing parent directories.
   *
   * @throws java.io.UncheckedIOException if the file cannot be written
   */
  public static void write(Comparison c, Path file) {
    AtomicFiles.write(file, html(c).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Keeps the report in the home beside the decision it explains, at {@link #stored(Path, String,
   * String)}, so the web UI can show it; written atomically.
   *
   * @return the file written
   */
  public static Path store(Path home, Comparison c) {
    Path file = stored(home, c.model(), c.id());
    write(c, file);
    return file;
  }

  /**
   * Where the report of decision {@code decisionId} of model {@code model} is kept: {@code
   * <home>/models/<model>/reports/<decisionId>.html} (it may not exist: reports are kept from this
   * version on, and only by {@link #store}).
   *
   * @throws IllegalArgumentException when the model name or decision id is not a valid name
   */
  public static Path stored(Path home, String model, String decisionId) {
    ModelRef.requireValidName(model);
    if (!DECISION_ID.matcher(decisionId).matches()) {
      throw new IllegalArgumentException("not a decision id: \"" + decisionId + "\"");
    }
    return home.toAbsolutePath()
        .normalize()
        .resolve("models")
        .resolve(model)
        .resolve("reports")
        .resolve(decisionId + ".html");
  }
}
