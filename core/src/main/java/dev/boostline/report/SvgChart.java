package dev.boostline.report;

import java.util.List;
import java.util.Locale;

/**
 * One inline SVG chart for the HTML reports: a plot area with gridlines, ticked and labelled axes,
 * and lines, histograms, markers or scatter dots drawn in data coordinates. The SVG has no {@code
 * xmlns} (the HTML parser supplies it), no script and no external reference; its text takes the
 * page's font. Coordinates are written with one decimal to keep the file small. Not thread-safe;
 * build one chart per instance, then call {@link #render()}.
 */
final class SvgChart {
  static final int WIDTH = 540;
  static final int HEIGHT = 360;
  private static final double LEFT = 62;
  private static final double RIGHT = 18;
  private static final double TOP = 14;
  private static final double BOTTOM = 50;
  private static final String GRID = "#eceef1";
  private static final String AXIS = "#9aa1ab";

  private final int width;
  private final int height;
  private final Axis x;
  private final Axis y;
  private final String xTitle;
  private final String yTitle;
  private final String description;
  private final StringBuilder plot = new StringBuilder();

  /**
   * An axis: its shown range and tick positions.
   *
   * @param decimals decimals of the tick labels
   */
  record Axis(double min, double max, double[] ticks, int decimals) {
    /** [0, 1] with ticks every 0.2, for probabilities and rates. */
    static Axis unit() {
      return new Axis(0, 1, new double[] {0, 0.2, 0.4, 0.6, 0.8, 1}, 1);
    }

    /**
     * A range that covers [lo, hi] and ends on round ticks (steps of 1, 2 or 5 times a power of
     * ten), about {@code target} of them. A degenerate or non-finite range is widened.
     */
    static Axis nice(double lo, double hi, int target) {
      if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
        lo = 0;
        hi = 1;
      }
      if (hi - lo <= Math.max(Math.abs(hi), Math.abs(lo)) * 1e-12) {
        double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
        lo -= pad;
        hi += pad;
      }
      double rough = (hi - lo) / Math.max(1, target);
      double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
      double residual = rough / magnitude;
      double step = (residual < 1.5 ? 1 : residual < 3 ? 2 : residual < 7 ? 5 : 10) * magnitude;
      double start = Math.floor(lo / step + 1e-9) * step;
      double end = Math.ceil(hi / step - 1e-9) * step;
      int count = (int) Math.round((end - start) / step) + 1;
      double[] ticks = new double[count];
      for (int i = 0; i < count; i++) {
        double t = start + i * step;
        // Snap away floating noise such as 0.30000000000000004 and -0.0.
        t = Math.round(t / step) * step;
        ticks[i] = t == 0 ? 0 : t;
      }
      int decimals = (int) Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
      return new Axis(start, end, ticks, decimals);
    }

    /** A tick label: fixed decimals, or a k/M suffix for large values; a true minus sign. */
    String label(double v) {
      return format(v).replace('-', '\u2212');
    }

