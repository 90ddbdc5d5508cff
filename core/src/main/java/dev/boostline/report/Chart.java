package dev.boostline.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An x-y chart drawn as inline SVG: a plot area with gridlines, ticked and labelled axes, and
 * lines, filled histograms, markers, scatter dots, error bars or reference lines in data
 * coordinates. The value holds the finished geometry (pixel coordinates with one decimal); the
 * shared template {@code xy.jte} turns it into an {@code <svg>} element with no {@code xmlns} (the
 * HTML parser supplies it), no script and no external reference, whose text takes the page's font.
 * Render it with {@link Rendering#chart(Chart)}, or from a template in this package.
 *
 * <p>Build one with {@link #builder(Axis, Axis)}; the builder is not thread-safe, the built chart
 * is immutable.
 */
public final class Chart {
  /** The candidate model's color (blue). */
  public static final String CANDIDATE_COLOR = "#2563eb";

  /** The production model's color (orange). */
  public static final String PRODUCTION_COLOR = "#e8590c";

  /** Reference lines (chance, perfect calibration): grey. */
  public static final String REFERENCE_COLOR = "#8b929c";

  /** Colors for series beyond the first two, in order; they repeat after the last. */
  public static final List<String> PALETTE =
      List.of(
          "#2563eb", "#e8590c", "#059669", "#9333ea", "#db2777", "#ca8a04", "#0891b2", "#4b5563",
          "#65a30d", "#b91c1c");

  static final int WIDTH = 540;
  static final int HEIGHT = 360;
  private static final double MIN_LEFT = 62;
  private static final double RIGHT = 18;
  private static final double TOP = 14;
  private static final double BOTTOM = 50;

  /** A tick: pixel position and label. */
  public record Tick(String at, String label) {}

  /** Something drawn in the plot area; coordinates are pixel strings ready for SVG attributes. */
  public sealed interface Mark permits Line, Area, Markers, Dots, Reference, Whiskers {}

  /** A polyline; {@code d} is SVG path data. */
  public record Line(String color, String width, String d, boolean dashed) implements Mark {}

  /** A translucent filled step outline (a histogram). */
  public record Area(String color, String d) implements Mark {}

  /** Circle markers with a white rim; {@code titles} are tooltips (may be empty strings). */
  public record Markers(String color, List<Point> points) implements Mark {
    public Markers {
      points = List.copyOf(points);
    }
  }

  /** One marker. */
  public record Point(String x, String y, String title) {}

  /** Many translucent dots as one path of zero-length round-capped strokes. */
  public record Dots(String color, String d) implements Mark {}

  /** A dashed grey line such as the diagonal of a ROC chart. */
  public record Reference(String x1, String y1, String x2, String y2) implements Mark {}

  /** Vertical error bars with caps, as one path. */
  public record Whiskers(String color, String d) implements Mark {}

  private final int width;
  private final int height;
  private final String description;
  private final String xTitle;
  private final String yTitle;
  private final List<Tick> xTicks;
  private final List<Tick> yTicks;
  private final List<Mark> marks;
  private final double left;

  private Chart(Builder b) {
    left = b.left;
    width = b.width;
    height = b.height;
    description = b.description;
    xTitle = b.xTitle;
    yTitle = b.yTitle;
    List<Tick> xt = new ArrayList<>();
    for (int i = 0; i < b.x.tickCount(); i++) {
      xt.add(new Tick(n(b.px(b.x.tick(i))), b.x.label(b.x.tick(i))));
    }
    List<Tick> yt = new ArrayList<>();
    for (int i = 0; i < b.y.tickCount(); i++) {
      yt.add(new Tick(n(b.py(b.y.tick(i))), b.y.label(b.y.tick(i))));
    }
    xTicks = List.copyOf(xt);
    yTicks = List.copyOf(yt);
    marks = List.copyOf(b.marks);
  }

  /** A chart of the default size (540 x 360 view-box units) over these axes. */
  public static Builder builder(Axis x, Axis y) {
    return new Builder(x, y);
  }

  /** View-box width. */
  public int width() {
    return width;
  }

  /** View-box height. */
  public int height() {
    return height;
  }

  /** The accessible description (aria-label). */
  public String description() {
    return description;
  }

  /** The x axis title. */
  public String xTitle() {
    return xTitle;
  }

  /** The y axis title. */
  public String yTitle() {
    return yTitle;
  }

  /** X ticks, left to right. */
  public List<Tick> xTicks() {
    return xTicks;
  }

  /** Y ticks, bottom to top. */
  public List<Tick> yTicks() {
    return yTicks;
  }

  /** What is drawn, in drawing order. */
  public List<Mark> marks() {
    return marks;
  }

  /** Left edge of the plot area. */
  public String plotLeft() {
    return n(left);
  }

  /** Right edge of the plot area. */
  public String plotRight() {
    return n(width - RIGHT);
  }

  /** Top edge of the plot area. */
  public String plotTop() {
    return n(TOP);
  }

  /** Bottom edge of the plot area. */
  public String plotBottom() {
    return n(height - BOTTOM);
  }

  /** Where tick marks below the x axis end. */
  public String xTickEnd() {
    return n(height - BOTTOM + 5);
  }

  /** Baseline of the x tick labels. */
  public String xLabelY() {
    return n(height - BOTTOM + 18);
  }

  /** Where tick marks left of the y axis start. */
  public String yTickStart() {
    return n(left - 5);
  }

  /** Right end of the y tick labels. */
  public String yLabelX() {
    return n(left - 8);
  }

  /** The y tick label baseline for a tick at pixel {@code at}. */
  public String yLabelBaseline(Tick t) {
    return n(Double.parseDouble(t.at()) + 4);
  }

  /** Center of the plot area, horizontally (x axis title). */
  public String xTitleX() {
    return n((left + width - RIGHT) / 2);
  }

  /** Baseline of the x axis title. */
  public String xTitleY() {
    return n(height - 10);
  }

  /** The transform placing the rotated y axis title. */
  public String yTitleTransform() {
    return "translate(15 " + n((TOP + height - BOTTOM) / 2) + ") rotate(-90)";
  }

  /** Builds a {@link Chart}; not thread-safe. */
  public static final class Builder {
    private final Axis x;
    private final Axis y;
    private int width = WIDTH;
    private int height = HEIGHT;
    private String description = "chart";
    private String xTitle = "";
    private String yTitle = "";
    private final List<Mark> marks = new ArrayList<>();
    private final double left;

    private Builder(Axis x, Axis y) {
      this.x = Objects.requireNonNull(x, "x");
      this.y = Objects.requireNonNull(y, "y");
      // Room for the longest y tick label (about 6.6 units a character) and the rotated title.
      int longest = 0;
      for (int i = 0; i < y.tickCount(); i++) {
        longest = Math.max(longest, y.label(y.tick(i)).length());
      }
      this.left = Math.max(MIN_LEFT, 36 + 6.6 * longest);
    }

    /** View-box size (default 540 x 360); the SVG scales to its container's width. */
    public Builder size(int w, int h) {
      if (w < 200 || h < 120) {
        throw new IllegalArgumentException("a chart needs at least 200 x 120, got " + w + "x" + h);
      }
      width = w;
      height = h;
      return this;
    }

    /** Axis titles (plain text). */
    public Builder titles(String xAxis, String yAxis) {
      xTitle = Objects.requireNonNull(xAxis);
      yTitle = Objects.requireNonNull(yAxis);
      return this;
    }

    /** The accessible description (plain text). */
    public Builder description(String text) {
      description = Objects.requireNonNull(text);
      return this;
    }

    /** The top of the y axis, in data units. */
    public double yMax() {
      return y.max();
    }

    double px(double v) {
      return left + (v - x.min()) / (x.max() - x.min()) * (width - left - RIGHT);
    }

    double py(double v) {
      return TOP + (1 - (v - y.min()) / (y.max() - y.min())) * (height - TOP - BOTTOM);
    }

    /** A dashed grey reference line from (x1, y1) to (x2, y2). */
    public Builder reference(double x1, double y1, double x2, double y2) {
      marks.add(new Reference(n(px(x1)), n(py(y1)), n(px(x2)), n(py(y2))));
      return this;
    }

    /** A polyline through the points; NaN values break the line. */
    public Builder line(double[] xs, double[] ys, String color, double strokeWidth) {
      return line(xs, ys, color, strokeWidth, false);
    }

    /** A polyline, optionally dashed; NaN values break the line. */
    public Builder line(
        double[] xs, double[] ys, String color, double strokeWidth, boolean dashed) {
      requireSameLength(xs, ys);
      StringBuilder d = new StringBuilder();
      boolean pen = false;
      for (int i = 0; i < xs.length; i++) {
        if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i])) {
          pen = false;
          continue;
        }
        d.append(pen ? 'L' : 'M').append(n(px(xs[i]))).append(' ').append(n(py(ys[i])));
        pen = true;
      }
      if (d.length() > 0) {
        marks.add(new Line(color, n(strokeWidth), d.toString(), dashed));
      }
      return this;
    }

    /** Circle markers with a white rim, for a few points such as calibration bins. */
    public Builder markers(double[] xs, double[] ys, String color) {
      return markers(xs, ys, color, List.of());
    }

    /**
     * Circle markers with tooltips ({@code titles} empty, or one per point); points with a NaN
     * coordinate are left out.
     */
    public Builder markers(double[] xs, double[] ys, String color, List<String> titles) {
      requireSameLength(xs, ys);
      if (!titles.isEmpty() && titles.size() != xs.length) {
        throw new IllegalArgumentException(
            "markers need one title per point, got " + titles.size() + " for " + xs.length);
      }
      List<Point> points = new ArrayList<>();
      for (int i = 0; i < xs.length; i++) {
        if (Double.isFinite(xs[i]) && Double.isFinite(ys[i])) {
          points.add(new Point(n(px(xs[i])), n(py(ys[i])), titles.isEmpty() ? "" : titles.get(i)));
        }
      }
      if (!points.isEmpty()) {
        marks.add(new Markers(color, points));
      }
      return this;
    }

    /**
     * Many small translucent dots, as one path of zero-length strokes with round caps (about 14
     * bytes a point instead of 40 for a circle element).
     */
    public Builder dots(double[] xs, double[] ys, String color) {
      requireSameLength(xs, ys);
      if (xs.length == 0) {
        return this;
      }
      StringBuilder d = new StringBuilder(xs.length * 14);
      for (int i = 0; i < xs.length; i++) {
        d.append('M').append(n(px(xs[i]))).append(' ').append(n(py(ys[i]))).append("h0");
      }
      marks.add(new Dots(color, d.toString()));
      return this;
    }

    /**
     * A histogram drawn as a translucent filled step outline: bin {@code b} spans {@code edges[b]}
     * to {@code edges[b + 1]} at height {@code values[b]}.
     */
    public Builder histogram(double[] edges, double[] values, String color) {
      if (edges.length != values.length + 1 || values.length == 0) {
        throw new IllegalArgumentException(
            "a histogram needs n >= 1 values and n + 1 edges, got "
                + values.length
                + " and "
                + edges.length);
      }
      double base = py(Math.max(y.min(), 0));
      StringBuilder d = new StringBuilder();
      d.append('M').append(n(px(edges[0]))).append(' ').append(n(base));
      for (int b = 0; b < values.length; b++) {
        double top = py(Double.isFinite(values[b]) ? values[b] : 0);
        d.append('L').append(n(px(edges[b]))).append(' ').append(n(top));
        d.append('L').append(n(px(edges[b + 1]))).append(' ').append(n(top));
      }
      d.append('L').append(n(px(edges[values.length]))).append(' ').append(n(base)).append('Z');
      marks.add(new Area(color, d.toString()));
      return this;
    }

    /**
     * Vertical error bars from {@code lower[i]} to {@code upper[i]} at {@code xs[i]}, with short
     * caps; bars with a NaN bound are left out.
     */
    public Builder errorBars(double[] xs, double[] lower, double[] upper, String color) {
      requireSameLength(xs, lower);
      requireSameLength(xs, upper);
      StringBuilder d = new StringBuilder();
      for (int i = 0; i < xs.length; i++) {
        if (!Double.isFinite(xs[i]) || !Double.isFinite(lower[i]) || !Double.isFinite(upper[i])) {
          continue;
        }
        double px = px(xs[i]);
        double lo = py(lower[i]);
        double hi = py(upper[i]);
        d.append('M').append(n(px)).append(' ').append(n(lo));
        d.append('V').append(n(hi));
        d.append('M').append(n(px - 5)).append(' ').append(n(hi)).append("h10");
        d.append('M').append(n(px - 5)).append(' ').append(n(lo)).append("h10");
      }
      if (d.length() > 0) {
        marks.add(new Whiskers(color, d.toString()));
      }
      return this;
    }

    /** The finished chart. */
    public Chart build() {
      return new Chart(this);
    }

    private static void requireSameLength(double[] a, double[] b) {
      if (a.length != b.length) {
        throw new IllegalArgumentException(
            "x and y need the same length, got " + a.length + " and " + b.length);
      }
    }
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
