package dev.boostline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boostline.registry.local.LocalModelRegistry;
import dev.boostline.testing.TestModels;
import dev.boostline.util.internal.json.Json;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.columns.Column;

/**
 * {@code boostline serve} from the packaged jar, in its own JVM, stopped with SIGTERM the way a
 * container runtime stops it: readiness turns true once the model is loaded; on SIGTERM the server
 * stops accepting connections at once, still answers the requests in flight, and exits 0.
 *
 * <p>The requests in flight are made deterministic: each sends half of its body before the signal
 * and the rest in small pieces over the {@value #TRICKLE_MILLIS} ms after it, so the server is
 * provably handling them (its in-flight gauge says so) while it shuts down, and must stay up until
 * they are answered. The pieces are at most 100 ms apart: during shutdown Jetty gives a connection
 * that stays silent for a second a 408 (its shutdown idle timeout), which is fair to a stalled
 * client but not what this test is about.
 *
 * <p>Every request here is made on its own connection with {@code Connection: close}, so no idle
 * keep-alive connection delays the shutdown and the timings printed are the server's own.
 */
@Tag("slow")
class ServeProcessTest {
  private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");
  private static final int IN_FLIGHT = 3;
  private static final int RECORDS = 200;
  private static final int PIECES = 15;
  private static final int TRICKLE_MILLIS = 1500;

  @TempDir Path home;
  @TempDir Path logs;

