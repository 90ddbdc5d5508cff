package dev.boostline.data;

import dev.boostline.util.internal.fs.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.columns.Column;

/** Writes a dataset as RFC 4180 CSV that reads back to the same content. */
public final class CsvExport {
  private CsvExport() {}

  /** See {@code DatasetStore.export}. */
  public static void write(Dataset dataset, Path target) {
    Path abs = target.toAbsolutePath();
    Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + UUID.randomUUID());
    boolean gzip = abs.getFileName().toString().endsWith(".gz");
    try {
      Files.createDirectories(abs.getParent());
      try (OutputStream file = Files.newOutputStream(tmp);
          OutputStream out = gzip ? new GZIPOutputStream(file, 1 << 16) : file;
          Writer w =
              new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
        int cols = dataset.schema().size();
        for (int i = 0; i < cols; i++) {
          if (i > 0) {
            w.write(',');
          }
          w.write(quote(dataset.schema().column(i).name()));
        }
        w.write('\n');
        for (int r = 0; r < dataset.rowCount(); r++) {
          for (int i = 0; i < cols; i++) {
            if (i > 0) {
              w.write(',');
            }
            Column<?> c = dataset.table().column(i);
            if (c.isMissing(r)) {
              continue;
            }
            ColumnType type = dataset.schema().column(i).type();
            w.write(
                switch (type) {
                  case INTEGER -> Long.toString(((LongColumn) c).getLong(r));
                  case DOUBLE -> Double.toString(((DoubleColumn) c).getDouble(r));
                  default -> quote(String.valueOf(c.get(r)));
                });
          }
          w.write('\n');
        }
      }
      AtomicFiles.fsyncFile(tmp);
      AtomicFiles.move(tmp, abs);
      AtomicFiles.fsyncDirectory(abs.getParent());
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  /** Quotes a value when it holds a separator, quote, line break or surrounding space. */
  public static String quote(String v) {
    boolean needs =
        v.isEmpty()
            || v.indexOf(',') >= 0
            || v.indexOf('"') >= 0
            || v.indexOf('\n') >= 0
            || v.indexOf('\r') >= 0
            || Character.isWhitespace(v.charAt(0))
            || Character.isWhitespace(v.charAt(v.length() - 1));
    return needs ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }
}
