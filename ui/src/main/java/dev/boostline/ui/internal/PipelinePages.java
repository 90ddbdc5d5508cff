package dev.boostline.ui.internal;

import dev.boostline.common.CorruptStoreException;
import dev.boostline.common.NotFoundException;
import dev.boostline.pipeline.PipelineRun;
import dev.boostline.pipeline.PipelineRuns;
import dev.boostline.pipeline.PipelineWatcher;
import dev.boostline.pipeline.WatchState;
import dev.boostline.report.BarChart;
import dev.boostline.report.Chart;
import dev.boostline.report.HtmlFragment;
import dev.boostline.report.Rendering;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Pipelines: every pipeline with its runs; one run with its steps, timings and failure. */
public final class PipelinePages {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final java.nio.file.Path home;
  private final PipelineRuns runs;

  public PipelinePages(java.nio.file.Path home) {
    this.home = home;
    this.runs = PipelineRuns.open(home);
  }

  /** A pipeline and its recorded runs (newest first). */
  public record Row(String name, List<PipelineRun> runs) {
    /** The newest run. */
    public PipelineRun last() {
      return runs.get(0);
    }

    /** How many runs ended with this status. */
    public long count(PipelineRun.Status status) {
      return runs.stream().filter(r -> r.status() == status).count();
    }
  }

  /** {@code GET /pipelines}. */
  public void list(Context ctx) {
    List<Row> rows = new ArrayList<>();
    for (String p : runs.pipelines()) {
      List<PipelineRun> r = runs.list(p);
      if (!r.isEmpty()) {
        rows.add(new Row(p, r));
      }
    }
    Web.page(ctx, "pipelines.jte", "rows", rows);
  }

  /** {@code GET /pipelines/{name}}: its runs with their steps, and the failures. */
  public void pipeline(Context ctx) {
    String name = ctx.pathParam("name");
    List<PipelineRun> list = NAME.matcher(name).matches() ? runs.list(name) : List.of();
    if (list.isEmpty()) {
      throw new Web.NotFound("There is no pipeline \"" + name + "\" with runs in this home.");
    }
    Web.page(
        ctx,
        "pipeline.jte",
        "name",
        name,
        "runs",
        list,
        "timing",
        timing(list.get(0)),
        "watch",
        watchState(name),
        "watcher",
        PipelineWatcher.status(home, name),
        "now",
        java.time.Instant.now());
  }

  /**
   * What the pipeline's watcher recorded ({@code pipelines/<name>/watch.json}): when the schedule
   * and the drift trigger last fired, whether drift is armed, the files seen. Empty when no watcher
   * ran; an unreadable file is shown as absent (the run records stay readable).
   */
  Optional<WatchState> watchState(String name) {
    try {
      return PipelineWatcher.state(home, name);
    } catch (CorruptStoreException e) {
      return Optional.empty();
    }
  }

  /** {@code GET /pipelines/{name}/{id}}: one run. */
  public void run(Context ctx) {
    String name = ctx.pathParam("name");
    String id = ctx.pathParam("id");
    PipelineRun r;
    try {
      r = runs.get(id);
    } catch (NotFoundException e) {
      throw new Web.NotFound("Pipeline \"" + name + "\" has no run \"" + id + "\".");
    }
    if (!r.pipeline().equals(name) || !r.id().equals(id)) {
      throw new Web.NotFound("Pipeline \"" + name + "\" has no run \"" + id + "\".");
    }
    Web.page(ctx, "pipelineRun.jte", "r", r, "timing", timing(r));
  }

  /** How long each step of a run took, as bars. */
  static Optional<HtmlFragment> timing(PipelineRun r) {
    if (r.steps().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Rendering.bars(
            BarChart.of(
                r.steps().stream()
                    .map(
                        s ->
                            s.name()
                                + " ("
                                + s.status().name().toLowerCase(java.util.Locale.ROOT)
                                + ")")
                    .toList(),
                r.steps().stream().mapToDouble(s -> s.millis() / 1000.0).toArray(),
                Chart.CANDIDATE_COLOR,
                "Seconds",
                "Time per step of run " + r.id())));
  }
}
