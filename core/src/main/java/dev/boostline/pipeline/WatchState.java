package dev.boostline.pipeline;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a watcher remembers across restarts ({@code pipelines/<name>/watch.json}): when each trigger
 * last fired, the content hashes of the files it has seen, and whether the drift trigger is armed
 * (a drift episode fires once).
 *
 * @param formatVersion the format it was written in ({@link #FORMAT_VERSION})
 * @param lastSchedule the due time of the last scheduled run started; a later due time missed while
 *     the watcher was stopped fires once on restart
 * @param filesSeen SHA-256 of each data file that started a run, to the file's name
 * @param lastDrift when the drift trigger last fired, for its cooldown
 * @param driftArmed whether the drift trigger may fire; false after firing until the drift falls
 *     back below its threshold
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
