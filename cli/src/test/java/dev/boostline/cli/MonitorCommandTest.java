package dev.boostline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.data.store.DatasetRef;
import dev.boostline.data.store.DatasetStore;
import dev.boostline.model.BundleManifest;
import dev.boostline.monitoring.CaptureOptions;
import dev.boostline.monitoring.CaptureWriter;
import dev.boostline.monitoring.Monitoring;
import dev.boostline.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** {@code monitor labels} and {@code dataset add-capture} over captured requests in a home. */
class MonitorCommandTest {
  @TempDir Path home;

  @Test
  void labels_then_add_capture_through_the_command() throws Exception {
    BundleManifest manifest = TestModels.adult(5, 2).manifest();
    Table t = TestModels.adultSample().table();
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    try (CaptureWriter w =
        new CaptureWriter(home, "income", "cli", CaptureOptions.defaults(), () -> t0)) {
      for (int r = 0; r < 50; r++) {
        Map<String, Object> rec = new LinkedHashMap<>();
        for (Column<?> c : t.columns()) {
          rec.put(c.name(), c.isMissing(r) ? null : c.get(r));
        }
        w.append(
            new CaptureWriter.Row(
                manifest, 1, "q" + r, 0, t0.plusSeconds(r), rec, new float[] {r / 50f}));
      }
    }
    StringBuilder csv = new StringBuilder("req,truth\n");
    for (int r = 0; r < 40; r++) {
      csv.append("q").append(r).append(',').append(r % 2 == 0 ? ">50K" : "<=50K").append('\n');
    }
    Path labels = Files.writeString(home.resolve("truth.csv"), csv);

    CliRunner.Run run =
        CliRunner.run(
            home,
            "monitor",
            "labels",
            "income",
            labels.toString(),
            "--id",
            "req",
            "--label",
            "truth",
            "--window",
            "1h");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("40 labels stored (matched on _request_id); 40 of 50 captured requests labelled")
        .contains("2026-12-01T10:00:00Z")
        .contains("auc=");
    assertThat(Monitoring.performance(home, "income").orElseThrow().labelledRows()).isEqualTo(40);

    CliRunner.Run add =
        CliRunner.run(home, "dataset", "add-capture", "income", "--since", "2026-12-01");
    assertThat(add.code()).as(add.err()).isZero();
    assertThat(add.out()).contains("registered income-capture@1").contains("50 rows, 40 labelled");
    assertThat(DatasetStore.open(home).manifest(DatasetRef.parse("income-capture")).rows())
        .isEqualTo(50);

    CliRunner.Run bad =
        CliRunner.run(
            home,
            "monitor",
            "labels",
            "income",
            labels.toString(),
            "--id",
            "req",
            "--label",
            "truth",
            "--window",
            "soon");
    assertThat(bad.code()).isNotZero();
    assertThat(bad.err()).contains("not a duration: \"soon\"");
    assertThat(Duration.ofHours(1)).isEqualTo(MonitorCommand.parseDuration("1h"));
  }
}
