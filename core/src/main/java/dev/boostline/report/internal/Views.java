package dev.boostline.report.internal;

import dev.boostline.report.BarChart;
import dev.boostline.report.Chart;
import java.util.List;
import java.util.Optional;

/**
 * What the report templates show, as plain-text values (the templates escape every string): one
 * record per section so a template only loops and prints. Built by {@link ComparisonViews} from a
 * comparison and by {@link DecisionView} from a stored decision. Immutable.
 */
public final class Views {
  private Views() {}

  /** The whole report. */
  public record Report(
      String title,
      Header header,
      Verdict verdict,
      List<Tile> tiles,
      MetricTable metrics,
      ChartSection charts,
      Optional<SliceTable> slices,
      Features features,
      List<Pair> policy,
      String id,
      String at) {}

  /** The page header: model, the two versions, and one line of facts. */
  public record Header(
      String model, String candidate, Optional<String> production, List<Segment> meta) {}

  /** Text, shown as code when {@code code}. */
  public record Segment(String text, boolean code) {
    public static Segment text(String t) {
      return new Segment(t, false);
    }

    public static Segment code(String t) {
      return new Segment(t, true);
    }
  }

  /** The verdict box: word, one sentence, the check counts and every check. */
  public record Verdict(
      boolean promote, String word, List<Segment> sentence, String counts, List<Reason> reasons) {}

  /** One check in words; {@code kind} is pass, fail or info. */
  public record Reason(String kind, String text) {}

  /** A key-number tile. */
  public record Tile(String label, boolean wide, List<TileValue> values, List<String> notes) {}

  /** One big number of a tile with its color class and a line under it. */
  public record TileValue(String value, String tone, String sub) {}

  /** The metric table. */
  public record MetricTable(
      String candidateName,
      Optional<String> productionName,
      boolean paired,
      boolean probability,
      boolean policy,
      List<MetricRow> rows,
      String note) {}

  /** One metric. */
  public record MetricRow(
      String name,
      String arrow,
      String key,
      boolean primary,
      Cell candidate,
      Optional<Cell> production,
      Optional<Cell> difference,
      Optional<Forest> forest,
      String probabilityBetter,
      Optional<Badge> badge,
      String policyNote) {}

  /** An estimate with its interval under it; {@code tone} colors it (better, worse or empty). */
  public record Cell(String estimate, String interval, String tone) {}

  /** A PASS or FAIL badge. */
  public record Badge(boolean pass) {}

  /** A small interval plot around 0: pixel positions and color. */
  public record Forest(
      String tone, Optional<String> from, Optional<String> to, Optional<String> estimate) {}

  /** The chart section. */
  public record ChartSection(String title, List<Key> legend, List<Panel> panels, String empty) {}

  /** A legend key: swatch style (line, dash, dot, box), color, text. */
  public record Key(String style, String color, String text) {}

  /** One figure: title, subtitle, legend and one of a chart, a matrix or an empty message. */
  public record Panel(
      String title,
      String subtitle,
      List<Key> legend,
      Optional<Chart> chart,
      Optional<Matrix> matrix,
      Optional<String> empty) {}

  /** A confusion matrix. */
  public record Matrix(List<Label> columns, List<MatrixRow> rows, Optional<String> note) {}

  /** A class label shown shortened, with its full text as tooltip. */
  public record Label(String shown, String full) {}

  /** One true class. */
  public record MatrixRow(Label label, List<MatrixCell> cells, String rows, String recall) {}

  /** One cell: count, background and whether it is on the diagonal. */
  public record MatrixCell(String count, String style, boolean diagonal) {}

  /** The slice table. */
  public record SliceTable(
      String lead, String candidateName, Optional<String> productionName, List<SliceRow> rows) {}

  /** One group of rows. */
  public record SliceRow(
      String column,
      boolean first,
      String value,
      String rows,
      String candidate,
      String production,
      String change,
      String tone,
      boolean failed,
      String status) {}

  /** The top-features section: a lead sentence and a bar chart, or a note. */
  public record Features(String lead, Optional<BarChart> chart) {}

  /** A term and its definition. */
  public record Pair(String key, String value) {}

  /** A stored decision: verdict and metric table. */
  public record Decision(Verdict verdict, MetricTable metrics, List<Segment> facts) {}
}
