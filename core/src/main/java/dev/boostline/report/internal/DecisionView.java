package dev.boostline.report.internal;

import dev.boostline.eval.Check;
import dev.boostline.eval.Decision;
import dev.boostline.metrics.Interval;
import dev.boostline.report.Format;
import dev.boostline.report.internal.Views.MetricRow;
import dev.boostline.report.internal.Views.MetricTable;
import dev.boostline.report.internal.Views.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A stored {@link Decision} as the report's verdict box and metric table: the same templates as the
 * full report, without the per-row charts (a decision does not keep the rows). Stateless.
 */
public final class DecisionView {
  private DecisionView() {}

  /** The view of a decision. Decisions stored before checks were kept show their reasons. */
  public static Views.Decision of(Decision d) {
    boolean promote = d.verdict() == dev.boostline.eval.Verdict.PROMOTE;
    Optional<String> production = d.production().map(v -> "production v" + v);
    List<Check> checks = d.checks();
    Views.Verdict verdict =
        ComparisonViews.verdict(promote, d.candidate(), production, d.alias(), checks);
    if (checks.isEmpty()) {
      List<Views.Reason> reasons =
          d.reasons().stream().map(r -> new Views.Reason("info", r)).toList();
      verdict =
          new Views.Verdict(verdict.promote(), verdict.word(), verdict.sentence(), "", reasons);
    }
    boolean paired = d.production().isPresent() && !d.differences().isEmpty();
    List<MetricRow> rows = new ArrayList<>();
    for (String m :
        ComparisonViews.metricNames(d.candidateMetrics(), d.productionMetrics(), d.differences())) {
      Interval ci = d.candidateMetrics().get(m);
      Interval pi = d.productionMetrics().get(m);
      Interval di = d.differences().get(m);
      rows.add(
          ComparisonViews.metricRow(
              m, false, ci, d.production().isPresent(), pi, di, paired, "", Optional.empty(), ""));
    }
    MetricTable table =
        new MetricTable(
            "candidate v" + d.candidate(),
            production,
            paired,
            false,
            false,
            rows,
            "Estimates on all rows with bootstrap percentile intervals in brackets"
                + (paired ? "; differences are candidate minus production (paired)." : "."));
    List<Segment> facts =
        List.of(
            Segment.text("decision "),
            Segment.code(d.id()),
            Segment.text(" \u00b7 dataset "),
            Segment.code(d.dataset()),
            Segment.text(
                " \u00b7 "
                    + String.format(java.util.Locale.ROOT, "%,d", d.rows())
                    + " rows \u00b7 "
                    + Format.time(d.at())
                    + " by "
                    + d.by()));
    return new Views.Decision(verdict, table, facts);
  }
}
