package dev.boostline.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A horizontal bar chart drawn as inline SVG (template {@code bars.jte}): one bar per label, in the
 * order given, with the value at the end of each bar. Long labels are shortened with an ellipsis;
 * the full label and value are the bar's tooltip. Non-finite and negative values draw as an empty
 * bar. Immutable.
 */
public final class BarChart {
  private static final int MAX_LABEL = 34;
  private static final int WIDTH = 1100;
  private final int width;
  private static final double ROW = 24;
  private static final double TOP = 8;
  private static final double BOTTOM = 46;

  /** One bar: the label shown and its tooltip, and its geometry. */
  public record Bar(
      String shown,
      String title,
      String value,
      String labelX,
      String textY,
      String x,
      String y,
      String width,
      String height,
      String valueX) {}

  private final String color;
  private final String xTitle;
  private final String description;
  private final int height;
  private final List<Bar> bars;
  private final List<Chart.Tick> ticks;
  private final String left;
  private final String right;
  private final String top;
  private final String bottom;

  private BarChart(
      List<String> labels,
      double[] values,
      String color,
      String xTitle,
      String description,
      int width) {
    if (labels.size() != values.length) {
      throw new IllegalArgumentException(
          "one value per label, got " + values.length + " for " + labels.size());
    }
    this.width = width;
    this.color = color;
    this.xTitle = xTitle;
    this.description = description;
    int longest = 0;
    for (String l : labels) {
      longest = Math.max(longest, Math.min(l.length(), MAX_LABEL));
    }
    double l = Math.min(250, 16 + 6.9 * longest);
    double r = 56;
    double max = 0;
    for (double v : values) {
      if (Double.isFinite(v)) {
        max = Math.max(max, v);
      }
    }
    Axis axis = Axis.nice(0, max > 0 ? max * 1.04 : 1, 6);
    height = (int) Math.ceil(TOP + ROW * labels.size() + BOTTOM);
    double span = width - l - r;
    double y1 = TOP + ROW * labels.size();
    List<Bar> out = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      double v = Double.isFinite(values[i]) ? Math.max(values[i], 0) : 0;
      double bw = v / (axis.max() - axis.min()) * span;
      double y = TOP + ROW * i;
      String label = labels.get(i);
      String shown =
          label.length() > MAX_LABEL ? label.substring(0, MAX_LABEL - 1) + "\u2026" : label;
      out.add(
          new Bar(
              shown,
              label + ": " + String.format(Locale.ROOT, "%.4g", values[i]),
              String.format(Locale.ROOT, "%.3g", values[i]),
              Chart.n(l - 10),
              Chart.n(y + ROW / 2 + 4),
              Chart.n(l),
              Chart.n(y + 4),
              Chart.n(Math.max(bw, 1)),
              Chart.n(ROW - 8),
              Chart.n(l + bw + 6)));
    }
    bars = List.copyOf(out);
    List<Chart.Tick> t = new ArrayList<>();
    for (int i = 0; i < axis.tickCount(); i++) {
      double p = l + (axis.tick(i) - axis.min()) / (axis.max() - axis.min()) * span;
      t.add(new Chart.Tick(Chart.n(p), axis.label(axis.tick(i))));
    }
    ticks = List.copyOf(t);
    left = Chart.n(l);
    right = Chart.n(width - r);
    top = Chart.n(TOP);
    bottom = Chart.n(y1);
  }

  /**
   * A bar chart of {@code values} (one per label), in the given order, with bars in {@code color}
   * (a CSS color); {@code xTitle} and {@code description} are plain text.
   */
  public static BarChart of(
      List<String> labels, double[] values, String color, String xTitle, String description) {
    return new BarChart(List.copyOf(labels), values.clone(), color, xTitle, description, WIDTH);
  }

  /**
   * The same at a given view-box width (400..2000; the default is 1100, for a full-width card), so
   * text keeps its size in a narrower panel.
   */
  public static BarChart of(
      List<String> labels,
      double[] values,
      String color,
      String xTitle,
      String description,
      int width) {
    if (width < 400 || width > 2000) {
      throw new IllegalArgumentException("width must be in 400..2000, got " + width);
    }
    return new BarChart(List.copyOf(labels), values.clone(), color, xTitle, description, width);
  }

  /** View-box width. */
  public int width() {
    return width;
  }

  /** View-box height: grows with the number of bars. */
  public int height() {
    return height;
  }

  /** The bars' color. */
  public String color() {
    return color;
  }

  /** The value axis title. */
  public String xTitle() {
    return xTitle;
  }

  /** The accessible description. */
  public String description() {
    return description;
  }

  /** The bars, top to bottom. */
  public List<Bar> bars() {
    return bars;
  }

  /** Value axis ticks. */
  public List<Chart.Tick> ticks() {
    return ticks;
  }

  /** Left edge of the bars. */
  public String left() {
    return left;
  }

  /** Right end of the value axis. */
  public String right() {
    return right;
  }

  /** Top of the gridlines. */
  public String top() {
    return top;
  }

  /** The value axis' y. */
  public String bottom() {
    return bottom;
  }

  /** Baseline of the tick labels. */
  public String tickLabelY() {
    return Chart.n(Double.parseDouble(bottom) + 17);
  }

  /** Center of the value axis (its title). */
  public String titleX() {
    return Chart.n((Double.parseDouble(left) + Double.parseDouble(right)) / 2);
  }

  /** Baseline of the value axis title. */
  public String titleY() {
    return Chart.n(height - 8);
  }
}
