package dev.boostline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.Boostline;
import dev.boostline.common.CorruptStoreException;
import dev.boostline.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PipelineWatcher#state(Path, String)} reads what a watcher remembers from a real home, with
 * the watcher's own reader: the same answer, and the same refusal of a corrupt file.
 */
class PipelineWatcherStateTest {
  @TempDir Path dir;
  private Path home;

  @BeforeEach
  void home() {
    home = dir.resolve("home");
  }

  private Path pipelineDir(String name) {
    return PipelineRuns.open(home).directory(name);
  }

  @Test
  void is_empty_when_no_watcher_has_recorded_anything() throws Exception {
    assertThat(PipelineWatcher.state(home, "income")).isEmpty();
    Files.createDirectories(pipelineDir("income"));
    assertThat(PipelineWatcher.state(home, "income")).isEmpty();
  }

  @Test
  void reads_back_the_state_the_watcher_wrote() {
    WatchState written =
        new WatchState(
            WatchState.FORMAT_VERSION,
            Optional.of(Instant.parse("2026-12-07T03:00:00Z")),
            Map.of("3f1c", "jan.csv", "9ab2", "feb.csv"),
            Optional.of(Instant.parse("2026-12-06T21:14:05.123Z")),
            false);
    PipelineWatcher.writeState(pipelineDir("income"), written);
    assertThat(PipelineWatcher.state(home, "income")).contains(written);
    // Another pipeline's state is not this one's.
    assertThat(PipelineWatcher.state(home, "other")).isEmpty();
  }

  @Test
  void a_corrupt_file_is_refused_as_the_watcher_refuses_it() throws Exception {
    Path file = Files.createDirectories(pipelineDir("income")).resolve("watch.json");
    Files.writeString(file, "{\"formatVersion\": 1, \"driftArmed\": ");
    assertThatThrownBy(() -> PipelineWatcher.state(home, "income"))
        .isInstanceOf(CorruptStoreException.class)
        .hasMessageStartingWith(file + ": unreadable watch state: ");
    Pipeline pipeline =
        Pipeline.read(
            TestData.write(
                dir,
                "income.yaml",
                """
                version: 1
                data: {dataset: adult}
                evaluation: {holdout: 0.25}
                features: {target: income}
                model: {name: income}
                """));
    assertThat(pipeline.name()).isEqualTo("income");
    assertThatThrownBy(
            () ->
                PipelineWatcher.builder(pipeline, Boostline.open(home))
                    .schedule(Schedule.parse("0 3 * * *", ZoneOffset.UTC))
                    .open()
                    .close())
        .isInstanceOf(CorruptStoreException.class)
        .hasMessageStartingWith(file + ": unreadable watch state: ");
    // JSON that holds no state at all is just as unreadable.
    Files.writeString(file, "null");
    assertThatThrownBy(() -> PipelineWatcher.state(home, "income"))
        .isInstanceOf(CorruptStoreException.class)
        .hasMessage(file + ": unreadable watch state: it holds null");
  }
}
