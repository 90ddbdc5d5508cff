package dev.boostline.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.boostline.testing.ResidentMemory;
import dev.boostline.testing.TestModels;
import dev.boostline.util.internal.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sustained load keeps the server's resident memory flat: client threads post single records and
 * small batches to {@code /v1/models/{name}/score} (a quarter of them with {@code ?explain=true})
 * and {@code /invocations} for {@value #DEFAULT_SECONDS} s (system property {@value
 * #SECONDS_PROPERTY}), VmRSS of the process is sampled every {@code seconds / 60} s, and after a
 * warm-up of the first quarter the memory outside the Java heap does not grow from the first to the
 * last third of the remaining samples (medians). No request may fail.
 *
 * <p>What is asserted is VmRSS minus the resident pages of the Java heap (counted in {@code
 * /proc/self/smaps} over the heap's address range): that is where native memory (xgboost4j's
 * DMatrix and Booster, Jetty's direct buffers), metaspace and code live. The heap itself is bounded
 * by {@code -Xmx} and G1 grows it with the allocation rate for tens of seconds (here from about 100
 * to 230 MiB, sometimes after a short warm-up): counting it would make the test measure the
 * collector's sizing policy, not a leak. The series printed show both.
 *
 * <p>Why the bound of {@value #BOUND_MIB} MiB catches the leak it is meant to catch (the xgboost4j
 * native-memory pitfall, dmlc/xgboost#12545): a DMatrix created per call and never disposed costs
 * about {@value #LEAKED_DMATRIX_BYTES} bytes of native memory for one 14-column record (measured
 * with xgboost4j 3.4.0: 50,000 undisposed 1 x 14 matrices, each used for one {@code
 * Booster.predict}, added 314 MiB of RSS; 50,000 in-place predictions added 0.2 MiB). Calls into
 * xgboost are every request with the native engine, and the SHAP requests (a DMatrix each) with the
 * pure-Java one. The test asserts that the calls made between the two medians would have leaked
 * more than the bound, so it cannot pass merely because too few were made; on a two-core machine a
 * per-call leak would exceed it several times over. What remains inside the bound is JIT, allocator
 * arenas and buffer pools filling up.
 *
 * <p>The client runs in the same process, so its memory counts too: a leak on either side fails.
 */
@Tag("slow")
class SoakTest {
  static final String SECONDS_PROPERTY = "boostline.soak.seconds";
  static final int DEFAULT_SECONDS = 120;
  static final int BOUND_MIB = 64;
  static final int LEAKED_DMATRIX_BYTES = 6 * 1024;
  private static final int CLIENTS = 4;

  @TempDir Path home;

  /**
   * One reading: seconds since the load started, VmRSS, the resident part of the Java heap (KiB),
   * requests answered, and how many of them called into xgboost. {@code rssKib - heapKib} is the
   * memory outside the heap: native allocations (xgboost), metaspace, code cache, thread stacks.
   */
  private record Sample(
      double seconds, long rssKib, long heapKib, long requests, long nativeCalls) {
    long offHeapKib() {
      return rssKib - heapKib;
    }
  }

  @Test
  void resident_memory_stays_flat_under_sustained_scoring_load() throws Exception {
    assumeTrue(ResidentMemory.readable(), "no /proc/self/status: resident memory is not readable");
    int seconds = Integer.getInteger(SECONDS_PROPERTY, DEFAULT_SECONDS);
    assertThat(seconds).as(SECONDS_PROPERTY).isGreaterThanOrEqualTo(20);
    long sampleMillis = Math.max(1000, seconds * 1000L / 60);
    double warmUp = seconds / 4.0;

    ServerFixture.register(home, "income", TestModels.adult(20, 4), "production");
    List<Map<String, Object>> records = ServerFixture.adultRecords(1000);
    List<String> singles = new ArrayList<>();
    List<String> batches = new ArrayList<>();
    List<String> mlflow = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      singles.add(Json.toLine(Map.of("records", records.subList(i, i + 1))));
      if (i % 5 == 0) {
        batches.add(Json.toLine(Map.of("records", records.subList(i, i + 5))));
        int n = 1 + i / 5 % 3;
        mlflow.add(Json.toLine(Map.of("dataframe_records", records.subList(i, i + n))));
      }
    }

    try (ServerFixture f =
        new ServerFixture(home, ServerFixture.config(home, "income@production"), null).start()) {
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong ok = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      AtomicLong rows = new AtomicLong();
      AtomicLong explained = new AtomicLong();
      // Requests whose connection closed before any response byte came (retried once, as the
      // README's "Clients" section tells users to): counted, bounded, not hidden.
      AtomicLong lost = new AtomicLong();
      String engine = f.get("/v1/models").json().path("models").get(0).path("engine").asText();
      List<String> failures = new CopyOnWriteArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      for (int t = 0; t < CLIENTS; t++) {
        int client = t;
        pool.submit(
            () -> {
              for (long j = 0; running.get(); j++) {
                // Every client cycles through the four kinds of request, each from its own place.
                int k = (int) ((client + j) % 4);
                long i = j * CLIENTS + client;
                String path =
                    switch (k) {
                      case 0 -> "/invocations";
                      case 3 -> "/v1/models/income/score?explain=true";
                      default -> "/v1/models/income/score";
                    };
                List<String> bodies = k == 0 ? mlflow : k == 1 ? batches : singles;
                String body = bodies.get((int) (i % bodies.size()));
                try {
                  var r = postRetryingOnce(f, path, body, lost);
                  int n = r.status() == 200 ? r.json().path("predictions").size() : 0;
                  if (n > 0 && (k != 3 || r.json().path("explanations").size() == n)) {
                    ok.incrementAndGet();
                    rows.addAndGet(n);
                    if (k == 3) {
                      explained.incrementAndGet();
                    }
                    continue;
                  }
                  note(failures, path + " -> " + r.status() + " " + r.text());
                } catch (RuntimeException e) {
                  note(failures, path + " -> " + e);
                }
                failed.incrementAndGet();
              }
            });
      }

      HeapPages heap = HeapPages.find();
      List<Sample> samples = new ArrayList<>();
      long start = System.nanoTime();
      long deadline = start + seconds * 1_000_000_000L;
      while (System.nanoTime() < deadline) {
        Thread.sleep(sampleMillis);
        long requests = ok.get() + failed.get();
        samples.add(
            new Sample(
                (System.nanoTime() - start) / 1e9,
                ResidentMemory.rssKib(),
                heap.residentKib(),
                requests,
                engine.equals("native") ? requests : explained.get()));
      }
      running.set(false);
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      double elapsed = (System.nanoTime() - start) / 1e9;

      // The server counted exactly what the clients saw.
      String metrics = f.get("/metrics").text();
      double served =
          metrics
              .lines()
              .filter(l -> l.startsWith("boostline_requests_total{"))
              .filter(l -> l.contains("outcome=\"success\""))
              .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
              .sum();

      List<Sample> after = samples.stream().filter(s -> s.seconds() > warmUp).toList();
      int third = after.size() / 3;
      List<Sample> first = after.subList(0, third);
      List<Sample> last = after.subList(after.size() - third, after.size());
      long rssGrowth = median(last, Sample::rssKib) - median(first, Sample::rssKib);
      long heapGrowth = median(last, Sample::heapKib) - median(first, Sample::heapKib);
      long offHeapGrowth = median(last, Sample::offHeapKib) - median(first, Sample::offHeapKib);
      long measured =
          last.get(last.size() / 2).nativeCalls() - first.get(first.size() / 2).nativeCalls();
      Sample warm = after.get(0);
      Sample end = samples.get(samples.size() - 1);
      System.out.printf(
          Locale.ROOT,
          "soak: %d clients, %.0f s, %d requests (%d rows, %d with SHAP), %.0f requests/s overall,"
              + " %.0f after the %.0f s warm-up; %d failed; %d retried after the connection"
              + " closed without a response; scoring engine %s%n"
              + "soak: every %.0f s, VmRSS MiB %s%n"
              + "soak: of which Java heap resident MiB %s%n"
              + "soak: outside the heap MiB %s%n"
              + "soak: growth from the first to the last post-warm-up third (medians): VmRSS %.1f"
              + " MiB, heap %.1f MiB, outside the heap %.1f MiB (bound %d MiB); %d calls into xgboost"
              + " between the medians would leak %.0f MiB at %d bytes each%n",
          CLIENTS,
          elapsed,
          ok.get() + failed.get(),
          rows.get(),
          explained.get(),
          (ok.get() + failed.get()) / elapsed,
          (end.requests() - warm.requests()) / (end.seconds() - warm.seconds()),
          warmUp,
          failed.get(),
          lost.get(),
          engine,
          sampleMillis / 1000.0,
          mib(samples, Sample::rssKib),
          mib(samples, Sample::heapKib),
          mib(samples, Sample::offHeapKib),
          rssGrowth / 1024.0,
          heapGrowth / 1024.0,
          offHeapGrowth / 1024.0,
          BOUND_MIB,
          measured,
          measured * (double) LEAKED_DMATRIX_BYTES / (1 << 20),
          LEAKED_DMATRIX_BYTES);

      assertThat(failures).as("failed requests (first few)").isEmpty();
      assertThat(failed.get()).isZero();
      // A request lost with its connection may or may not have reached the server.
      assertThat(served)
          .as("successes counted by the server")
          .isBetween((double) ok.get(), (double) (ok.get() + lost.get()));
      assertThat(lost.get())
          .as("requests lost with their connection, at most 1 in 50,000 (5 at least)")
          .isLessThanOrEqualTo(Math.max(5, (ok.get() + failed.get()) / 50_000));
      assertThat(metrics).doesNotContain("outcome=\"server_error\"");
      assertThat(first).as("samples in the first post-warm-up third").hasSizeGreaterThan(2);
      assertThat(measured * (long) LEAKED_DMATRIX_BYTES)
          .as("bytes a DMatrix leaked per call into xgboost would add between the medians")
          .isGreaterThan((long) BOUND_MIB << 20);
      assertThat(offHeapGrowth)
          .as("growth of VmRSS outside the Java heap after warm-up, KiB")
          .isLessThan((long) BOUND_MIB << 10);
    }
  }

  /**
   * Posts, and once more when the connection closed before any response byte came (the race between
   * a client reusing a pooled connection and the server closing it, which a client must handle; see
   * serving/README.md, "Clients").
   */
  private static ServerFixture.Response postRetryingOnce(
      ServerFixture f, String path, String body, AtomicLong lost) {
    try {
      return f.post(path, body);
    } catch (java.io.UncheckedIOException e) {
      if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
        throw e;
      }
      lost.incrementAndGet();
      return f.post(path, body);
    }
  }

  private static void note(List<String> failures, String what) {
    if (failures.size() < 5) {
      failures.add(what);
    }
  }

  private static long median(List<Sample> samples, ToLongFunction<Sample> value) {
    long[] v = samples.stream().mapToLong(value).toArray();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  private static List<Long> mib(List<Sample> samples, ToLongFunction<Sample> kib) {
    return samples.stream().map(s -> kib.applyAsLong(s) >> 10).toList();
  }

  /**
   * The address range of the Java heap as the collector reports it ({@code jcmd GC.heap_info}), to
   * count the heap's resident pages in {@code /proc/self/smaps}.
   */
  private record HeapPages(long from, long to) {
    private static final Path SMAPS = Path.of("/proc/self/smaps");

    static HeapPages find() throws Exception {
      Object info =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "gcHeapInfo",
                  new Object[] {null},
                  new String[] {String[].class.getName()});
      Matcher m =
          Pattern.compile("\\[0x([0-9a-f]+), 0x([0-9a-f]+)\\)").matcher(String.valueOf(info));
      assumeTrue(m.find() && Files.isReadable(SMAPS), "heap range not reported: " + info);
      return new HeapPages(
          Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16));
    }

    /** Resident KiB of the mappings inside the heap range. */
    long residentKib() {
      long kib = 0;
      boolean inside = false;
      try {
        for (String line : Files.readAllLines(SMAPS)) {
          char c = line.isEmpty() ? ' ' : line.charAt(0);
          if (Character.digit(c, 16) >= 0 && !Character.isUpperCase(c)) {
            int dash = line.indexOf('-');
            int space = line.indexOf(' ');
            long start = Long.parseUnsignedLong(line.substring(0, dash), 16);
            long end = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
            inside = start < to && end > from;
          } else if (inside && line.startsWith("Rss:")) {
            kib += Long.parseLong(line.substring(4).replace("kB", "").trim());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return kib;
    }
  }
}