  @Test
  void sigterm_stops_accepting_finishes_requests_in_flight_and_exits_0() throws Exception {
    Path jar = Path.of("target/boostline.jar").toAbsolutePath();
    assertThat(jar).as("run after `mvn package`").exists();
    LocalModelRegistry registry = LocalModelRegistry.open(home);
    var v = registry.register("income", TestModels.adult(20, 4), Optional.empty());
    registry.setAlias("income", "production", v.version(), "test", Optional.empty());

    Path err = logs.resolve("stderr.txt");
    long launched = System.nanoTime();
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "--home",
                home.toString(),
                "serve",
                "--model",
                "income@production",
                "--port",
                "0")
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    List<String> out = new CopyOnWriteArrayList<>();
    CompletableFuture<Integer> listening = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  out.add(line);
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    listening.complete(Integer.parseInt(m.group(1)));
                  }
                }
              } catch (IOException e) {
                listening.completeExceptionally(e);
              }
              listening.completeExceptionally(new IllegalStateException("stdout ended: " + out));
            },
            "serve-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      int port = listening.get(60, TimeUnit.SECONDS);

      // Ready once the model is loaded; before that, only 503 (or not listening) is acceptable.
      List<Integer> before = new ArrayList<>();
      Optional<Http> ready = Optional.empty();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (ready.isEmpty() && System.nanoTime() < deadline) {
        Optional<Http> r = get(port, "/v2/health/ready");
        if (r.isPresent() && r.get().status() == 200) {
          ready = r;
        } else {
          before.add(r.map(Http::status).orElse(-1));
          Thread.sleep(50);
        }
      }
      double readySeconds = (System.nanoTime() - launched) / 1e9;
      assertThat(ready).as("ready within 60 s; stderr:\n%s", stderr(err)).isPresent();
      assertThat(Json.mapper().readTree(ready.get().body()).path("ready").asBoolean()).isTrue();
      assertThat(before).as("readiness before the model was loaded").isSubsetOf(503, -1);

      byte[] body =
          Json.toLine(Map.of("records", records(RECORDS))).getBytes(StandardCharsets.UTF_8);
      int half = body.length / 2;
      List<Socket> inFlight = new ArrayList<>();
      try {
        for (int i = 0; i < IN_FLIGHT; i++) {
          Socket s = new Socket("127.0.0.1", port);
          s.setSoTimeout(30_000);
          OutputStream o = s.getOutputStream();
          o.write(
              ("POST /v1/models/income/score HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      + "Content-Type: application/json\r\nConnection: close\r\n"
                      + "Content-Length: "
                      + body.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          o.write(body, 0, half);
          o.flush();
          inFlight.add(s);
        }
        awaitInFlight(port, IN_FLIGHT);

        // Process.destroy() would also close our end of the child's stdout; the handle only
        // signals.
        long signalled = System.nanoTime();
        assertThat(p.toHandle().destroy()).as("SIGTERM sent").isTrue();
        long refusedAt = awaitRefused(port, signalled + TimeUnit.SECONDS.toNanos(10));

        for (int k = 0; k < PIECES; k++) {
          Thread.sleep(TRICKLE_MILLIS / PIECES);
          if (k == PIECES - 1) {
            assertThat(p.isAlive())
                .as("still running %d ms after SIGTERM, requests in flight", millis(signalled))
                .isTrue();
          }
          int from = half + (body.length - half) * k / PIECES;
          int to = half + (body.length - half) * (k + 1) / PIECES;
          for (Socket s : inFlight) {
            s.getOutputStream().write(body, from, to - from);
            s.getOutputStream().flush();
          }
        }
        for (Socket s : inFlight) {
          Http r = read(s);
          assertThat(r.status()).as("in-flight request after SIGTERM: %s", r.body()).isEqualTo(200);
          JsonNode json = Json.mapper().readTree(r.body());
          assertThat(json.path("predictions")).hasSize(RECORDS);
          assertThat(json.path("version").asInt()).isEqualTo(v.version());
        }
        long answered = millis(signalled);

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s of SIGTERM").isTrue();
        long exited = millis(signalled);
        assertThat(p.exitValue()).as("exit code; stderr:\n%s", stderr(err)).isZero();
        reader.join(5_000);
        assertThat(out).as("stdout; stderr:\n%s", stderr(err)).contains("stopped");
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
            .isInstanceOf(ConnectException.class);
        System.out.printf(
            Locale.ROOT,
            "serve: ready %.1f s after launch (%d earlier readiness answers: %s); after SIGTERM,"
                + " new connections refused within %d ms, %d in-flight requests of %d records"
                + " (bodies finished over %d ms) answered 200 at %d ms, exit 0 at %d ms%n",
            readySeconds,
            before.size(),
            before.stream().distinct().toList(),
            (refusedAt - signalled) / 1_000_000,
            IN_FLIGHT,
            RECORDS,
            TRICKLE_MILLIS,
            answered,
            exited);
      } finally {
        for (Socket s : inFlight) {
          s.close();
        }
      }
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static long millis(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }

  /** Waits until the server's gauge counts {@code n} scoring requests in progress. */
  private static void awaitInFlight(int port, int n) throws Exception {
    String want = "boostline_requests_inflight " + n + ".0";
    String metrics = "";
    for (int i = 0; i < 200 && !metrics.contains(want); i++) {
      Thread.sleep(20);
      metrics = get(port, "/metrics").map(Http::body).orElse("");
    }
    assertThat(metrics).as("the requests are in flight").contains(want);
  }

  /** Polls until a new connection is refused; returns when (nanoTime). */
  private static long awaitRefused(int port, long deadline) throws Exception {
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      } catch (ConnectException e) {
        return System.nanoTime();
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the server still accepts connections 10 s after SIGTERM");
  }

  private record Http(int status, String body) {}

  /** A GET on a new connection closed after the response; empty when nothing listens. */
  private static Optional<Http> get(int port, String path) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      return Optional.of(read(s));
    } catch (ConnectException e) {
      return Optional.empty();
    }
  }

  /** Reads a whole HTTP/1.1 response from a connection the server closes after it. */
  private static Http read(Socket s) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    s.getInputStream().transferTo(buf);
    String text = buf.toString(StandardCharsets.UTF_8);
    int split = text.indexOf("\r\n\r\n");
    assertThat(split).as("a complete response: %s", text).isPositive();
    String head = text.substring(0, split);
    String body = text.substring(split + 4);
    int status = Integer.parseInt(head.split(" ", 3)[1]);
    if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
      StringBuilder b = new StringBuilder();
      int at = 0;
      while (true) {
        int eol = body.indexOf("\r\n", at);
        int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
        if (size == 0) {
          break;
        }
        b.append(body, eol + 2, eol + 2 + size);
        at = eol + 2 + size + 2;
      }
      body = b.toString();
    }
    return new Http(status, body);
  }

  private static List<Map<String, Object>> records(int count) {
    var table = TestModels.adultSample().table();
    List<Map<String, Object>> out = new ArrayList<>();
    for (int r = 0; r < count; r++) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Column<?> c : table.columns()) {
        m.put(c.name(), c.isMissing(r) ? null : c.get(r));
      }
      out.add(m);
    }
    return out;
  }

  private static String stderr(Path err) {
    try {
      return Files.readString(err, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
