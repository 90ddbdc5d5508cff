package dev.boostline.model;

import dev.boostline.data.ColumnSchema;
import dev.boostline.data.ColumnType;
import dev.boostline.data.CsvExport;
import dev.boostline.data.Dataset;
import dev.boostline.data.Schema;
import dev.boostline.task.Task;
import dev.boostline.util.internal.fs.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Batch scoring of tables to CSV, with the same scores as every other path. */
public final class BatchScoring {
  private BatchScoring() {}

  /**
   * The schema to read a file to be scored: columns the model knows keep their training type
   * (nullable: a target may be absent or empty), every other column is read as text and ignored.
   */
  public static Schema schemaFor(Scorer scorer, List<String> header) {
    Schema training = scorer.manifest().schema();
    List<ColumnSchema> cols = new ArrayList<>();
    for (String h : header) {
      cols.add(
          training
              .find(h)
              .map(c -> new ColumnSchema(h, c.type(), true))
              .orElse(new ColumnSchema(h, ColumnType.TEXT, true)));
    }
    return new Schema(cols);
  }

  /**
   * Scores every row and writes the predictions (see the {@code score} command for the columns)
   * atomically.
   *
   * @return rows written
   */
  public static int write(Scorer scorer, Dataset data, Path out, boolean explain) {
    float[][] outputs = scorer.outputs(data.table());
    float[][] shap = explain ? scorer.contributions(data.table()) : null;
    List<String> ids =
        scorer.manifest().features().definition().passThrough().stream()
            .filter(c -> data.schema().find(c).isPresent())
            .filter(c -> !c.equals(scorer.labels().target()))
            .filter(
                c ->
                    !scorer
                        .manifest()
                        .features()
                        .definition()
                        .weight()
                        .map(c::equals)
                        .orElse(false))
            .toList();
    List<String> classes = scorer.labels().classes();
    Path abs = out.toAbsolutePath();
    Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      Files.createDirectories(abs.getParent());
      try (Writer w =
          new BufferedWriter(
              new OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8),
              1 << 16)) {
        List<String> header = new ArrayList<>();
        header.add("row");
        header.addAll(ids);
        switch (scorer.task()) {
          case BINARY -> {
            header.add("label");
            header.add("probability");
          }
          case MULTICLASS -> {
            header.add("label");
            classes.forEach(c -> header.add("p_" + c));
          }
          case REGRESSION -> header.add("value");
        }
        if (shap != null) {
          // Multiclass contributions come as one block of features + bias per class.
          List<String> blocks = scorer.task() == Task.MULTICLASS ? classes : List.of("");
          for (String k : blocks) {
            String prefix = k.isEmpty() ? "shap_" : "shap_" + k + "_";
            scorer.features().featureNames().forEach(f -> header.add(prefix + f));
            header.add(prefix + "bias");
          }
        }
        w.write(String.join(",", header.stream().map(CsvExport::quote).toList()));
        w.write('\n');
        for (int r = 0; r < data.rowCount(); r++) {
          StringBuilder line = new StringBuilder();
          line.append(r + 1);
          for (String id : ids) {
            var c = data.table().column(id);
            line.append(',')
                .append(c.isMissing(r) ? "" : CsvExport.quote(String.valueOf(c.get(r))));
          }
          Prediction p = Prediction.of(scorer.labels(), outputs[r], Scorer.DEFAULT_THRESHOLD);
          if (scorer.task() == Task.REGRESSION) {
            line.append(',').append(outputs[r][0]);
          } else {
            line.append(',').append(CsvExport.quote(p.label().orElseThrow()));
            for (float v : outputs[r]) {
              line.append(',').append(v);
            }
          }
          if (shap != null) {
            for (float v : shap[r]) {
              line.append(',').append(v);
            }
          }
          w.write(line.append('\n').toString());
        }
      }
      AtomicFiles.fsyncFile(tmp);
      AtomicFiles.move(tmp, abs);
      return data.rowCount();
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot write " + out, e);
    }
  }
}
