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
      Chart chart =
          Chart.builder(Axis.nice(edges[0], edges[n], 6), Axis.nice(0, top > 0 ? top : 1, 4))
              .size(540, 240)
              .titles(c.name(), "Density")
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
                "Most frequent values of " + c.name())));
  }
}
