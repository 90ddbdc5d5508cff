package dev.boostline.ui.internal;

import dev.boostline.common.NotFoundException;
import dev.boostline.data.ColumnProfile;
import dev.boostline.data.DatasetProfile;
import dev.boostline.data.store.DatasetDiff;
import dev.boostline.data.store.DatasetManifest;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.data.store.DatasetStore;
import dev.boostline.registry.ModelRegistry;
import dev.boostline.registry.ModelVersion;
import dev.boostline.report.BarChart;
import dev.boostline.report.Chart;
import dev.boostline.report.HtmlFragment;
import dev.boostline.report.Rendering;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Datasets: the list, one dataset's versions and lineage, a version's profile, a diff. */
public final class DatasetPages {
  private final DatasetStore store;
  private final RunIndex runs;
  private final ModelRegistry models;

  public DatasetPages(DatasetStore store, RunIndex runs, ModelRegistry models) {
    this.store = store;
    this.runs = runs;
    this.models = models;
  }

  /** A dataset name with its newest version. */
  public record Row(String name, int versions, DatasetManifest latest) {}

  /** {@code GET /datasets}. */
  public void list(Context ctx) {
    List<Row> rows = new ArrayList<>();
    for (String name : store.names()) {
      List<DatasetManifest> v = store.versions(name);
      if (!v.isEmpty()) {
        rows.add(new Row(name, v.size(), v.get(v.size() - 1)));
      }
    }
    Web.page(ctx, "datasets.jte", "rows", rows);
  }

  /** What used a dataset version: runs trained on it and models registered from those runs. */
  public record Lineage(
      DatasetManifest manifest, List<RunIndex.Summary> runs, List<ModelVersion> models) {}

  /** {@code GET /datasets/{name}}. */
  public void dataset(Context ctx) {
    String name = ctx.pathParam("name");
    List<DatasetManifest> versions = versions(name);
    List<RunIndex.Summary> all = runs.all();
    List<ModelVersion> registered = new ArrayList<>();
    for (String m : models.names()) {
      registered.addAll(models.versions(m));
    }
    List<Lineage> lineage = new ArrayList<>();
    for (int i = versions.size() - 1; i >= 0; i--) {
      DatasetManifest v = versions.get(i);
      lineage.add(
          new Lineage(
              v,
              all.stream()
                  .filter(r -> r.dataset().equals(name) && r.datasetVersion() == v.version())
                  .toList(),
              registered.stream()
                  .filter(
                      m ->
                          m.datasetName().equals(name)
                              && m.datasetVersion().equals(java.util.Optional.of(v.version())))
                  .toList()));
    }
    Web.page(ctx, "dataset.jte", "name", name, "lineage", lineage);
  }

  /** A profiled column with its chart. */
  public record Column(ColumnProfile profile, boolean nullable, Optional<HtmlFragment> chart) {}

  /** {@code GET /datasets/{name}/{version}}. */
  public void version(Context ctx) {
    String name = ctx.pathParam("name");
    DatasetManifest m = manifest(name, ctx.pathParam("version"));
    DatasetProfile p = store.profile(m.ref());
    List<Column> columns = new ArrayList<>();
    for (ColumnProfile c : p.columns()) {
      boolean nullable = m.schema().find(c.name()).map(s -> s.nullable()).orElse(true);
      columns.add(new Column(c, nullable, Charts.profile(c)));
    }
    Web.page(
        ctx,
        "datasetVersion.jte",
        "m",
        m,
        "columns",
        columns,
        "versions",
        store.versions(name).stream().map(DatasetManifest::version).toList());
  }

  /** {@code GET /datasets/{name}/diff?a=&b=}. */
  public void diff(Context ctx) {
    String name = ctx.pathParam("name");
    List<DatasetManifest> versions = versions(name);
    int last = versions.get(versions.size() - 1).version();
    int a = Web.intParam(ctx, "a", Math.max(1, last - 1));
    int b = Web.intParam(ctx, "b", last);
    DatasetManifest ma = manifest(name, Integer.toString(a));
    DatasetManifest mb = manifest(name, Integer.toString(b));
    DatasetDiff d = store.diff(ma.ref(), mb.ref());
    List<DatasetDiff.ColumnShift> withPsi =
        d.columns().stream().filter(c -> c.psi().isPresent()).toList();
    Optional<HtmlFragment> chart =
        withPsi.isEmpty()
            ? Optional.empty()
            : Optional.of(
                Rendering.bars(
                    BarChart.of(
                        withPsi.stream().map(DatasetDiff.ColumnShift::column).toList(),
                        withPsi.stream().mapToDouble(c -> c.psi().get()).toArray(),
                        Chart.CANDIDATE_COLOR,
                        "PSI of v" + b + " against v" + a,
                        "Population stability index per column")));
    Web.page(
        ctx,
        "datasetDiff.jte",
        "name",
        name,
        "d",
        d,
        "chart",
        chart,
        "versions",
        versions.stream().map(DatasetManifest::version).toList());
  }

  private List<DatasetManifest> versions(String name) {
    List<DatasetManifest> versions;
    try {
      DatasetStore.requireValidName(name);
      versions = store.versions(name);
    } catch (IllegalArgumentException | dev.boostline.common.BoostlineException e) {
      throw new Web.NotFound("There is no dataset \"" + name + "\" in this home.");
    }
    if (versions.isEmpty()) {
      throw new Web.NotFound("There is no dataset \"" + name + "\" in this home.");
    }
    return versions;
  }

  private DatasetManifest manifest(String name, String version) {
    versions(name);
    int v = Web.version("Dataset \"" + name + "\"", version);
    try {
      return store.manifest(DatasetRef.parse(name + "@" + v));
    } catch (NotFoundException e) {
      throw new Web.NotFound("Dataset \"" + name + "\" has no version " + v + ".");
    }
  }
}
