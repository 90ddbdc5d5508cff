package dev.boostline.pipeline;

import dev.boostline.Boostline;
import dev.boostline.common.BoostlineException;
import dev.boostline.common.ConflictException;
import dev.boostline.common.CorruptStoreException;
import dev.boostline.data.store.DatasetManifest;
import dev.boostline.util.internal.Hashing;
import dev.boostline.util.internal.fs.AtomicFiles;
import dev.boostline.util.internal.fs.FileLock;
import dev.boostline.util.internal.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a pipeline when its triggers fire: a cron schedule, a data file landing in a folder, drift
 * in production. One long-running object per pipeline and home; a second watcher on the same
 * pipeline is refused. It remembers when each trigger last fired and the files it has seen in the
 * home ({@link WatchState}), so a restart neither replays nor misses: a file that landed while it
 * was stopped starts a run, one whose content was seen (or registered) before does not, and a
 * schedule due while it was stopped fires once on start.
 *
 * <ul>
 *   <li>Schedule: a run due while another is still going is not started twice (skipped, logged).
 *   <li>New data: the folder is watched (WatchService) and rescanned every tick, since watch events
 *       can be lost; a file counts once its size and time stop changing for {@code stableFor} (or,
 *       with {@code doneMarker}, once {@code FILE.done} exists).
 *   <li>Drift: see {@link DriftTrigger}.
 * </ul>
 *
 * <p>Runs happen one at a time on a worker thread; a failed run is reported and the watcher goes
 * on. {@link #close()} stops the triggers and waits for a run in progress to finish (up to the
 * grace period; a run cut off is recorded as interrupted). Time comes from an injectable {@link
 * Clock}: with {@link Builder#open()} nothing runs on its own and {@link #tick()} evaluates the
 * triggers, which is how tests drive a schedule without waiting. Thread-safe.
 */
public final class PipelineWatcher implements AutoCloseable {
  private static final String STATE = "watch.json";
  private static final String LOCK = "watch.lock";

  private final Pipeline pipeline;
  private final Boostline home;
  private final Optional<Schedule> schedule;
  private final Optional<Path> folder;
  private final boolean doneMarker;
  private final Duration stableFor;
  private final Optional<DriftTrigger> drift;
  private final Clock clock;
  private final Consumer<WatchEvent> listener;
  private final PipelineListener runListener;
  private final Duration grace;
  private final Path dir;
  private final FileLock lock;
  private final ExecutorService worker;
  private final Map<Path, Observation> pending = new HashMap<>();
  private final HttpClient http;
  private ScheduledExecutorService ticker;
  private WatchService watchService;
  private Thread watchThread;
  private Future<?> running;
  private WatchState state;
  private Instant nextSchedule;
  private Instant nextDriftPoll;
  private boolean closed;
  private final Instant since = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  private Instant statusWritten;
  private Instant statusNext;

  /** A file that may still be being written: what it looked like, and since when. */
  private record Observation(long size, FileTime modified, Instant since) {}

  private PipelineWatcher(Builder b, FileLock lock) {
    this.pipeline = b.pipeline;
    this.home = b.home;
    this.schedule = b.schedule;
    this.folder = b.folder;
    this.doneMarker = b.doneMarker;
    this.stableFor = b.stableFor;
    this.drift = b.drift;
    this.clock = b.clock;
    this.listener = b.listener;
    this.runListener = b.runListener;
    this.grace = b.grace;
    this.dir = PipelineRuns.open(home.home()).directory(pipeline.name());
    this.lock = lock;
    this.worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "pipeline-" + pipeline.name());
              t.setDaemon(false);
              return t;
            });
    this.http =
        drift.isPresent()
            ? HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
            : null;
    this.state = readState();
  }

  /** A watcher of {@code pipeline} over {@code home}, to configure. */
  public static Builder builder(Pipeline pipeline, Boostline home) {
    return new Builder(pipeline, home);
  }

  /** Builder for {@link PipelineWatcher}; not thread-safe. */
  public static final class Builder {
    private final Pipeline pipeline;
    private final Boostline home;
    private Optional<Schedule> schedule = Optional.empty();
    private Optional<Path> folder = Optional.empty();
    private boolean doneMarker;
    private Duration stableFor = Duration.ofSeconds(5);
    private Optional<DriftTrigger> drift = Optional.empty();
    private Clock clock = Clock.systemUTC();
    private Duration tick = Duration.ofSeconds(1);
    private Duration grace = Duration.ofMinutes(10);
    private Consumer<WatchEvent> listener = e -> {};
    private PipelineListener runListener = PipelineListener.NONE;

    private Builder(Pipeline pipeline, Boostline home) {
      this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
      this.home = Objects.requireNonNull(home, "home");
    }

    /** Runs on this schedule. */
    public Builder schedule(Schedule value) {
      schedule = Optional.of(value);
      return this;
    }

    /**
     * Runs when a data file lands in {@code directory} (the run registers that file as the next
     * version of the pipeline's dataset).
     *
     * @throws BoostlineException when the directory does not exist
     */
    public Builder folder(Path directory) {
      Path d = directory.toAbsolutePath().normalize();
      if (!Files.isDirectory(d)) {
        throw new BoostlineException("the folder to watch does not exist: " + directory);
      }
      folder = Optional.of(d);
      return this;
    }

    /** A file is complete once {@code FILE.done} exists beside it (default: size stable). */
    public Builder doneMarker(boolean value) {
      doneMarker = value;
      return this;
    }

    /** How long a file's size and time must stay the same before it counts (default 5 s). */
    public Builder stableFor(Duration value) {
      stableFor = Objects.requireNonNull(value);
      return this;
    }

    /** Runs when production drifts. */
    public Builder drift(DriftTrigger value) {
      drift = Optional.of(value);
      return this;
    }

    /** The clock (default the system's, UTC). */
    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value);
      return this;
    }

    /** How often the triggers are evaluated by {@link #start()} (default 1 s). */
    public Builder tick(Duration value) {
      tick = Objects.requireNonNull(value);
      return this;
    }

    /** How long {@link PipelineWatcher#close()} waits for a run in progress (default 10 min). */
    public Builder grace(Duration value) {
      grace = Objects.requireNonNull(value);
      return this;
    }

    /** Receives every watcher event (called on the watcher's threads). */
    public Builder listener(Consumer<WatchEvent> value) {
      listener = Objects.requireNonNull(value);
      return this;
    }

    /** Receives the progress of each run. */
    public Builder runListener(PipelineListener value) {
      runListener = Objects.requireNonNull(value);
      return this;
    }

    /**
     * Takes the pipeline's watch lock and returns a watcher that does nothing until {@link
     * PipelineWatcher#tick()} is called.
     *
     * @throws ConflictException when another watcher (in any process) watches this pipeline
     * @throws BoostlineException when no trigger is configured
     */
    public PipelineWatcher open() {
      if (schedule.isEmpty() && folder.isEmpty() && drift.isEmpty()) {
        throw new BoostlineException(
            "nothing to watch: give a schedule (--cron), a data folder (--data) or a drift"
                + " endpoint (--drift)");
      }
      Path dir = PipelineRuns.open(home.home()).directory(pipeline.name());
      Path lockFile = dir.resolve(LOCK);
      try {
        Files.createDirectories(dir);
        if (!Files.exists(lockFile)) {
          Files.createFile(lockFile);
        }
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // another watcher created it first; the lock decides
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + lockFile, e);
      }
      FileLock lock =
          FileLock.tryAcquire(lockFile)
              .orElseThrow(
                  () ->
                      new ConflictException(
                          "pipeline "
                              + pipeline.name()
                              + " is already watched"
                              + owner(dir.resolve(WatcherStatus.FILE))
                              + "; stop that watcher first (lock: "
                              + lockFile
                              + ")"));
      try {
        PipelineWatcher w = new PipelineWatcher(this, lock);
        w.publishStatus(w.clock.instant());
        return w;
      } catch (RuntimeException e) {
        lock.close();
        throw e;
      }
    }

    /** {@link #open()}, then evaluates the triggers every tick on a background thread. */
    public PipelineWatcher start() {
      PipelineWatcher w = open();
      w.startThreads(tick);
      return w;
    }

    private static String owner(Path file) {
      try {
        var node = Json.mapper().readTree(Files.readAllBytes(file));
        return " by process " + node.path("pid").asText() + " since " + node.path("since").asText();
      } catch (IOException | RuntimeException e) {
        return "";
      }
    }
  }

  private void startThreads(Duration tick) {
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "pipeline-watch-" + pipeline.name());
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleWithFixedDelay(this::safeTick, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    if (folder.isPresent()) {
      try {
        watchService = folder.get().getFileSystem().newWatchService();
        folder
            .get()
            .register(
                watchService,
                StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY);
        watchThread =
            new Thread(
                () -> {
                  try {
                    while (true) {
                      var key = watchService.take();
                      key.pollEvents();
                      key.reset();
                      ticker.execute(this::safeTick); // react now, not at the next tick
                    }
                  } catch (InterruptedException | ClosedWatchServiceException stop) {
                    // closing
                  } catch (java.util.concurrent.RejectedExecutionException stopped) {
                    // closing
                  }
                },
                "pipeline-watch-files-" + pipeline.name());
        watchThread.setDaemon(true);
        watchThread.start();
      } catch (IOException e) {
        emit(
            WatchEvent.Kind.INFO,
            "no file events for "
                + folder.get()
                + " ("
                + e.getMessage()
                + "); rescanning every tick",
            Optional.empty());
      }
    }
  }

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      emit(WatchEvent.Kind.INFO, "trigger check failed: " + e.getMessage(), Optional.empty());
    }
  }

  /**
   * Evaluates every trigger once, at the clock's time, and starts a run (on the worker thread) when
   * one fires and none is in progress.
   */
  public synchronized void tick() {
    if (closed) {
      return;
    }
    Instant now = clock.instant();
    if (schedule.isPresent()) {
      checkSchedule(now);
    }
    if (folder.isPresent()) {
      checkFolder(now);
    }
    if (drift.isPresent()) {
      checkDrift(now);
    }
    if (!Objects.equals(statusNext, nextSchedule)
        || !now.isBefore(statusWritten.plus(WatcherStatus.HEARTBEAT))) {
      publishStatus(now);
    }
  }

  /** Writes {@link WatcherStatus} to the home (a failure to write only loses the display). */
  private void publishStatus(Instant now) {
    WatcherStatus status =
        new WatcherStatus(
            ProcessHandle.current().pid(),
            since,
            now.truncatedTo(ChronoUnit.MILLIS),
            schedule.map(Schedule::toString),
            Optional.ofNullable(nextSchedule).filter(t -> !t.equals(Instant.MAX)),
            folder.map(Path::toString),
            drift.map(t -> t.describe() + " at " + t.metrics()));
    try {
      AtomicFiles.write(dir.resolve(WatcherStatus.FILE), Json.toBytes(status));
    } catch (RuntimeException e) {
      emit(
          WatchEvent.Kind.INFO,
          "cannot write the watcher status: " + e.getMessage(),
          Optional.empty());
    }
    statusWritten = now;
    statusNext = nextSchedule;
  }

  /**
   * What the watcher of {@code pipeline} in {@code home} published about itself, if one has run and
   * not closed (see {@link WatcherStatus#alive(Instant)} for one that was killed). An unreadable
   * file reads as absent.
   */
  public static Optional<WatcherStatus> status(Path home, String pipeline) {
    Path f = PipelineRuns.open(home).directory(pipeline).resolve(WatcherStatus.FILE);
    try {
      return Optional.of(Json.mapper().readValue(Files.readAllBytes(f), WatcherStatus.class));
    } catch (IOException | RuntimeException absentOrUnreadable) {
      return Optional.empty();
    }
  }

  private boolean busy() {
    return running != null && !running.isDone();
  }

  private void checkSchedule(Instant now) {
    Schedule s = schedule.get();
    if (nextSchedule == null) {
      // A run due while the watcher was stopped fires once now; then the schedule goes on.
      Optional<Instant> previous = s.previous(now);
      Optional<Instant> last = state.lastSchedule();
      if (last.isPresent() && previous.isPresent() && previous.get().isAfter(last.get())) {
        nextSchedule = previous.get();
        emit(
            WatchEvent.Kind.INFO,
            "the run due at " + previous.get() + " was missed while stopped; running it now",
            Optional.empty());
      } else {
        nextSchedule = s.next(now).orElse(Instant.MAX);
        emit(
            WatchEvent.Kind.INFO,
            "schedule " + s + ": next run at " + nextSchedule,
            Optional.empty());
      }
    }
    if (now.isBefore(nextSchedule)) {
      return;
    }
    Instant due = nextSchedule;
    nextSchedule = s.next(now).orElse(Instant.MAX);
    state =
        new WatchState(
            WatchState.FORMAT_VERSION,
            Optional.of(due),
            state.filesSeen(),
            state.lastDrift(),
            state.driftArmed());
    writeState();
    PipelineRun.Trigger trigger =
        new PipelineRun.Trigger(PipelineRun.Trigger.Kind.SCHEDULE, s.expression() + " at " + due);
    if (busy()) {
      emit(
          WatchEvent.Kind.SKIPPED,
          "schedule due at "
              + due
              + ": a run is still going, not starting another; next at "
              + nextSchedule,
          Optional.empty());
      return;
    }
    launch(trigger, Optional.empty());
  }

  private void checkFolder(Instant now) {
    Path d = folder.get();
    List<Path> files;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(d)) {
      files = new java.util.ArrayList<>();
      for (Path p : entries) {
        String n = p.getFileName().toString();
        if (Files.isRegularFile(p)
            && !n.startsWith(".")
            && !n.endsWith(".done")
            && !n.endsWith(".tmp")
            && !n.endsWith(".part")) {
          files.add(p);
        }
      }
    } catch (IOException e) {
      emit(WatchEvent.Kind.INFO, "cannot list " + d + ": " + e.getMessage(), Optional.empty());
      return;
    }
    files.sort(null);
    pending.keySet().retainAll(files);
    for (Path f : files) {
      if (busy()) {
        return; // the file stays pending; the next tick after the run picks it up
      }
      if (!complete(f, now)) {
        continue;
      }
      String sha;
      try {
        sha = Hashing.sha256(f);
      } catch (RuntimeException e) {
        continue; // gone or unreadable right now; the next scan tells
      }
      pending.remove(f);
      if (state.filesSeen().containsKey(sha) || registered(sha)) {
        if (!state.filesSeen().containsKey(sha)) {
          remember(sha, f);
          emit(
              WatchEvent.Kind.SKIPPED,
              f.getFileName() + ": this content is already registered; no run",
              Optional.empty());
        }
        continue;
      }
      remember(sha, f);
      launch(new PipelineRun.Trigger(PipelineRun.Trigger.Kind.DATA, f.toString()), Optional.of(f));
      return;
    }
  }

  private boolean complete(Path f, Instant now) {
    if (doneMarker) {
      return Files.exists(f.resolveSibling(f.getFileName() + ".done"));
    }
    long size;
    FileTime modified;
    try {
      size = Files.size(f);
      modified = Files.getLastModifiedTime(f);
    } catch (IOException e) {
      return false;
    }
    Observation o = pending.get(f);
    if (o == null || o.size() != size || !o.modified().equals(modified)) {
      pending.put(f, new Observation(size, modified, now));
      return stableFor.isZero() && o != null;
    }
    return !now.isBefore(o.since().plus(stableFor));
  }

  private boolean registered(String sha) {
    String dataset = pipeline.spec().data().dataset();
    for (DatasetManifest m : home.datasets().versions(dataset)) {
      if (m.source().map(s -> s.sha256().equals(sha)).orElse(false)) {
        return true;
      }
    }
    return false;
  }

  private void remember(String sha, Path f) {
    Map<String, String> seen = new LinkedHashMap<>(state.filesSeen());
    seen.put(sha, f.getFileName().toString());
    state =
        new WatchState(
            WatchState.FORMAT_VERSION,
            state.lastSchedule(),
            seen,
            state.lastDrift(),
            state.driftArmed());
    writeState();
  }

  private void checkDrift(Instant now) {
    DriftTrigger t = drift.get();
    if (nextDriftPoll != null && now.isBefore(nextDriftPoll)) {
      return;
    }
    nextDriftPoll = now.plus(t.every());
    String body;
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(t.metrics()).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        emit(
            WatchEvent.Kind.INFO,
            "drift: " + t.metrics() + " answered " + r.statusCode(),
            Optional.empty());
        return;
      }
      body = r.body();
    } catch (IOException e) {
      emit(
          WatchEvent.Kind.INFO,
          "drift: cannot reach " + t.metrics() + ": " + e.getMessage(),
          Optional.empty());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    OptionalDouble psi =
        gauge(
            body,
            t.feature().isPresent() ? "boostline_drift_psi" : "boostline_drift_score_psi",
            t.model(),
            t.feature());
    OptionalDouble rows = gauge(body, "boostline_drift_window_rows", t.model(), Optional.empty());
    if (psi.isEmpty() || rows.isEmpty()) {
      emit(
          WatchEvent.Kind.INFO,
          "drift: " + t.metrics() + " shows no drift gauge for model " + t.model(),
          Optional.empty());
      return;
    }
    double p = psi.getAsDouble();
    boolean drifted = rows.getAsDouble() >= t.minRows() && p > t.threshold();
    if (!drifted) {
      if (!state.driftArmed() && !(p > t.threshold())) {
        state =
            new WatchState(
                WatchState.FORMAT_VERSION,
                state.lastSchedule(),
                state.filesSeen(),
                state.lastDrift(),
                true);
        writeState();
        emit(
            WatchEvent.Kind.INFO,
            String.format(
                Locale.ROOT, "drift: PSI %.4f is back under %.4f; armed again", p, t.threshold()),
            Optional.empty());
      }
      return;
    }
    String what =
        String.format(Locale.ROOT, "%s = %.4f over %.0f rows", t.describe(), p, rows.getAsDouble());
    if (!state.driftArmed()) {
      return; // the same episode
    }
    if (state.lastDrift().isPresent() && now.isBefore(state.lastDrift().get().plus(t.cooldown()))) {
      emit(
          WatchEvent.Kind.SKIPPED,
          "drift: "
              + what
              + ", but the last drift run was at "
              + state.lastDrift().get()
              + " (cool-down "
              + t.cooldown()
              + ")",
          Optional.empty());
      return;
    }
    if (busy()) {
      emit(
          WatchEvent.Kind.SKIPPED,
          "drift: " + what + ", but a run is in progress",
          Optional.empty());
      return;
    }
    state =
        new WatchState(
            WatchState.FORMAT_VERSION,
            state.lastSchedule(),
            state.filesSeen(),
            Optional.of(now),
            false);
    writeState();
    launch(new PipelineRun.Trigger(PipelineRun.Trigger.Kind.DRIFT, what), Optional.empty());
  }

  /**
   * The value of a gauge for a model (and feature) in Prometheus text: the newest version's when
   * several versions report.
   */
  static OptionalDouble gauge(String text, String name, String model, Optional<String> feature) {
    OptionalDouble found = OptionalDouble.empty();
    int bestVersion = -1;
    for (String line : text.split("\n")) {
      if (!line.startsWith(name + "{")) {
        continue;
      }
      int close = line.indexOf('}');
      if (close < 0) {
        continue;
      }
      Map<String, String> labels = labels(line.substring(name.length() + 1, close));
      if (!model.equals(labels.get("model"))
          || feature.isPresent() && !feature.get().equals(labels.get("feature"))) {
        continue;
      }
      int version;
      try {
        version = Integer.parseInt(labels.getOrDefault("version", "0"));
      } catch (NumberFormatException e) {
        version = 0;
      }
      double v;
      try {
        v = Double.parseDouble(line.substring(close + 1).trim().split("\\s+")[0]);
      } catch (NumberFormatException e) {
        continue;
      }
      if (version >= bestVersion && !Double.isNaN(v)) {
        bestVersion = version;
        found = OptionalDouble.of(v);
      }
    }
    return found;
  }

  private static Map<String, String> labels(String text) {
    Map<String, String> out = new HashMap<>();
    int i = 0;
    while (i < text.length()) {
      int eq = text.indexOf('=', i);
      if (eq < 0 || eq + 1 >= text.length() || text.charAt(eq + 1) != '"') {
        break;
      }
      String key = text.substring(i, eq).trim();
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      while (j < text.length() && text.charAt(j) != '"') {
        if (text.charAt(j) == '\\' && j + 1 < text.length()) {
          j++;
        }
        value.append(text.charAt(j));
        j++;
      }
      out.put(key, value.toString());
      i = j + 1;
      if (i < text.length() && text.charAt(i) == ',') {
        i++;
      }
    }
    return out;
  }

  private void launch(PipelineRun.Trigger trigger, Optional<Path> data) {
    emit(WatchEvent.Kind.TRIGGERED, trigger.toString(), Optional.empty());
    Pipeline.Options options = new Pipeline.Options(trigger, data, false, runListener);
    running =
        worker.submit(
            () -> {
              try {
                PipelineRun run = pipeline.run(home, options);
                String verdict = run.output(Pipeline.EVALUATE, "verdict").orElse("?");
                String promote =
                    run.step(Pipeline.PROMOTE).map(PipelineRun.Step::message).orElse("");
                emit(
                    WatchEvent.Kind.RUN_FINISHED,
                    "run " + run.id() + ": " + verdict + "; " + promote,
                    Optional.of(run));
              } catch (PipelineException e) {
                emit(WatchEvent.Kind.RUN_FAILED, e.getMessage(), Optional.of(e.run()));
              } catch (RuntimeException e) {
                emit(WatchEvent.Kind.RUN_FAILED, "run failed: " + e, Optional.empty());
              }
            });
  }

  /**
   * Waits until no run is in progress (for tests and orderly shutdown).
   *
   * @return false when a run was still going after {@code timeout}
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    Future<?> f;
    synchronized (this) {
      f = running;
    }
    if (f == null) {
      return true;
    }
    try {
      f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.ExecutionException e) {
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    }
  }

  /** The state as remembered in the home. */
  public synchronized WatchState state() {
    return state;
  }

  /** When the schedule fires next, once the watcher has looked at it. */
  public synchronized Optional<Instant> nextScheduled() {
    return Optional.ofNullable(nextSchedule);
  }

  /**
   * What the watcher of {@code pipeline} in {@code home} remembers ({@code
   * pipelines/<pipeline>/watch.json}): when each trigger last fired, the files seen, whether drift
   * is armed. Read from the file as it is now, whether or not a watcher is running; the file is
   * replaced atomically, so a read never sees half a write. Thread-safe.
   *
   * @return empty when no watcher has recorded anything for this pipeline
   * @throws CorruptStoreException when the file exists but cannot be read as a watch state (the
   *     same error a watcher refuses to start with: it will not forget what it saw, or replay it,
   *     on a state it cannot read); callers that only show the state may treat it as absent
   */
  public static Optional<WatchState> state(Path home, String pipeline) {
    return readState(PipelineRuns.open(home).directory(pipeline));
  }

  private WatchState readState() {
    return readState(dir).orElseGet(WatchState::initial);
  }

  /** The state in {@code dir}; the one reader of watch.json. */
  private static Optional<WatchState> readState(Path dir) {
    Path f = dir.resolve(STATE);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    WatchState s;
    try {
      s = Json.mapper().readValue(Files.readAllBytes(f), WatchState.class);
    } catch (IOException e) {
      throw new CorruptStoreException(f + ": unreadable watch state: " + Json.describe(e), e);
    }
    if (s == null) {
      throw new CorruptStoreException(f + ": unreadable watch state: it holds null");
    }
    return Optional.of(s);
  }

  private void writeState() {
    writeState(dir, state);
  }

  /** Replaces the state in {@code dir} atomically; the one writer of watch.json. */
  static void writeState(Path dir, WatchState state) {
    AtomicFiles.write(dir.resolve(STATE), Json.toBytes(state));
  }

  private void emit(WatchEvent.Kind kind, String message, Optional<PipelineRun> run) {
    try {
      listener.accept(new WatchEvent(clock.instant(), kind, message, run));
    } catch (RuntimeException e) {
      // a listener's failure must not stop the watcher
    }
  }

  /**
   * Stops the triggers, waits for a run in progress to finish (up to the grace period), and
   * releases the watch lock. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (ticker != null) {
      ticker.shutdownNow();
    }
    if (watchService != null) {
      try {
        watchService.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    worker.shutdown();
    try {
      if (!worker.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        emit(
            WatchEvent.Kind.INFO,
            "a run is still going after "
                + grace
                + "; leaving it (it is recorded as interrupted if the process stops)",
            Optional.empty());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(dir.resolve(WatcherStatus.FILE));
    } catch (IOException e) {
      // a stale status reads as not alive once its heartbeat is old
    }
    emit(WatchEvent.Kind.INFO, "stopped watching " + pipeline.name(), Optional.empty());
    lock.close();
  }
}
