package dev.boostline.data.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.data.CsvOptions;
import dev.boostline.data.CsvReader;
import dev.boostline.data.store.RegisterMain.Child;
import dev.boostline.data.store.internal.ContentHash;
import dev.boostline.util.internal.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent registrations of one name, from several processes and from several threads: all
 * succeed, each content gets its own version, numbered 1..n without gaps, and nothing is lost; the
 * same content registered at once is stored once.
 */
class ConcurrentRegistrationTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final int ROWS = 20_000;

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

  // ---------------------------------------------------------------- processes

  @Test
  @Tag("slow")
  void two_processes_adding_different_content_both_succeed_with_distinct_versions()
      throws Exception {
    DatasetStore store = DatasetStore.open(home);
    Path a = csv("a", 1);
    Path b = csv("b", 2);

    List<Child> started = startTogether(List.of(a, b));

    Map<Integer, Path> byVersion = new HashMap<>();
    List<Path> files = List.of(a, b);
    for (int i = 0; i < started.size(); i++) {
      Child c = started.get(i);
      assertThat(c.awaitExit(TIMEOUT)).as(c.output()).isZero();
      assertThat(c.printedCreated()).as(c.output()).isTrue();
      assertThat(byVersion.put(c.printedVersion(), files.get(i)))
          .as("two processes got version %d", c.printedVersion())
          .isNull();
    }
    assertThat(byVersion).containsOnlyKeys(1, 2);
    assertStoreHolds(store, "d", byVersion);
  }

  @Test
  @Tag("slow")
  void two_processes_adding_the_same_content_get_one_version() throws Exception {
    DatasetStore store = DatasetStore.open(home);
    Path a = csv("a", 1);

    List<Child> started = startTogether(List.of(a, a));

    int created = 0;
    for (Child c : started) {
      assertThat(c.awaitExit(TIMEOUT)).as(c.output()).isZero();
      assertThat(c.printedVersion()).as(c.output()).isEqualTo(1);
      created += c.printedCreated() ? 1 : 0;
    }
    assertThat(created).as("registrations that created the version").isEqualTo(1);
    assertStoreHolds(store, "d", Map.of(1, a));
  }

  @Test
  @Tag("slow")
  void a_process_and_threads_adding_at_once_all_succeed_with_distinct_versions() throws Exception {
    DatasetStore store = DatasetStore.open(home);
    Path byProcess = csv("p", 10);
    List<Path> byThreads = List.of(csv("t1", 11), csv("t2", 12), csv("t3", 13));
    Path gate = work.resolve("gate");
    Child child = start("--wait-for", gate.toString(), home.toString(), "d", byProcess.toString());
    child.awaitLine(RegisterMain.WAITING, TIMEOUT);

    ExecutorService pool = Executors.newFixedThreadPool(byThreads.size());
    try {
      CyclicBarrier go = new CyclicBarrier(byThreads.size() + 1);
      List<Future<Registration>> futures = new ArrayList<>();
      for (Path f : byThreads) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return register(store, "d", f);
                }));
      }
      go.await(); // the threads go, and so does the process
      Files.createFile(gate);

      Map<Integer, Path> byVersion = new HashMap<>();
      for (int i = 0; i < futures.size(); i++) {
        Registration r = futures.get(i).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(r.created()).isTrue();
        assertThat(byVersion.put(r.manifest().version(), byThreads.get(i))).isNull();
      }
      assertThat(child.awaitExit(TIMEOUT)).as(child.output()).isZero();
      assertThat(child.printedCreated()).isTrue();
      assertThat(byVersion.put(child.printedVersion(), byProcess)).isNull();
      assertThat(byVersion).containsOnlyKeys(1, 2, 3, 4);
      assertStoreHolds(store, "d", byVersion);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Starts one child per file, each registering it as {@code d}; releases them at the same instant
   * once all their JVMs are up.
   */
  private List<Child> startTogether(List<Path> files) throws Exception {
    Path gate = work.resolve("gate");
    List<Child> started = new ArrayList<>();
    for (Path f : files) {
      started.add(start("--wait-for", gate.toString(), home.toString(), "d", f.toString()));
    }
    for (Child c : started) {
      c.awaitLine(RegisterMain.WAITING, TIMEOUT);
    }
    Files.createFile(gate);
    return started;
  }

  // ---------------------------------------------------------------- threads

  @Test
  void threads_adding_different_content_get_distinct_contiguous_versions() throws Exception {
    DatasetStore store = DatasetStore.open(home);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      files.add(csv("t" + i, 100 + i));
    }

    List<Registration> registrations = registerAtOnce(store, files);

    Map<Integer, Path> byVersion = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      Registration r = registrations.get(i);
      assertThat(r.created()).isTrue();
      assertThat(byVersion.put(r.manifest().version(), files.get(i)))
          .as("two threads got version %d", r.manifest().version())
          .isNull();
    }
    assertThat(byVersion).containsOnlyKeys(1, 2, 3, 4);
    assertStoreHolds(store, "d", byVersion);
  }

  @Test
  void threads_adding_the_same_content_get_one_version() throws Exception {
    DatasetStore store = DatasetStore.open(home);
    Path a = csv("a", 1);
    // The same content also under a different file name, which is not a shortcut by file hash.
    Path copy = work.resolve("copy-of-a.csv");
    Files.copy(a, copy);

    List<Registration> registrations = registerAtOnce(store, List.of(a, a, copy, a));

    assertThat(registrations).allSatisfy(r -> assertThat(r.manifest().version()).isEqualTo(1));
    assertThat(registrations.stream().filter(Registration::created).count()).isEqualTo(1);
    assertThat(store.versions("d")).hasSize(1);
    DatasetManifest.Source source = store.versions("d").get(0).source().orElseThrow();
    assertThat(source.sha256()).isEqualTo(Hashing.sha256(a));
    assertThat(incoming(store.root().resolve("d"))).isEmpty();
  }

  @Test
  void threads_adding_two_contents_twice_each_get_two_versions() throws Exception {
    DatasetStore store = DatasetStore.open(home);
    Path a = csv("a", 1);
    Path b = csv("b", 2);

    List<Registration> registrations = registerAtOnce(store, List.of(a, b, a, b));

    Map<Integer, Path> byVersion = new HashMap<>();
    for (int i = 0; i < registrations.size(); i++) {
      Path f = List.of(a, b, a, b).get(i);
      Path before = byVersion.putIfAbsent(registrations.get(i).manifest().version(), f);
      assertThat(before).isIn(null, f);
    }
    assertThat(byVersion).containsOnlyKeys(1, 2);
    assertThat(registrations.stream().filter(Registration::created).count()).isEqualTo(2);
    assertStoreHolds(store, "d", byVersion);
  }

  /** Registers each file as {@code d} on its own thread, all released at once. */
  private static List<Registration> registerAtOnce(DatasetStore store, List<Path> files)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(files.size());
    try {
      CyclicBarrier start = new CyclicBarrier(files.size());
      List<Future<Registration>> futures = new ArrayList<>();
      for (Path f : files) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return register(store, "d", f);
                }));
      }
      List<Registration> out = new ArrayList<>();
      for (Future<Registration> f : futures) {
        out.add(f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- checks

  /**
   * Checks that {@code name} has exactly the versions of {@code byVersion}, numbered 1..n, each the
   * child of the one before, each holding exactly the content of its CSV (source checksum, size,
   * rows, and the content hash of what loads), and that no incoming directory is left.
   */
  private static void assertStoreHolds(
      DatasetStore store, String name, Map<Integer, Path> byVersion) throws IOException {
    List<DatasetManifest> versions = store.versions(name);
    assertThat(versions.stream().map(DatasetManifest::version).toList())
        .isEqualTo(IntStream.rangeClosed(1, byVersion.size()).boxed().toList());
    for (DatasetManifest m : versions) {
      Path csv = byVersion.get(m.version());
      assertThat(m.parentVersion())
          .isEqualTo(m.version() == 1 ? Optional.empty() : Optional.of(m.version() - 1));
      DatasetManifest.Source source = m.source().orElseThrow();
      assertThat(source.sha256()).as("source of %s", m.ref()).isEqualTo(Hashing.sha256(csv));
      assertThat(source.sizeBytes()).isEqualTo(Files.size(csv));
      assertThat(m.rows()).isEqualTo(ROWS);
      store.verify(m.ref());
      String expected =
          ContentHash.of(
              CsvReader.read(csv, CsvOptions.defaults(), java.util.Optional.empty()).dataset());
      assertThat(m.contentSha256()).isEqualTo(expected);
      assertThat(ContentHash.of(store.load(m.ref())))
          .as("content of %s", m.ref())
          .isEqualTo(expected);
    }
    assertThat(incoming(store.root().resolve(name))).as("incoming leftovers").isEmpty();
  }

  private static List<Path> incoming(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(p -> p.getFileName().toString().startsWith(".incoming-")).toList();
    }
  }

  private static Registration register(DatasetStore store, String name, Path csv) {
    return store.register(
        name, csv, CsvOptions.defaults(), java.util.Optional.empty(), RegisterOptions.defaults());
  }

  private Path csv(String name, long seed) {
    return RegisterMain.writeCsv(work.resolve(name + ".csv"), ROWS, seed);
  }
}
