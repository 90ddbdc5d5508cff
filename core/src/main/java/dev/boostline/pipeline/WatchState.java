package dev.boostline.pipeline;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a watcher remembers across restarts ({@code pipelines/<name>/watch.json}): when each trigger
 * last fired, the content hashes of the files it has seen, and whether the drift trigger is armed
 * (a drift episode fires once).
 *
 * @param filesSeen SHA-256 of each data file that started a run, to the file's name
 */
public record WatchState(
    int formatVersion,
    Optional<Instant> lastSchedule,
    Map<String, String> filesSeen,
    Optional<Instant> lastDrift,
    boolean driftArmed) {
  /** The format this library writes and reads. */
  public static final int FORMAT_VERSION = 1;

  public WatchState {
    filesSeen = Map.copyOf(filesSeen);
  }

  static WatchState initial() {
    return new WatchState(FORMAT_VERSION, Optional.empty(), Map.of(), Optional.empty(), true);
  }
}
