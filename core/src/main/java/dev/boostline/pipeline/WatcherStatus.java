package dev.boostline.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a running {@link PipelineWatcher} publishes about itself in the home ({@code
 * pipelines/<name>/watcher.json}), so that others (the web UI, a second watcher refused its lock)
 * can see who watches the pipeline, on which triggers, and when the schedule fires next. Written
 * when the watcher opens, whenever the next scheduled time changes and at least every {@link
 * #HEARTBEAT}; deleted when it closes. A watcher killed without closing leaves its file behind:
 * {@link #alive(Instant)} tells a live watcher from a stale file.
 *
 * @param pid the watcher's process id
 * @param since when the watcher opened
 * @param heartbeat when the watcher last wrote this file
 * @param schedule the cron schedule and its time zone, when it has one
 * @param nextScheduled when the schedule fires next, once the watcher has looked at it
 * @param folder the absolute folder watched for new data, when it has one
 * @param drift the drift trigger in words ({@link DriftTrigger#describe()}) and its endpoint
 */
public record WatcherStatus(
    long pid,
    Instant since,
    Instant heartbeat,
    Optional<String> schedule,
    Optional<Instant> nextScheduled,
    Optional<String> folder,
    Optional<String> drift) {
  /** The longest time between two writes of a running watcher. */
  public static final Duration HEARTBEAT = Duration.ofSeconds(10);

  /** The file name in the pipeline's directory. */
  static final String FILE = "watcher.json";

  public WatcherStatus {
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(nextScheduled, "nextScheduled");
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(drift, "drift");
  }

  /**
   * Whether the watcher that wrote this still runs at {@code now}: its heartbeat is at most three
   * {@link #HEARTBEAT}s old and, when the process is on this machine's process table, it is alive.
   */
  public boolean alive(Instant now) {
    boolean fresh = !heartbeat.plus(HEARTBEAT.multipliedBy(3)).isBefore(now);
    return fresh && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(true);
  }
}
