package dev.boostline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.data.Dataset;
import dev.boostline.data.DatasetProfile;
import dev.boostline.data.store.DatasetManifest;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.eval.Decision;
import dev.boostline.eval.Verdict;
import dev.boostline.model.BundleManifest;
import dev.boostline.model.Prediction;
import dev.boostline.model.Scorer;
import dev.boostline.registry.AliasMove;
import dev.boostline.registry.ModelRef;
import dev.boostline.registry.ModelVersion;
import dev.boostline.tracking.RunRecord;
import dev.boostline.tracking.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by format version 1 of every store (dataset manifest and profile, run, model
 * bundle, registry versions, aliases and audit log, decisions) keep loading. The home under {@code
 * src/test/resources/formats/v1/home} was written by the command as it stood when these formats
 * were first frozen (see the README there); it is never regenerated.
 */
class FormatsTest {
  private static final Path V1 = Path.of("src/test/resources/formats/v1/home");

  @TempDir Path tmp;
  private Boostline home;

  @BeforeEach
  void copyHome() throws IOException {
    Path dir = tmp.resolve("home");
    try (var walk = Files.walk(V1)) {
      for (Path p : walk.toList()) {
        Path target = dir.resolve(V1.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    home = Boostline.open(dir);
  }

  @Test
  void dataset_manifest_profile_and_data_of_format_1_load_and_verify() {
    DatasetManifest m = home.datasets().manifest(DatasetRef.parse("people@1"));
    assertThat(m.formatVersion()).isEqualTo(1);
    assertThat(m.rows()).isEqualTo(400);
    assertThat(m.schema().names())
        .containsExactly("id", "age", "income", "city", "signup", "active", "label");
    assertThat(m.note()).contains("golden v1");
    home.datasets().verify(m.ref());
    Dataset data = home.datasets().load(m.ref());
    assertThat(data.rowCount()).isEqualTo(400);
    DatasetProfile profile = home.datasets().profile(m.ref());
    assertThat(profile.column("income").missing()).isPositive();
    // Written with content hash version 1 (before streaming registration): still checkable.
    assertThat(dev.boostline.data.store.DatasetStore.holdsContent(m, data)).isTrue();
    assertThat(DatasetStoreHash.of(data)).isNotEqualTo(m.contentSha256());
  }

  @Test
  void runs_of_format_1_load_with_their_metrics_and_artifacts() {
    List<RunRecord> runs = home.runs().list(Optional.empty());
    assertThat(runs).hasSize(2);
    for (RunRecord r : runs) {
      assertThat(r.formatVersion()).isEqualTo(1);
      assertThat(r.status()).isEqualTo(RunStatus.FINISHED);
      assertThat(r.metrics()).containsKeys("train", "valid");
      assertThat(home.runs().metrics(r.runId())).isNotEmpty();
      assertThat(home.runs().readArtifact(r.runId(), "model.ubj")).isNotEmpty();
    }
    RunRecord early = home.run("20261204-144912");
    assertThat(early.earlyStoppingRounds()).isEqualTo(5);
    assertThat(early.bestIteration()).contains(4);
    assertThat(early.roundsTrained()).contains(10);
  }

  @Test
  void bundles_of_format_1_open_and_score_their_golden_rows_exactly() {
    List<ModelVersion> versions = home.models().versions("people");
    assertThat(versions).extracting(ModelVersion::version).containsExactly(1, 2);
    assertThat(versions.get(0).runId()).contains("20261204-144912-71d7df");
    assertThat(versions.get(0).datasetVersion()).contains(1);
    assertThat(versions.get(0).description()).contains("golden v1");
    for (ModelVersion v : versions) {
      BundleManifest m = home.models().bundle(v.ref()).manifest();
      assertThat(m.formatVersion()).isEqualTo(1);
      assertThat(m.lineage().dataset()).isEqualTo("people@1");
      assertThat(m.lineage().runId()).isEqualTo(v.runId());
      // open() re-scores every golden row and refuses any difference, bit for bit.
      try (Scorer s = home.scorer(v.ref())) {
        BundleManifest.GoldenRow g = m.golden().get(0);
        Prediction p = s.score(g.record());
        assertThat(p.probability().orElseThrow()).isEqualTo((double) g.outputs().get(0));
      }
    }
    // Version 1 was trained with early stopping and stored every round it trained: it still
    // scores with the best iteration only.
    assertThat(home.models().bundle(ModelRef.of("people", 1)).manifest().bestIteration())
        .isEqualTo(4);
  }

  @Test
  void aliases_audit_log_and_decisions_of_format_1_read_back() {
    assertThat(home.models().aliases("people")).isEqualTo(Map.of("production", 2));
    List<AliasMove> moves = home.models().history("people");
    assertThat(moves).hasSize(2);
    assertThat(moves.get(0).decisionId()).isPresent();
    // The second promotion passed --force, but its decision approved it: not recorded as forced.
    assertThat(moves.get(1).reason()).isEqualTo("golden forced");
    assertThat(moves.get(1).decisionId()).isPresent();
    List<Decision> decisions = home.decisions().list("people");
    assertThat(decisions).hasSize(2);
    for (Decision d : decisions) {
      assertThat(d.verdict()).isEqualTo(Verdict.PROMOTE);
      assertThat(d.checks()).as("decisions of format 1 stored no checks").isEmpty();
      assertThat(d.reasons()).isNotEmpty();
      assertThat(d.failures()).isEmpty();
    }
    assertThat(decisions.get(1).production()).contains(1);
  }

  @Test
  void a_home_of_format_1_takes_new_versions_and_moves() {
    Evaluation e =
        home.evaluate(
            EvaluationRequest.builder(ModelRef.of("people", 1), DatasetRef.parse("people@1"))
                .build());
    assertThat(e.baseline().map(ModelVersion::version)).contains(2);
    assertThat(e.decision().checks()).isNotEmpty();
    assertThat(home.rollback("people", "production", "back to 1").to()).contains(1);
    assertThat(home.models().aliases("people")).containsEntry("production", 1);
  }

  /** The content hash, read through the public API. */
  private static final class DatasetStoreHash {
    static String of(Dataset d) {
      return dev.boostline.data.store.DatasetStore.contentSha256(d);
    }
  }
}
