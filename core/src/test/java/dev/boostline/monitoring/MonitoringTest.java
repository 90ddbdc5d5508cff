package dev.boostline.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.common.NotFoundException;
import dev.boostline.data.store.DatasetStore;
import dev.boostline.data.store.Registration;
import dev.boostline.metrics.Metrics;
import dev.boostline.model.BundleManifest;
import dev.boostline.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Capture files roll by size, age and version and stay under their total cap; what is read back is
 * what was written; late labels give the realised metrics computed independently here; a captured
 * window registers as a dataset version with its labels as the target.
 */
class MonitoringTest {
  @TempDir Path home;
  static final BundleManifest MANIFEST = TestModels.adult(5, 2).manifest();
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  static List<Map<String, Object>> records(int n) {
    Table t = TestModels.adultSample().table();
    List<Map<String, Object>> out = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Column<?> c : t.columns()) {
        m.put(c.name(), c.isMissing(r) ? null : c.get(r));
      }
      out.add(m);
    }
    return out;
  }

  /** Writes {@code n} rows one second apart from {@code start}, score i/n, as version v. */
  static void write(CaptureWriter w, AtomicReference<Instant> clock, int n, int version, int from) {
    List<Map<String, Object>> recs = records(n + from);
    for (int i = from; i < from + n; i++) {
      clock.set(T0.plusSeconds(i));
      w.append(
          new CaptureWriter.Row(
              MANIFEST,
              version,
              "r" + i,
              0,
              clock.get(),
              recs.get(i),
              new float[] {(i % 100) / 100f}));
    }
  }

  @Test
  void files_roll_by_age_and_version_and_read_back_what_was_written() {
    AtomicReference<Instant> clock = new AtomicReference<>(T0);
    CaptureOptions o = new CaptureOptions(64 << 20, Duration.ofSeconds(30), 1L << 30);
    try (CaptureWriter w = new CaptureWriter(home, "income", "test", o, clock::get)) {
      write(w, clock, 50, 1, 0);
      w.tick(); // 49 s after the first file opened: closed
      write(w, clock, 20, 2, 50); // a new version: a new file
      write(w, clock, 10, 2, 70);
    }
    List<CaptureFiles.Entry> files = CaptureFiles.list(home, "income");
    assertThat(files).hasSizeGreaterThanOrEqualTo(3);
    Captures.Window all = Captures.read(home, "income", Optional.empty(), Optional.empty());
    assertThat(all.rows()).hasSize(80);
    assertThat(all.rows())
        .extracting(Captures.Row::requestId)
        .startsWith("r0", "r1")
        .endsWith("r79");
    assertThat(all.rows().get(60).version()).isEqualTo(2);
    Map<String, Object> first = records(1).get(0);
    assertThat(all.rows().get(0).inputs()).containsEntry("workclass", first.get("workclass"));
    assertThat(all.rows().get(0).inputs()).doesNotContainKey("income");
    Captures.Window window =
        Captures.read(
            home, "income", Optional.of(T0.plusSeconds(10)), Optional.of(T0.plusSeconds(20)));
    assertThat(window.rows())
        .extracting(Captures.Row::requestId)
        .hasSize(10)
        .startsWith("r10")
        .endsWith("r19");
  }

  @Test
  void size_rotation_keeps_the_total_under_the_cap_deleting_the_oldest() throws Exception {
    AtomicReference<Instant> clock = new AtomicReference<>(T0);
    CaptureOptions o = new CaptureOptions(2048, Duration.ofHours(1), 25_000);
    try (CaptureWriter w = new CaptureWriter(home, "income", "test", o, clock::get)) {
      write(w, clock, 1500, 1, 0);
      assertThat(w.filesClosed()).isGreaterThan(4);
    }
    List<CaptureFiles.Entry> files = CaptureFiles.list(home, "income");
    long total = files.stream().mapToLong(CaptureFiles.Entry::bytes).sum();
    assertThat(total).isLessThanOrEqualTo(25_000);
    assertThat(files.size()).isGreaterThan(1);
    List<Captures.Row> rows =
        Captures.read(home, "income", Optional.empty(), Optional.empty()).rows();
    // The oldest rows went with their files; the newest are kept.
    assertThat(rows).isNotEmpty().hasSizeLessThan(1500);
    assertThat(rows.get(rows.size() - 1).requestId()).isEqualTo("r1499");
    // A file being written (hidden) is not read.
    Files.writeString(files.get(0).path().resolveSibling(".capture-1-x-9.parquet.tmp"), "partial");
    assertThat(Captures.read(home, "income", Optional.empty(), Optional.empty()).rows())
        .hasSize(rows.size());
  }

  @Test
  void late_labels_give_realised_metrics_per_window_and_version() throws Exception {
    AtomicReference<Instant> clock = new AtomicReference<>(T0);
    try (CaptureWriter w =
        new CaptureWriter(home, "income", "t", CaptureOptions.defaults(), clock::get)) {
      write(w, clock, 120, 1, 0);
      write(w, clock, 60, 2, 120);
    }
    // Labels for request ids: positive when i % 3 == 0, a few unknown ids too.
    StringBuilder csv = new StringBuilder("id,truth\n");
    for (int i = 0; i < 180; i += 1) {
      if (i % 10 != 9) {
        csv.append("r").append(i).append(',').append(i % 3 == 0 ? ">50K" : "<=50K").append('\n');
      }
    }
    csv.append("nobody,>50K\n");
    Path file = Files.writeString(home.resolve("labels.csv"), csv);
    Monitoring.LabelsAdded added =
        Monitoring.addLabels(home, "income", file, "id", "truth", Duration.ofMinutes(1));
    RealisedPerformance p = added.performance();
    assertThat(added.matchedOn()).isEqualTo(CaptureFiles.REQUEST_ID);
    assertThat(p.capturedRows()).isEqualTo(180);
    assertThat(p.labelledRows()).isEqualTo(162);
    assertThat(p.unmatchedLabels()).isEqualTo(1);
    assertThat(p.windows()).extracting(RealisedPerformance.Slice::version).containsExactly(1, 1, 2);
    // The first minute, computed here: rows 0..59 minus every tenth.
    List<Double> scores = new ArrayList<>();
    List<Double> labels = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      if (i % 10 != 9) {
        scores.add((double) ((i % 100) / 100f));
        labels.add(i % 3 == 0 ? 1.0 : 0.0);
      }
    }
    double auc =
        Metrics.rocAuc(
            scores.stream().mapToDouble(Double::doubleValue).toArray(),
            labels.stream().mapToDouble(Double::doubleValue).toArray(),
            null);
    assertThat(p.windows().get(0).rows()).isEqualTo(54);
    assertThat(p.windows().get(0).metrics().get("auc"))
        .isCloseTo(auc, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(p.windows().get(0).metrics()).containsKeys("logloss", "ece");
    assertThat(p.calibration()).isNotEmpty();
    assertThat(Monitoring.performance(home, "income")).contains(p);

    Registration r =
        CaptureDatasets.register(
            home, "income", T0, Optional.of(T0.plusSeconds(100)), "income-prod");
    assertThat(r.manifest().rows()).isEqualTo(100);
    assertThat(r.manifest().tags())
        .containsEntry("source", "capture")
        .containsEntry("labelled", "90");
    Table t = DatasetStore.open(home).load(r.manifest().ref()).table();
    assertThat(t.columnNames()).contains("income", "age", "workclass").doesNotContain("_score");
    assertThat(t.stringColumn("income").get(0)).isEqualTo(">50K");
    assertThat(t.stringColumn("income").isMissing(9)).isTrue();
  }

  @Test
  void labels_for_a_model_without_captures_are_refused_naming_it() throws Exception {
    Path file = Files.writeString(home.resolve("l.csv"), "id,y\n1,a\n");
    assertThatThrownBy(
            () -> Monitoring.addLabels(home, "ghost", file, "id", "y", Duration.ofDays(1)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("model \"ghost\" has no captured requests");
  }
}
