package dev.boostline.monitoring;

import dev.boostline.common.BoostlineException;
import dev.boostline.data.ColumnSchema;
import dev.boostline.data.ColumnType;
import dev.boostline.data.Dataset;
import dev.boostline.data.Schema;
import dev.boostline.data.store.DatasetStore;
import dev.boostline.data.store.RegisterOptions;
import dev.boostline.data.store.Registration;
import dev.boostline.task.Task;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Registers a window of captured requests as a dataset version, so a pipeline can retrain on
 * production data. The version holds the captured input columns (typed as the model's schema) and
 * the target column filled with the labels received so far ({@link Monitoring#addLabels}); rows
 * without a label keep a missing target (training leaves them out and counts them). Request ids,
 * times, versions and scores are not columns (a score as a feature would leak the old model into
 * the new one); the window, model and counts are the version's note and tags. Stateless.
 */
public final class CaptureDatasets {
  private CaptureDatasets() {}

  /**
   * Registers the rows captured for {@code model} in [{@code since}, {@code until}) as the next
   * version of dataset {@code dataset} (identical content registers nothing new).
   *
   * @throws BoostlineException when no row was captured in the window
   */
  public static Registration register(
      Path home, String model, Instant since, Optional<Instant> until, String dataset) {
    DatasetStore.requireValidName(dataset);
    Captures.Window w = Captures.read(home, model, Optional.of(since), until);
    if (w.rows().isEmpty() || w.latest().isEmpty()) {
      throw new BoostlineException(
          "no request of model \""
              + model
              + "\" was captured since "
              + since
              + until.map(u -> " until " + u).orElse("")
              + " (captures: "
              + CaptureFiles.directory(home, model)
              + ")");
    }
    Captures.FileInfo info = w.latest().get();
    Map<String, ColumnType> columns = new LinkedHashMap<>();
    for (Captures.FileInfo f : w.files()) {
      f.columns().forEach(columns::putIfAbsent);
    }
    columns.putAll(info.columns());
    Map<String, String> labels = labelsByRow(home, model, w);
    String target = info.target();
    ColumnType targetType =
        info.task() == Task.REGRESSION ? ColumnType.DOUBLE : ColumnType.CATEGORICAL;
    List<ColumnSchema> schema = new ArrayList<>();
    List<Column<?>> cols = new ArrayList<>();
    int n = w.rows().size();
    for (Map.Entry<String, ColumnType> c : columns.entrySet()) {
      if (c.getKey().equals(target)) {
        continue;
      }
      schema.add(new ColumnSchema(c.getKey(), c.getValue(), true));
      cols.add(column(c.getKey(), c.getValue(), w.rows(), n));
    }
    schema.add(new ColumnSchema(target, targetType, true));
    long labelled = 0;
    if (targetType == ColumnType.DOUBLE) {
      DoubleColumn t = DoubleColumn.create(target, n);
      for (int i = 0; i < n; i++) {
        String l = labels.get(rowKey(w.rows().get(i)));
        if (l == null) {
          t.setMissing(i);
        } else {
          t.set(i, Double.parseDouble(l));
          labelled++;
        }
      }
      cols.add(t);
    } else {
      StringColumn t = StringColumn.create(target, n);
      for (int i = 0; i < n; i++) {
        String l = labels.get(rowKey(w.rows().get(i)));
        if (l == null) {
          t.setMissing(i);
        } else {
          t.set(i, l);
          labelled++;
        }
      }
      cols.add(t);
    }
    Table table = Table.create(dataset);
    table.addColumns(cols.toArray(Column<?>[]::new));
    RegisterOptions options =
        RegisterOptions.builder()
            .note(
                "captured requests of "
                    + model
                    + " since "
                    + since
                    + until.map(u -> " until " + u).orElse("")
                    + ": "
                    + n
                    + " rows, "
                    + labelled
                    + " labelled")
            .tag("source", "capture")
            .tag("model", model)
            .tag("since", since.toString())
            .tag("until", until.map(Instant::toString).orElse(""))
            .tag("labelled", Long.toString(labelled))
            .build();
    return DatasetStore.open(home)
        .register(dataset, Dataset.of(new Schema(schema), table), options);
  }

  private static String rowKey(Captures.Row r) {
    return r.requestId() + "\u0000" + r.row();
  }

  /** The label of each row of the window that has one, by request id and row. */
  private static Map<String, String> labelsByRow(Path home, String model, Captures.Window w) {
    Map<String, String> out = new HashMap<>();
    Optional<RealisedPerformance> any = Monitoring.performance(home, model);
    if (any.isEmpty()) {
      return out;
    }
    Map<String, Map<String, String>> files = Monitoring.labelsByKey(home, model);
    for (Captures.Row r : w.rows()) {
      String label = Monitoring.labelOf(r, files);
      if (label != null) {
        out.put(rowKey(r), label);
      }
    }
    return out;
  }

  private static Column<?> column(String name, ColumnType type, List<Captures.Row> rows, int n) {
    switch (type) {
      case INTEGER -> {
        LongColumn c = LongColumn.create(name, n);
        for (int i = 0; i < n; i++) {
          Object v = rows.get(i).inputs().get(name);
          if (v instanceof Number x) {
            c.set(i, x.longValue());
          } else {
            c.setMissing(i);
          }
        }
        return c;
      }
      case DOUBLE -> {
        DoubleColumn c = DoubleColumn.create(name, n);
        for (int i = 0; i < n; i++) {
          Object v = rows.get(i).inputs().get(name);
          if (v instanceof Number x) {
            c.set(i, x.doubleValue());
          } else {
            c.setMissing(i);
          }
        }
        return c;
      }
      case BOOLEAN -> {
        BooleanColumn c = BooleanColumn.create(name, n);
        for (int i = 0; i < n; i++) {
          Object v = rows.get(i).inputs().get(name);
          if (v instanceof Boolean x) {
            c.set(i, x);
          } else {
            c.setMissing(i);
          }
        }
        return c;
      }
      case DATETIME -> {
        DateTimeColumn c = DateTimeColumn.create(name, n);
        for (int i = 0; i < n; i++) {
          Object v = rows.get(i).inputs().get(name);
          if (v instanceof Number x) {
            long ms = x.longValue();
            c.set(
                i,
                LocalDateTime.ofEpochSecond(
                    Math.floorDiv(ms, 1000L),
                    (int) Math.floorMod(ms, 1000L) * 1_000_000,
                    ZoneOffset.UTC));
          } else {
            c.setMissing(i);
          }
        }
        return c;
      }
      default -> {
        StringColumn c = StringColumn.create(name, n);
        for (int i = 0; i < n; i++) {
          Object v = rows.get(i).inputs().get(name);
          if (v == null) {
            c.setMissing(i);
          } else {
            c.set(i, v.toString());
          }
        }
        return c;
      }
    }
  }
}
