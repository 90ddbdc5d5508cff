package dev.boostline.data.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.common.CorruptStoreException;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.Dataset;
import dev.boostline.data.store.RegisterMain.Child;
import dev.boostline.testing.TestData;
import dev.boostline.util.internal.Hashing;
import dev.boostline.util.internal.fs.FileLock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store's crash-safety and integrity guarantees (see {@link DatasetStore}): a writer killed at
 * any moment leaves no visible partial version and the next registration works and removes its
 * leftovers; a stored file that no longer matches its manifest is reported, never loaded.
 */
class CrashSafetyTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern VERSION_DIR = Pattern.compile("[0-9]+");
  private static final List<String> VERSION_FILES =
      List.of("data.parquet", "manifest.json", "profile.json");

  @TempDir Path home;
  @TempDir Path work;

  /** Children started by the running test; any still alive when it ends are killed. */
  private final List<Child> children = new ArrayList<>();

  private Child start(String... args) {
    Child c = Child.start(args);
    children.add(c);
    return c;
  }

  @AfterEach
  void killChildren() throws InterruptedException {
    for (Child c : children) {
      c.destroy();
    }
  }

  // ---------------------------------------------------------------- killed writers

  /** What a killed child had reached, judged from what it left in the store. */
  private enum Outcome {
    /** Killed before its incoming directory existed (still reading the CSV). */
    EARLY,
    /** Killed while its version was being written: its incoming directory is left behind. */
    MID_WRITE,
    /** Its version became visible (it finished, or was killed after the rename). */
    DONE
  }

  private record Kill(long delayMillis, Outcome outcome) {}

  @Test
  @Tag("slow")
  void killed_writer_leaves_no_partial_version() throws Exception {
    int rows = 100_000;
    String name = "big";
    DatasetStore store = DatasetStore.open(home);
    Path dir = store.root().resolve(name);
    Map<String, Path> sources = new HashMap<>();
    Set<Integer> checked = new HashSet<>();

    // Version 1, written to completion by a child: also measures how long a registration takes.
    Path csv0 = csv(rows, 0, sources);
    Child first = start(home.toString(), name, csv0.toString());
    first.awaitLine(RegisterMain.STARTED, TIMEOUT);
    long start = System.nanoTime();
    assertThat(first.awaitExit(TIMEOUT)).as(first.output()).isZero();
    long fullMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(first.printedVersion()).isEqualTo(1);
    checkStore(store, name, rows, sources, checked);

    // Kills spread over the registration (early: reading the CSV; late: writing, renaming),
    // then, until one has landed mid-write, more between the latest early and the earliest late.
    List<Kill> kills = new ArrayList<>();
    double[] planned = {0.05, 0.35, 0.55, 0.7, 0.85, 0.97};
    int seed = 1;
    for (double f : planned) {
      kills.add(killWriter(store, name, csv(rows, seed++, sources), (long) (f * fullMillis)));
      checkStore(store, name, rows, sources, checked);
    }
    for (int extra = 0; extra < 12 && count(kills, Outcome.MID_WRITE) == 0; extra++) {
      kills.add(killWriter(store, name, csv(rows, seed++, sources), nextDelay(kills, fullMillis)));
      checkStore(store, name, rows, sources, checked);
    }
    assertThat(count(kills, Outcome.MID_WRITE))
        .as(
            "kills that landed while a version was being written, of %s (full run %d ms)",
            kills, fullMillis)
        .isPositive();
    // Make sure the newest kill left leftovers, so that their clean-up below is observed: kill in
    // the middle of the delays seen to land mid-write.
    LongSummaryStatistics mid =
        kills.stream()
            .filter(k -> k.outcome() == Outcome.MID_WRITE)
            .mapToLong(Kill::delayMillis)
            .summaryStatistics();
    long midDelay = (mid.getMin() + mid.getMax()) / 2;
    for (int extra = 0; extra < 6 && incomingDirs(dir).isEmpty(); extra++) {
      kills.add(killWriter(store, name, csv(rows, seed++, sources), midDelay));
      checkStore(store, name, rows, sources, checked);
    }
    Set<String> leftovers = incomingDirs(dir);
    System.out.printf(
        "killed_writer_leaves_no_partial_version: full registration %d ms, kills %s, leftovers %s%n",
        fullMillis, kills, leftovers);

    // The next registration (in this JVM) works, takes the next number and removes the leftovers.
    int newest = store.versions(name).size();
    Path last = csv(rows, seed, sources);
    Registration r =
        store.register(
            name,
            last,
            CsvOptions.defaults(),
            java.util.Optional.empty(),
            RegisterOptions.defaults());
    assertThat(r.created()).isTrue();
    assertThat(r.manifest().version()).isEqualTo(newest + 1);
    assertThat(r.manifest().parentVersion()).contains(newest);
    assertThat(r.manifest().source().orElseThrow().sha256()).isEqualTo(Hashing.sha256(last));
    assertThat(incomingDirs(dir)).as("leftovers of dead writers").isEmpty();
    for (String gone : leftovers) {
      assertThat(dir.resolve(gone + ".lock")).doesNotExist();
    }
    checkStore(store, name, rows, sources, checked);
    for (DatasetManifest m : store.versions(name)) {
      store.verify(m.ref());
    }
  }

  /** Starts a child registering {@code csv}, kills it {@code delayMillis} after it starts. */
  private Kill killWriter(DatasetStore store, String name, Path csv, long delayMillis)
      throws Exception {
    Path dir = store.root().resolve(name);
    Set<String> before = incomingDirs(dir);
    int versionsBefore = store.versions(name).size();
    Child child = start(store.root().getParent().toString(), name, csv.toString());
    child.awaitLine(RegisterMain.STARTED, TIMEOUT);
    Thread.sleep(delayMillis);
    int exit = child.kill();
    if (exit == 0) {
      assertThat(child.printedVersion()).as(child.output()).isPositive();
    } else {
      // Killed: it must not have failed by itself before.
      assertThat(child.output()).doesNotContain("Exception in thread");
    }
    Set<String> fresh = new TreeSet<>(incomingDirs(dir));
    fresh.removeAll(before);
    Outcome outcome =
        store.versions(name).size() > versionsBefore
            ? Outcome.DONE
            : fresh.isEmpty() ? Outcome.EARLY : Outcome.MID_WRITE;
    return new Kill(delayMillis, outcome);
  }

  /** Halfway between the latest kill that came too early and the earliest that came too late. */
  private static long nextDelay(List<Kill> kills, long fullMillis) {
    long early =
        kills.stream()
            .filter(k -> k.outcome() == Outcome.EARLY)
            .mapToLong(Kill::delayMillis)
            .max()
            .orElse(0);
    long late =
        kills.stream()
            .filter(k -> k.outcome() == Outcome.DONE && k.delayMillis() > early)
            .mapToLong(Kill::delayMillis)
            .min()
            .orElse(fullMillis * 2);
    return (early + late) / 2;
  }

  private static long count(List<Kill> kills, Outcome outcome) {
    return kills.stream().filter(k -> k.outcome() == outcome).count();
  }

  /**
   * Checks what a reader can see: version directories 1..n, each complete (exactly its three files,
   * a readable manifest), each passing {@code verify} and loading with the rows of the CSV it came
   * from; nothing else in the dataset directory but the lock and incoming leftovers.
   */
  private static void checkStore(
      DatasetStore store, String name, int rows, Map<String, Path> sources, Set<Integer> checked)
      throws IOException {
    Path dir = store.root().resolve(name);
    List<Integer> numbers = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : entries.toList()) {
        String n = p.getFileName().toString();
        if (VERSION_DIR.matcher(n).matches()) {
          assertThat(p).isDirectory();
          assertThat(TestData.listTree(p)).as("files of %s", p).isEqualTo(VERSION_FILES);
          numbers.add(Integer.parseInt(n));
        } else {
          assertThat(n).as("entry of %s", dir).matches("\\.lock|\\.incoming-.*");
        }
      }
    }
    List<DatasetManifest> versions = store.versions(name);
    assertThat(versions.stream().map(DatasetManifest::version).toList())
        .isEqualTo(numbers.stream().sorted().toList())
        .isEqualTo(IntStream.rangeClosed(1, numbers.size()).boxed().toList());
    for (DatasetManifest m : versions) {
      if (!checked.add(m.version())) {
        continue; // version directories are immutable: checked once
      }
      store.verify(m.ref());
      DatasetManifest.Source source = m.source().orElseThrow();
      assertThat(sources).containsKey(source.sha256());
      assertThat(source.sizeBytes()).isEqualTo(Files.size(sources.get(source.sha256())));
      assertThat(m.rows()).isEqualTo(rows);
      Dataset loaded = store.load(m.ref());
      assertThat(loaded.rowCount()).isEqualTo(rows);
      assertThat(store.profile(m.ref()).rows()).isEqualTo(rows);
    }
  }

  private static Set<String> incomingDirs(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith(".incoming-"))
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private Path csv(int rows, int seed, Map<String, Path> sources) {
    Path f = RegisterMain.writeCsv(work.resolve("v" + seed + ".csv"), rows, seed);
    sources.put(Hashing.sha256(f), f);
    return f;
  }

  // ---------------------------------------------------------------- dead writers' leftovers

  @Test
  void leftovers_of_a_dead_writer_are_removed_by_the_next_registration() throws IOException {
    DatasetStore store = DatasetStore.open(home);
    register(store, "d", 1);
    Path dir = store.root().resolve("d");
    // What a writer killed mid-write leaves: its incoming directory with partial files, and its
    // lock file, which no process holds any more.
    Path incoming = Files.createDirectory(dir.resolve(".incoming-0c6f5e0e-dead"));
    Files.write(incoming.resolve("data.parquet"), new byte[] {'P', 'A', 'R', '1', 0, 0});
    Files.write(incoming.resolve(".manifest.json.tmp-1"), new byte[] {'{'});
    Path lock = Files.createFile(dir.resolve(".incoming-0c6f5e0e-dead.lock"));

    Registration r = register(store, "d", 2);

    assertThat(r.manifest().version()).isEqualTo(2);
    assertThat(incoming).doesNotExist();
    assertThat(lock).doesNotExist();
    assertThat(TestData.listTree(dir))
        .containsExactlyInAnyOrder(
            ".lock",
            "1/data.parquet",
            "1/manifest.json",
            "1/profile.json",
            "2/data.parquet",
            "2/manifest.json",
            "2/profile.json");
  }

  @Test
  void incoming_directory_of_a_live_writer_is_left_alone() throws Exception {
    DatasetStore store = DatasetStore.open(home);
    register(store, "d", 1);
    Path dir = store.root().resolve("d");
    Path incoming = Files.createDirectory(dir.resolve(".incoming-1e2f-live"));
    Path partial = TestData.write(incoming, "data.parquet", new byte[] {'P', 'A', 'R', '1'});
    // Another writer, alive, holds its lock (from another thread: the lock is per thread, too).
    ExecutorService writer = Executors.newSingleThreadExecutor();
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Future<?> holder =
        writer.submit(
            () -> {
              try (FileLock held = FileLock.acquire(dir.resolve(".incoming-1e2f-live.lock"))) {
                locked.countDown();
                done.await();
              }
              return null;
            });
    try {
      assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();

      assertThat(register(store, "d", 2).manifest().version()).isEqualTo(2);

      assertThat(partial).exists();
    } finally {
      done.countDown();
      holder.get(30, TimeUnit.SECONDS);
      writer.shutdownNow();
    }
    // Once that writer is gone, the next registration removes its leftovers.
    register(store, "d", 3);
    assertThat(incoming).doesNotExist();
    assertThat(dir.resolve(".incoming-1e2f-live.lock")).doesNotExist();
  }

  @Test
  void lock_file_left_by_a_writer_killed_before_its_directory_existed_is_removed() {
    // A writer takes its lock (creating .incoming-ID.lock) before creating .incoming-ID/, and
    // deletes the lock after the directory: killed in between, it leaves only the lock file.
    DatasetStore store = DatasetStore.open(home);
    register(store, "d", 1);
    Path lock = TestData.write(store.root().resolve("d"), ".incoming-5b1d-dead.lock", "");

    register(store, "d", 2);

    assertThat(lock).as("lock file of a dead writer").doesNotExist();
  }

  // ---------------------------------------------------------------- checksums

  @ParameterizedTest(name = "byte at {0} of the file")
  @ValueSource(strings = {"0", "4", "1/4", "1/2", "3/4", "-40", "-9", "-8", "-5", "-1"})
  void flipped_byte_in_data_file_is_reported_not_loaded(String where) throws IOException {
    DatasetStore store = DatasetStore.open(home);
    DatasetRef ref = register(store, "d", 1).manifest().ref();
    Path data = store.directory(ref).resolve("data.parquet");
    long at = position(where, Files.size(data));

    flip(data, at);

    assertChecksumMismatch(() -> store.load(ref), data);
    assertChecksumMismatch(() -> store.verify(ref), data);
    assertChecksumMismatch(() -> store.export(ref, work.resolve("out.csv")), data);
    assertThat(work.resolve("out.csv")).doesNotExist();
    // Flipped back, the version is whole again.
    flip(data, at);
    store.verify(ref);
    assertThat(store.load(ref).rowCount()).isEqualTo(2_000);
  }

  @Test
  void single_bit_flips_anywhere_in_the_data_file_are_reported() throws IOException {
    DatasetStore store = DatasetStore.open(home);
    DatasetRef ref = register(store, "d", 1, 40).manifest().ref();
    Path data = store.directory(ref).resolve("data.parquet");
    long size = Files.size(data);
    // About 60 positions spread over the whole file, plus every byte of its tail (the end of the
    // footer, its length and the closing magic number).
    TreeSet<Long> positions = new TreeSet<>();
    for (long at = 0; at < size; at += Math.max(1, size / 60)) {
      positions.add(at);
    }
    for (long at = Math.max(0, size - 32); at < size; at++) {
      positions.add(at);
    }
    for (long at : positions) {
      flip(data, at);
      assertChecksumMismatch(() -> store.load(ref), data);
      flip(data, at);
    }
    assertThat(store.load(ref).rowCount()).isEqualTo(40);
  }

  @Test
  void flipped_byte_in_profile_is_reported_not_loaded() throws IOException {
    DatasetStore store = DatasetStore.open(home);
    DatasetRef ref = register(store, "d", 1).manifest().ref();
    Path profile = store.directory(ref).resolve("profile.json");

    flip(profile, Files.size(profile) / 2);

    assertChecksumMismatch(() -> store.profile(ref), profile);
    assertChecksumMismatch(() -> store.verify(ref), profile);
    assertChecksumMismatch(() -> store.diff(ref, ref), profile);
    // The data file is intact and still loads.
    assertThat(store.load(ref).rowCount()).isEqualTo(2_000);
  }

  @Test
  void truncated_data_file_is_reported() throws IOException {
    DatasetStore store = DatasetStore.open(home);
    DatasetRef ref = register(store, "d", 1).manifest().ref();
    Path data = store.directory(ref).resolve("data.parquet");
    long size = Files.size(data);

    for (long length : new long[] {size - 1, size / 2, 8, 0}) {
      try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
        f.setLength(length);
      }
      assertChecksumMismatch(() -> store.load(ref), data);
      assertChecksumMismatch(() -> store.verify(ref), data);
    }
  }

  @Test
  void appended_bytes_in_data_file_are_reported() throws IOException {
    DatasetStore store = DatasetStore.open(home);
    DatasetRef ref = register(store, "d", 1).manifest().ref();
    Path data = store.directory(ref).resolve("data.parquet");

    Files.write(data, new byte[] {0}, StandardOpenOption.APPEND);

    assertChecksumMismatch(() -> store.load(ref), data);
    assertChecksumMismatch(() -> store.verify(ref), data);
  }

  @Test
  void deleted_data_file_is_reported() throws IOException {
    DatasetStore store = DatasetStore.open(home);
    DatasetRef ref = register(store, "d", 1).manifest().ref();
    Path data = store.directory(ref).resolve("data.parquet");

    Files.delete(data);

    for (ThrowingCall call :
        List.<ThrowingCall>of(() -> store.load(ref), () -> store.verify(ref))) {
      assertThatThrownBy(call::run)
          .isInstanceOf(CorruptStoreException.class)
          .hasMessageContaining(data.toString())
          .hasMessageContaining("missing");
    }
    // The rest of the version is still readable.
    assertThat(store.profile(ref).rows()).isEqualTo(2_000);
  }

  @Test
  void deleted_profile_is_reported() throws IOException {
    DatasetStore store = DatasetStore.open(home);
    DatasetRef ref = register(store, "d", 1).manifest().ref();
    Path profile = store.directory(ref).resolve("profile.json");

    Files.delete(profile);

    for (ThrowingCall call :
        List.<ThrowingCall>of(() -> store.profile(ref), () -> store.verify(ref))) {
      assertThatThrownBy(call::run)
          .isInstanceOf(CorruptStoreException.class)
          .hasMessageContaining(profile.toString())
          .hasMessageContaining("missing");
    }
  }

  @FunctionalInterface
  private interface ThrowingCall {
    void run() throws Exception;
  }

  private static void assertChecksumMismatch(ThrowingCall call, Path file) {
    assertThatThrownBy(call::run)
        .isInstanceOf(CorruptStoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("checksum mismatch");
  }

  private Registration register(DatasetStore store, String name, int seed) {
    return register(store, name, seed, 2_000);
  }

  private Registration register(DatasetStore store, String name, int seed, int rows) {
    Path csv = RegisterMain.writeCsv(work.resolve(name + "-" + seed + ".csv"), rows, seed);
    Registration r =
        store.register(
            name,
            csv,
            CsvOptions.defaults(),
            java.util.Optional.empty(),
            RegisterOptions.defaults());
    assertThat(r.created()).isTrue();
    return r;
  }

  /** "7": byte 7; "-1": the last byte; "1/2": the middle byte. */
  private static long position(String where, long size) {
    if (where.contains("/")) {
      String[] parts = where.split("/");
      return size * Long.parseLong(parts[0]) / Long.parseLong(parts[1]);
    }
    long n = Long.parseLong(where);
    return n < 0 ? size + n : n;
  }

  private static void flip(Path file, long at) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x01);
    }
  }
}