    private String format(double v) {
      double big = Math.max(Math.abs(min), Math.abs(max));
      if (big >= 1e6) {
        return trim(String.format(Locale.ROOT, "%.2f", v / 1e6)) + "M";
      }
      if (big >= 1e4) {
        return trim(String.format(Locale.ROOT, "%.1f", v / 1e3)) + "k";
      }
      return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String trim(String s) {
      if (s.indexOf('.') < 0) {
        return s;
      }
      s = s.replaceAll("0+$", "");
      return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
  }

  SvgChart(Axis x, Axis y, String xTitle, String yTitle, String description) {
    this(WIDTH, HEIGHT, x, y, xTitle, yTitle, description);
  }

  SvgChart(
      int width, int height, Axis x, Axis y, String xTitle, String yTitle, String description) {
    this.width = width;
    this.height = height;
    this.x = x;
    this.y = y;
    this.xTitle = xTitle;
    this.yTitle = yTitle;
    this.description = description;
  }

  /** The top of the y axis, in data units. */
  double yMax() {
    return y.max();
  }

  double px(double v) {
    return LEFT + (v - x.min()) / (x.max() - x.min()) * (width - LEFT - RIGHT);
  }

  double py(double v) {
    return TOP + (1 - (v - y.min()) / (y.max() - y.min())) * (height - TOP - BOTTOM);
  }

  /** A dashed grey reference line, such as the diagonal of a ROC chart. */
  SvgChart reference(double x1, double y1, double x2, double y2) {
    plot.append("<line x1=\"")
        .append(n(px(x1)))
        .append("\" y1=\"")
        .append(n(py(y1)))
        .append("\" x2=\"")
        .append(n(px(x2)))
        .append("\" y2=\"")
        .append(n(py(y2)))
        .append("\" stroke=\"#8b929c\" stroke-width=\"1.2\" stroke-dasharray=\"5 4\"/>");
    return this;
  }

  /** A polyline through the points. */
  SvgChart line(double[] xs, double[] ys, String color, double strokeWidth) {
    if (xs.length == 0) {
      return this;
    }
    plot.append("<path fill=\"none\" stroke=\"")
        .append(color)
        .append("\" stroke-width=\"")
        .append(n(strokeWidth))
        .append("\" stroke-linejoin=\"round\" d=\"");
    for (int i = 0; i < xs.length; i++) {
      plot.append(i == 0 ? 'M' : 'L').append(n(px(xs[i]))).append(' ').append(n(py(ys[i])));
    }
    plot.append("\"/>");
    return this;
  }

  /** Circle markers with a white rim, for a few points such as calibration bins. */
  SvgChart markers(double[] xs, double[] ys, String color) {
    for (int i = 0; i < xs.length; i++) {
      plot.append("<circle cx=\"")
          .append(n(px(xs[i])))
          .append("\" cy=\"")
          .append(n(py(ys[i])))
          .append("\" r=\"3.6\" fill=\"")
          .append(color)
          .append("\" stroke=\"#fff\" stroke-width=\"1.2\"/>");
    }
    return this;
  }

  /**
   * Many small translucent dots, as one path of zero-length strokes with round caps (about 14 bytes
   * a point instead of 40 for a circle element).
   */
  SvgChart dots(double[] xs, double[] ys, String color) {
    if (xs.length == 0) {
      return this;
    }
    plot.append("<path fill=\"none\" stroke=\"")
        .append(color)
        .append("\" stroke-opacity=\"0.4\" stroke-width=\"3.6\" stroke-linecap=\"round\" d=\"");
    for (int i = 0; i < xs.length; i++) {
      plot.append('M').append(n(px(xs[i]))).append(' ').append(n(py(ys[i]))).append("h0");
    }
    plot.append("\"/>");
    return this;
  }

  /**
   * A histogram drawn as a translucent filled step outline: bin {@code b} spans {@code edges[b]} to
   * {@code edges[b + 1]} at height {@code values[b]}.
   */
  SvgChart histogram(double[] edges, double[] values, String color) {
    double base = py(Math.max(y.min(), 0));
    StringBuilder d = new StringBuilder();
    d.append('M').append(n(px(edges[0]))).append(' ').append(n(base));
    for (int b = 0; b < values.length; b++) {
      double top = py(values[b]);
      d.append('L').append(n(px(edges[b]))).append(' ').append(n(top));
      d.append('L').append(n(px(edges[b + 1]))).append(' ').append(n(top));
    }
    d.append('L').append(n(px(edges[values.length]))).append(' ').append(n(base)).append('Z');
    plot.append("<path fill=\"")
        .append(color)
        .append("\" fill-opacity=\"0.16\" stroke=\"")
        .append(color)
        .append("\" stroke-width=\"1.6\" stroke-linejoin=\"round\" d=\"")
        .append(d)
        .append("\"/>");
    return this;
  }

  /** The finished {@code <svg>} element. */
  String render() {
    StringBuilder s = new StringBuilder(plot.length() + 2048);
    s.append("<svg class=\"chart\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" role=\"img\" aria-label=\"")
        .append(Html.esc(description))
        .append("\">");
    double x0 = LEFT;
    double x1 = width - RIGHT;
    double y0 = TOP;
    double y1 = height - BOTTOM;
    // Gridlines under the data.
    s.append("<g stroke=\"").append(GRID).append("\" stroke-width=\"1\">");
    for (double t : x.ticks()) {
      String p = n(px(t));
      s.append("<line x1=\"")
          .append(p)
          .append("\" y1=\"")
          .append(n(y0))
          .append("\" x2=\"")
          .append(p)
          .append("\" y2=\"")
          .append(n(y1))
          .append("\"/>");
    }
    for (double t : y.ticks()) {
      String p = n(py(t));
      s.append("<line x1=\"")
          .append(n(x0))
          .append("\" y1=\"")
          .append(p)
          .append("\" x2=\"")
          .append(n(x1))
          .append("\" y2=\"")
          .append(p)
          .append("\"/>");
    }
    s.append("</g>");
    s.append(plot);
    // Axes, ticks and labels on top.
    s.append("<g stroke=\"").append(AXIS).append("\" stroke-width=\"1\">");
    s.append("<line x1=\"")
        .append(n(x0))
        .append("\" y1=\"")
        .append(n(y1))
        .append("\" x2=\"")
        .append(n(x1))
        .append("\" y2=\"")
        .append(n(y1))
        .append("\"/>");
    s.append("<line x1=\"")
        .append(n(x0))
        .append("\" y1=\"")
        .append(n(y0))
        .append("\" x2=\"")
        .append(n(x0))
        .append("\" y2=\"")
        .append(n(y1))
        .append("\"/>");
    for (double t : x.ticks()) {
      String p = n(px(t));
      s.append("<line x1=\"")
          .append(p)
          .append("\" y1=\"")
          .append(n(y1))
          .append("\" x2=\"")
          .append(p)
          .append("\" y2=\"")
          .append(n(y1 + 5))
          .append("\"/>");
    }
    for (double t : y.ticks()) {
      String p = n(py(t));
      s.append("<line x1=\"")
          .append(n(x0 - 5))
          .append("\" y1=\"")
          .append(p)
          .append("\" x2=\"")
          .append(n(x0))
          .append("\" y2=\"")
          .append(p)
          .append("\"/>");
    }
    s.append("</g>");
    s.append("<g class=\"tick\" text-anchor=\"middle\">");
    for (double t : x.ticks()) {
      s.append("<text x=\"")
          .append(n(px(t)))
          .append("\" y=\"")
          .append(n(y1 + 18))
          .append("\">")
          .append(Html.esc(x.label(t)))
          .append("</text>");
    }
    s.append("</g><g class=\"tick\" text-anchor=\"end\">");
    for (double t : y.ticks()) {
      s.append("<text x=\"")
          .append(n(x0 - 8))
          .append("\" y=\"")
          .append(n(py(t) + 4))
          .append("\">")
          .append(Html.esc(y.label(t)))
          .append("</text>");
    }
    s.append("</g>");
    s.append("<text class=\"axis-title\" text-anchor=\"middle\" x=\"")
        .append(n((x0 + x1) / 2))
        .append("\" y=\"")
        .append(n(height - 10))
        .append("\">")
        .append(Html.esc(xTitle))
        .append("</text>");
    s.append("<text class=\"axis-title\" text-anchor=\"middle\" transform=\"translate(15 ")
        .append(n((y0 + y1) / 2))
        .append(") rotate(-90)\">")
        .append(Html.esc(yTitle))
        .append("</text>");
    s.append("</svg>");
    return s.toString();
  }

  /**
   * A horizontal bar chart, largest first as given, with the value at the end of each bar. Long
   * labels are shortened with an ellipsis; the full label is the bar's tooltip.
   */
  static String horizontalBars(
      List<String> labels, double[] values, String color, String xTitle, String description) {
    int maxChars = 34;
    int longest = 0;
    for (String l : labels) {
      longest = Math.max(longest, Math.min(l.length(), maxChars));
    }
    double left = Math.min(250, 16 + 6.9 * longest);
    double right = 56;
    double row = 24;
    double top = 8;
    double bottom = 46;
    double max = 0;
    for (double v : values) {
      if (Double.isFinite(v)) {
        max = Math.max(max, v);
      }
    }
    Axis axis = Axis.nice(0, max > 0 ? max * 1.04 : 1, 6);
    int w = 1100;
    int h = (int) Math.ceil(top + row * labels.size() + bottom);
    double span = w - left - right;
    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"chart bars\" viewBox=\"0 0 ")
        .append(w)
        .append(' ')
        .append(h)
        .append("\" role=\"img\" aria-label=\"")
        .append(Html.esc(description))
        .append("\">");
    double y1 = top + row * labels.size();
    s.append("<g stroke=\"").append(GRID).append("\">");
    for (double t : axis.ticks()) {
      double p = left + (t - axis.min()) / (axis.max() - axis.min()) * span;
      s.append("<line x1=\"")
          .append(n(p))
          .append("\" y1=\"")
          .append(n(top))
          .append("\" x2=\"")
          .append(n(p))
          .append("\" y2=\"")
          .append(n(y1))
          .append("\"/>");
    }
    s.append("</g>");
    for (int i = 0; i < labels.size(); i++) {
      double v = Double.isFinite(values[i]) ? Math.max(values[i], 0) : 0;
      double bw = v / (axis.max() - axis.min()) * span;
      double y = top + row * i;
      String label = labels.get(i);
      String shown =
          label.length() > maxChars ? label.substring(0, maxChars - 1) + "\u2026" : label;
      s.append("<g><title>")
          .append(Html.esc(label))
          .append(": ")
          .append(Html.esc(String.format(Locale.ROOT, "%.4g", values[i])))
          .append("</title>");
      s.append("<text class=\"bar-label\" text-anchor=\"end\" x=\"")
          .append(n(left - 10))
          .append("\" y=\"")
          .append(n(y + row / 2 + 4))
          .append("\">")
          .append(Html.esc(shown))
          .append("</text>");
      s.append("<rect x=\"")
          .append(n(left))
          .append("\" y=\"")
          .append(n(y + 4))
          .append("\" width=\"")
          .append(n(Math.max(bw, 1)))
          .append("\" height=\"")
          .append(n(row - 8))
          .append("\" rx=\"2\" fill=\"")
          .append(color)
          .append("\"/>");
      s.append("<text class=\"bar-value\" x=\"")
          .append(n(left + bw + 6))
          .append("\" y=\"")
          .append(n(y + row / 2 + 4))
          .append("\">")
          .append(Html.esc(String.format(Locale.ROOT, "%.3g", values[i])))
          .append("</text></g>");
    }
    s.append("<line stroke=\"")
        .append(AXIS)
        .append("\" x1=\"")
        .append(n(left))
        .append("\" y1=\"")
        .append(n(y1))
        .append("\" x2=\"")
        .append(n(w - right))
        .append("\" y2=\"")
        .append(n(y1))
        .append("\"/>");
    s.append("<g class=\"tick\" text-anchor=\"middle\">");
    for (double t : axis.ticks()) {
      double p = left + (t - axis.min()) / (axis.max() - axis.min()) * span;
      s.append("<text x=\"")
          .append(n(p))
          .append("\" y=\"")
          .append(n(y1 + 17))
          .append("\">")
          .append(Html.esc(axis.label(t)))
          .append("</text>");
    }
    s.append("</g><text class=\"axis-title\" text-anchor=\"middle\" x=\"")
        .append(n(left + span / 2))
        .append("\" y=\"")
        .append(n(h - 8))
        .append("\">")
        .append(Html.esc(xTitle))
        .append("</text></svg>");
    return s.toString();
  }

  /** A coordinate with at most one decimal, without a trailing ".0". */
  static String n(double v) {
    if (!Double.isFinite(v)) {
      return "0";
    }
    long t = Math.round(v * 10);
    long whole = Math.abs(t) / 10;
    long tenth = Math.abs(t) % 10;
    String sign = t < 0 ? "-" : "";
    return tenth == 0 ? sign + whole : sign + whole + "." + tenth;
  }
}
