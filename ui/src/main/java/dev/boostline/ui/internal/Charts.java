package dev.boostline.ui.internal;

import dev.boostline.data.ColumnProfile;
import dev.boostline.data.Histogram;
import dev.boostline.data.ValueCount;
import dev.boostline.report.Axis;
import dev.boostline.report.BarChart;
import dev.boostline.report.Chart;
import dev.boostline.report.HtmlFragment;
import dev.boostline.report.Rendering;
import java.util.List;
import java.util.Optional;

/** The UI's charts, drawn with the report's chart code and templates. Stateless. */
final class Charts {
  private Charts() {}

  /**
   * The distribution of a profiled column: a density histogram over its quantile bins for numbers
   * and datetimes, the top values as bars for categories; empty for text.
   */
  static Optional<HtmlFragment> profile(ColumnProfile c) {
    if (c.histogram().isPresent()) {
      Histogram h = c.histogram().get();
      int n = h.bins();
      double[] edges = h.edges().stream().mapToDouble(Double::doubleValue).toArray();
      boolean time = c.type() == dev.boostline.data.ColumnType.DATETIME;
      if (time) {
        // Profiles keep datetimes as epoch seconds; the time axis takes milliseconds.
        for (int b = 0; b <= n; b++) {
          edges[b] *= 1000;
        }
      }
      double[] density = new double[n];
      double total = h.counts().stream().mapToLong(Long::longValue).sum();
      double top = 0;
      for (int b = 0; b < n; b++) {
        double width = edges[b + 1] - edges[b];
        double share = total == 0 ? 0 : h.counts().get(b) / total;
        density[b] = width > 0 ? share / width : 0;
        top = Math.max(top, density[b]);
      }
      if (!(edges[n] > edges[0])) {
        return Optional.empty();
      }
      // Relative density (the tallest bin is 1): bins hold equal shares of rows by design, so
      // their heights compare where values are dense.
      for (int b = 0; b < n; b++) {
        density[b] = top > 0 ? density[b] / top : 0;
      }
      Axis x =
          time ? Axis.time((long) edges[0], (long) edges[n], 5) : Axis.nice(edges[0], edges[n], 6);
      Chart chart =
          Chart.builder(x, Axis.unit())
              .size(540, 240)
              .titles(c.name(), "Relative density")
              .description("Distribution of " + c.name())
              .histogram(edges, density, Chart.CANDIDATE_COLOR)
              .build();
      return Optional.of(Rendering.chart(chart));
    }
    List<ValueCount> top = c.topValues().stream().limit(12).toList();
    if (top.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Rendering.bars(
            BarChart.of(
                top.stream().map(ValueCount::value).toList(),
                top.stream().mapToDouble(ValueCount::count).toArray(),
                Chart.CANDIDATE_COLOR,
                "Rows",
                "Most frequent values of " + c.name(),
                540)));
  }
}
