package dev.boostline.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.eval.Check;
import dev.boostline.eval.Comparison;
import dev.boostline.eval.PromotionPolicy;
import dev.boostline.eval.Verdict;
import dev.boostline.metrics.Interval;
import dev.boostline.metrics.Scored;
import dev.boostline.report.internal.ComparisonViews;
import dev.boostline.report.internal.Curves;
import dev.boostline.task.Task;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ComparisonReportTest {
  private static final Comparison BINARY = ReportFixtures.binary(3000, true, 11);
  private static final Comparison BINARY_ALONE = ReportFixtures.binary(3000, false, 12);
  private static final Comparison MULTICLASS = ReportFixtures.multiclass(3000, true, 13);
  private static final Comparison REGRESSION = ReportFixtures.regression(3000, true, 14);

  @Test
  void binary_report_with_production_shows_the_verdict_every_reason_and_both_models() {
    String html = ComparisonReport.html(BINARY);

    assertSelfContainedDocument(html);
    // The candidate is weak in one judged slice, so the policy rejects it.
    assertThat(BINARY.verdict()).isEqualTo(Verdict.REJECT);
    assertThat(html).contains("class=\"verdict reject\"").contains(">REJECT<");
    BINARY.reasons().forEach(r -> assertThat(text(html)).contains(r));
    assertThat(html)
        .contains("candidate v7", "production v6")
        .contains("ROC curve", "Precision\u2013recall curve", "Calibration", "Score distribution")
        .contains(
            "DeLong test",
            "p = "
                + String.format(
                    java.util.Locale.ROOT, "%.4f", BINARY.delong().orElseThrow().pValue()))
        .contains("P(better)")
        .contains("Top features");
    assertThat(count(html, "<svg class=\"chart\"")).isEqualTo(4);
    assertThat(count(html, "class=\"fail-row\"")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void binary_report_without_production_has_no_production_columns_or_paired_numbers() {
    String html = ComparisonReport.html(BINARY_ALONE);

    assertSelfContainedDocument(html);
    assertThat(BINARY_ALONE.verdict()).isEqualTo(Verdict.PROMOTE);
    assertThat(html).contains(">PROMOTE<").contains("no production model");
    BINARY_ALONE.reasons().forEach(r -> assertThat(text(html)).contains(r));
    assertThat(html)
        .doesNotContain("production v")
        .doesNotContain("P(better)")
        .doesNotContain("DeLong")
        .doesNotContain(PRODUCTION_STROKE);
    assertThat(count(html, "<svg class=\"chart\"")).isEqualTo(4);
  }

  @Test
  void multiclass_report_shows_confusion_matrices_and_top_class_charts() {
    String html = ComparisonReport.html(MULTICLASS);

    assertSelfContainedDocument(html);
    MULTICLASS.reasons().forEach(r -> assertThat(text(html)).contains(r));
    assertThat(count(html, "<table class=\"matrix\">")).isEqualTo(2);
    assertThat(count(html, "<svg class=\"chart\"")).isEqualTo(2);
    assertThat(html)
        .contains("Top-class calibration", "Confidence distribution")
        .contains(">platinum<");
  }

  @Test
  void regression_report_shows_a_sampled_scatter_and_residuals() {
    String html = ComparisonReport.html(REGRESSION);

    assertSelfContainedDocument(html);
    REGRESSION.reasons().forEach(r -> assertThat(text(html)).contains(r));
    assertThat(html)
        .contains("Predicted vs actual", "Residuals", "A seeded sample of 2,000 of 3,000 rows.");
    assertThat(count(html, "<svg class=\"chart\"")).isEqualTo(2);
    // One zero-length stroke per drawn row and model.
    assertThat(count(html, "h0")).isEqualTo(2 * ComparisonViews.MAX_SCATTER_POINTS);
  }

  @Test
  void escapes_model_names_slice_values_and_reasons() {
    Comparison c = ReportFixtures.withModel(BINARY, "churn \"v2\" <beta> & 'co'");
    String html = ComparisonReport.html(c);

    assertSelfContainedDocument(html);
    // Parsed back, the text is exactly the raw name: escaped, and escaped once.
    assertThat(text(html)).contains("churn \"v2\" <beta> & 'co'");
    assertThat(html).contains("&lt;b&gt;&amp;").doesNotContain("<b>&").doesNotContain("<beta>");
    // The failing slice's reason holds the raw value; it appears escaped only.
    assertThat(c.reasons()).anyMatch(r -> r.contains("region=<b>&"));
    assertThat(html).contains("region=&lt;b&gt;&amp;");
    assertThat(text(html)).contains("region=<b>&");
  }

  @Test
  void renders_degenerate_data_with_undefined_metrics_instead_of_failing() {
    double[][] outputs = {{0.2}, {0.4}, {0.1}};
    Scored oneClass =
        new Scored(Task.BINARY, List.of("no", "yes"), new double[] {0, 0, 0}, outputs, null);
    Interval undefined = new Interval(Double.NaN, Double.NaN, Double.NaN);
    Comparison binary =
        degenerate(Task.BINARY, List.of("no", "yes"), oneClass, Map.of("auc", undefined));
    Scored empty = new Scored(Task.REGRESSION, List.of(), new double[0], new double[0][], null);
    Comparison regression =
        degenerate(Task.REGRESSION, List.of(), empty, Map.of("rmse", undefined));

    String b = ComparisonReport.html(binary);
    String r = ComparisonReport.html(regression);

    assertSelfContainedDocument(b);
    assertSelfContainedDocument(r);
    assertThat(b)
        .contains("Not defined: the labels hold only one class.")
        .contains("No SHAP values were computed");
    assertThat(r).contains("No rows were evaluated.");
  }

  private static Comparison degenerate(
      Task task, List<String> classes, Scored scored, Map<String, Interval> metrics) {
    return new Comparison(
        "cmp-degenerate",
        "m",
        1,
        Optional.empty(),
        "",
        "d@1",
        task,
        classes,
        scored,
        Optional.empty(),
        metrics,
        Map.of(),
        Map.of(),
        Map.of(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Map.of(),
        PromotionPolicy.defaults(),
        Verdict.REJECT,
        List.of(
            new Check(
                Check.Rule.THRESHOLD,
                Check.Outcome.FAIL,
                Optional.of("auc"),
                Optional.of(Double.NaN),
                Optional.of(0.5),
                "FAIL auc NaN > 0.5000")),
        ReportFixtures.AT);
  }

  @Test
  void the_same_comparison_gives_the_same_bytes() {
    String first = ComparisonReport.html(ReportFixtures.binary(2000, true, 5));
    // Rebuilt from the same seed: equal content in freshly made maps and arrays.
    String second = ComparisonReport.html(ReportFixtures.binary(2000, true, 5));

    assertThat(second).isEqualTo(first);
    assertThat(ComparisonReport.html(REGRESSION)).isEqualTo(ComparisonReport.html(REGRESSION));
    assertThat(first).contains("2025-03-14 09:26:53 UTC");
  }

  @Test
  void fifty_thousand_rows_give_a_report_of_a_few_hundred_kilobytes() {
    Comparison binary = ReportFixtures.binary(50_000, true, 21);
    Comparison regression = ReportFixtures.regression(50_000, true, 22);

    String b = ComparisonReport.html(binary);
    String r = ComparisonReport.html(regression);

    assertSelfContainedDocument(b);
    assertSelfContainedDocument(r);
    assertThat(b.getBytes(StandardCharsets.UTF_8).length).isLessThan(150_000);
    assertThat(r.getBytes(StandardCharsets.UTF_8).length).isLessThan(300_000);
    // Curves are thinned to the cap; the scatter is a sample.
    for (String d : pathData(b)) {
      assertThat(count(d, "L") + 1).isLessThanOrEqualTo(ComparisonViews.MAX_CURVE_POINTS);
    }
    assertThat(count(r, "h0")).isEqualTo(2 * ComparisonViews.MAX_SCATTER_POINTS);
    assertThat(r).contains("A seeded sample of 2,000 of 50,000 rows.");
  }

  @Test
  void write_puts_the_report_in_place_creating_directories(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("reports").resolve("comparison.html");

    ComparisonReport.write(BINARY, file);

    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo(ComparisonReport.html(BINARY));
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void roc_curve_is_exact_on_a_small_example_and_thinned_curves_keep_their_ends() {
    double[] scores = {0.9, 0.8, 0.8, 0.3, 0.1};
    boolean[] positive = {true, true, false, false, true};

    Curves.Points roc = Curves.roc(scores, positive, null);

    // Thresholds 0.9, 0.8 (a tie of one positive and one negative), 0.3, 0.1.
    assertThat(roc.x()).containsExactly(0, 0, 0.5, 1, 1);
    assertThat(roc.y()).containsExactly(0, 1.0 / 3, 2.0 / 3, 2.0 / 3, 1);
    double[] x = new double[10_000];
    double[] y = new double[10_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = i / 9999.0;
      y[i] = Math.sqrt(x[i]);
    }
    Curves.Points thin = Curves.decimate(new Curves.Points(x, y), 200);
    assertThat(thin.size()).isLessThanOrEqualTo(200).isGreaterThan(150);
    assertThat(thin.x()[0]).isEqualTo(0);
    assertThat(thin.x()[thin.size() - 1]).isEqualTo(1);
  }

  private static final String PRODUCTION_STROKE = "stroke=\"#e8590c\"";

  /**
   * A complete document that parses as XML (so every element is closed and every attribute quoted),
   * with charts, and nothing that would load or run something: no script, no link, no URL.
   */
  private static void assertSelfContainedDocument(String html) {
    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    assertThat(html.toLowerCase(java.util.Locale.ROOT))
        .doesNotContain("<script")
        .doesNotContain("http://")
        .doesNotContain("https://")
        .doesNotContain("url(")
        .doesNotContain("@import")
        .doesNotContain("<link")
        .doesNotContain("<img")
        .doesNotContain(" src=")
        .doesNotContain(" href=")
        .doesNotContainPattern("<[^>]*\\son[a-z]+\\s*=");
    Document doc = parseXml(html);
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("html");
  }

  private static Document parseXml(String html) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      return f.newDocumentBuilder()
          .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError("the report is not well-formed: " + e.getMessage(), e);
    }
  }

  /** Every piece of text of the parsed document, unescaped. */
  private static String text(String html) {
    return parseXml(html).getDocumentElement().getTextContent();
  }

  private static List<String> pathData(String html) {
    List<String> out = new java.util.ArrayList<>();
    Matcher m = Pattern.compile(" d=\"([^\"]*)\"").matcher(html);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }
}
