package dev.boostline.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.boostline.registry.local.LocalModelRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Single-record scoring over HTTP, side by side in one run: Boostline's server with the pure-Java
 * evaluator and with xgboost4j, the Python peer (FastAPI + uvicorn + xgboost from Debian, {@code
 * peers/fastapi_peer.py}, same model file), and the ceiling (a bare Javalin endpoint that parses
 * the JSON and writes the record back). Every server runs pinned to core 0 ({@code taskset}); the
 * load generator, wrk with two threads and 16 connections (as in PERF.md), runs pinned to core 1.
 *
 * <p>Method: each server gets a warm-up of {@code --warmup} seconds (60 by default: on one core the
 * JIT needs that long), then {@code --rounds} rounds (3) in which every server is measured once for
 * {@code --seconds} (20) after a 5 s re-warm, the order rotating each round. Requests/s, p50 and
 * p99 latency (wrk's) are reported as medians over the rounds. Before any load the four answers to
 * the benchmark record are compared: Java and native engines must agree bit for bit, the peer
 * within 1e-6.
 *
 * <p>Needs {@code wrk}, {@code taskset} and Debian's {@code python3-fastapi}, {@code
 * python3-uvicorn}, {@code python3-xgboost}; writes {@code results/http.md}.
 */
public final class HttpBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PYTHON = "/usr/bin/python3";
  private static final int CONNECTIONS = 16;

  private HttpBenchmark() {}

  /** One server under test. */
  private record Server(String name, String description, int port, Process process) {
    URI uri() {
      return URI.create("http://127.0.0.1:" + port + "/v1/models/higgs/score");
    }
  }

  /** One wrk run: requests/s, latency percentiles, and non-2xx responses plus socket errors. */
  record Load(double rps, double p50Micros, double p99Micros, long errors) {}

  public static void main(String[] args) throws Exception {
    int warmup = intOption(args, "--warmup", 60);
    int rounds = intOption(args, "--rounds", 3);
    int seconds = intOption(args, "--seconds", 20);
    boolean standard = warmup >= 60 && rounds >= 3 && seconds >= 20;
    requireTools();
    Path work = Path.of("target/scoring").toAbsolutePath();
    Path home = HiggsModel.home(work);
    Map<String, Object> record = HiggsModel.records(work, 1).get(0);
    String body = JSON.writeValueAsString(Map.of("records", List.of(record)));
    Path lua = work.resolve("post.lua");
    Files.writeString(
        lua,
        "wrk.method = \"POST\"\n"
            + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
            + "wrk.body = [==["
            + body
            + "]==]\n");
    List<String> featureNames =
        LocalModelRegistry.open(home)
            .bundle(HiggsModel.production())
            .manifest()
            .features()
            .featureNames();

    List<Server> servers = new ArrayList<>();
    try {
      servers.add(
          java("boostline-java", "Boostline `serve`, pure-Java evaluator (default)", "java", home));
      servers.add(
          java(
              "boostline-native", "Boostline `serve --engine native` (xgboost4j)", "native", home));
      servers.add(python(work, HiggsModel.modelFile(home), featureNames));
      servers.add(
          java("bare-json", "bare Javalin: parse the JSON, write the record back", "bare", home));
      for (Server s : servers) {
        awaitReady(s, body);
      }
      String agreement = checkAgreement(servers, body);
      System.out.println(agreement);

      Map<String, List<Load>> loads = new LinkedHashMap<>();
      for (Server s : servers) {
        System.out.printf(Locale.ROOT, "warm-up %s %d s%n", s.name(), warmup);
        wrk(s, lua, warmup);
        loads.put(s.name(), new ArrayList<>());
      }
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < servers.size(); i++) {
          Server s = servers.get((i + r) % servers.size());
          wrk(s, lua, 5);
          Load l = wrk(s, lua, seconds);
          System.out.printf(
              Locale.ROOT,
              "round %d %-16s %8.0f req/s  p50 %7.0f us  p99 %7.0f us%n",
              r,
              s.name(),
              l.rps(),
              l.p50Micros(),
              l.p99Micros());
          loads.get(s.name()).add(l);
        }
      }
      String md = report(servers, loads, agreement, body.length(), warmup, rounds, seconds);
      System.out.print(md);
      Path out = standard ? Path.of("results/http.md") : work.resolve("http-" + warmup + "s.md");
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, md, StandardCharsets.UTF_8);
      System.out.println("written to " + out.toAbsolutePath());
    } finally {
      for (Server s : servers) {
        s.process().destroy();
        s.process().waitFor(10, TimeUnit.SECONDS);
        s.process().destroyForcibly();
      }
    }
  }

  private static String report(
      List<Server> servers,
      Map<String, List<Load>> loads,
      String agreement,
      int bodyBytes,
      int warmup,
      int rounds,
      int seconds) {
    StringBuilder md = new StringBuilder();
    md.append("# Single-record scoring over HTTP\n\n");
    md.append("- date: ").append(Instant.now()).append('\n');
    md.append(
            "- model: HIGGS-like binary logistic, 200 trees of depth 6; one held-out record per request"
                + " (28 features, ")
        .append(bodyBytes)
        .append(" bytes of JSON)\n");
    md.append(
        String.format(
            Locale.ROOT,
            "- servers pinned to core 0, wrk 4.1 (2 threads, %d connections) pinned to core 1;"
                + " %d s warm-up per server, then %d rounds of %d s per server (after 5 s of"
                + " re-warm), order rotating; medians over the rounds%n",
            CONNECTIONS,
            warmup,
            rounds,
            seconds));
    md.append("- ").append(agreement).append("\n\n");
    md.append("| server | req/s (median) | p50 µs | p99 µs | req/s per round | errors |\n");
    md.append("|---|---:|---:|---:|---|---:|\n");
    Map<String, double[]> med = new LinkedHashMap<>();
    for (Server s : servers) {
      List<Load> l = loads.get(s.name());
      double rps = median(l.stream().map(Load::rps).toList());
      double p50 = median(l.stream().map(Load::p50Micros).toList());
      double p99 = median(l.stream().map(Load::p99Micros).toList());
      long errors = l.stream().mapToLong(Load::errors).sum();
      med.put(s.name(), new double[] {rps, p50, p99});
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.0f | %.0f | %.0f | %s | %d |%n",
              s.description(),
              rps,
              p50,
              p99,
              l.stream().map(x -> String.format(Locale.ROOT, "%.0f", x.rps())).toList(),
              errors));
    }
    double[] peer = med.get("fastapi");
    double[] bare = med.get("bare-json");
    md.append("\n| target | measured | verdict |\n|---|---|---|\n");
    for (String name : List.of("boostline-java", "boostline-native")) {
      double[] b = med.get(name);
      md.append(
          String.format(
              Locale.ROOT,
              "| issue 5: %s >= 1.5x the peer's req/s, p99 lower | %.2fx, p99 %.0f vs %.0f µs | %s |%n",
              name,
              b[0] / peer[0],
              b[2],
              peer[2],
              b[0] >= 1.5 * peer[0] && b[2] < peer[2] ? "met" : "**not met**"));
    }
    double[] j = med.get("boostline-java");
    md.append(
        String.format(
            Locale.ROOT,
            "| issue 6: boostline-java >= 4x the peer's req/s, p99 lower | %.2fx, p99 %.0f vs %.0f µs | %s |%n",
            j[0] / peer[0],
            j[2],
            peer[2],
            j[0] >= 4 * peer[0] && j[2] < peer[2] ? "met" : "**not met**"));
    md.append(
        String.format(
            Locale.ROOT,
            "| issue 6: boostline-java >= 60%% of the bare-JSON ceiling | %.0f%% | %s |%n",
            100 * j[0] / bare[0],
            j[0] >= 0.6 * bare[0] ? "met" : "**not met**"));
    return md.toString();
  }

  private static Server java(String name, String description, String kind, Path home)
      throws IOException {
    int port = freePort();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "taskset",
                "-c",
                "0",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms1g",
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                BenchServer.class.getName(),
                kind,
                Integer.toString(port),
                home.toString()));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(home.resolveSibling(name + ".log").toFile())
            .start();
    return new Server(name, description, port, p);
  }

  private static Server python(Path work, Path model, List<String> features) throws IOException {
    int port = freePort();
    Path peers = Path.of("peers").toAbsolutePath();
    ProcessBuilder pb =
        new ProcessBuilder(
                "taskset",
                "-c",
                "0",
                PYTHON,
                "-m",
                "uvicorn",
                "fastapi_peer:app",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--no-access-log",
                "--log-level",
                "warning")
            .directory(peers.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("fastapi.log").toFile());
    pb.environment().put("BOOSTLINE_PEER_MODEL", model.toString());
    pb.environment().put("BOOSTLINE_PEER_FEATURES", String.join(",", features));
    pb.environment().put("OMP_NUM_THREADS", "1");
    return new Server(
        "fastapi",
        "FastAPI + uvicorn + xgboost " + pythonVersion("xgboost") + " (`async def`)",
        port,
        pb.start());
  }

  private static void awaitReady(Server s, String body) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (!s.process().isAlive()) {
        throw new IllegalStateException(s.name() + " exited; see its log under target/scoring");
      }
      try {
        HttpResponse<String> r = client.send(post(s, body), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(s.name() + " did not answer 200 within 180 s");
  }

  private static HttpRequest post(Server s, String body) {
    return HttpRequest.newBuilder(s.uri())
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** The scores of the benchmark record from every scoring server, compared. */
  private static String checkAgreement(List<Server> servers, String body) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Map<String, Double> score = new LinkedHashMap<>();
    for (Server s : servers) {
      if (s.name().equals("bare-json")) {
        continue;
      }
      JsonNode r =
          JSON.readTree(client.send(post(s, body), HttpResponse.BodyHandlers.ofString()).body());
      JsonNode p = r.path("predictions").path(0).path("probability");
      if (!p.isNumber()) {
        throw new IllegalStateException(s.name() + " answered without a probability: " + r);
      }
      score.put(s.name(), p.asDouble());
    }
    double java = score.get("boostline-java");
    double nat = score.get("boostline-native");
    double peer = score.get("fastapi");
    if ((float) java != (float) nat || Math.abs(peer - nat) > 1e-6 || Double.isNaN(java)) {
      throw new IllegalStateException("the servers disagree on the benchmark record: " + score);
    }
    return String.format(
        Locale.ROOT,
        "answers checked before the load: score %.9f from both Boostline engines (same float32),"
            + " %.9f from the peer",
        java,
        peer);
  }

  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern PCT =
      Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
  private static final Pattern ERRORS =
      Pattern.compile("(?:Non-2xx or 3xx responses|Socket errors):\\s*(.*)");

  private static Load wrk(Server s, Path lua, int seconds) throws Exception {
    Process p =
        new ProcessBuilder(
                "taskset",
                "-c",
                "1",
                "wrk",
                "-t2",
                "-c" + CONNECTIONS,
                "-d" + seconds + "s",
                "--latency",
                "-s",
                lua.toString(),
                s.uri().toString())
            .redirectErrorStream(true)
            .start();
    String out;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      out = String.join("\n", r.lines().toList());
    }
    if (p.waitFor() != 0) {
      throw new IllegalStateException("wrk failed against " + s.name() + ":\n" + out);
    }
    return parseWrk(out);
  }

  /** Reads the figures of wrk's output ({@code --latency}). */
  static Load parseWrk(String out) {
    Matcher m = RPS.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no Requests/sec in wrk's output:\n" + out);
    }
    double rps = Double.parseDouble(m.group(1));
    double p50 = Double.NaN;
    double p99 = Double.NaN; // absent from the output: NaN, and the report shows it
    Matcher pm = PCT.matcher(out);
    while (pm.find()) {
      double v = Double.parseDouble(pm.group(2));
      double micros =
          switch (pm.group(3)) {
            case "us" -> v;
            case "ms" -> v * 1e3;
            default -> v * 1e6;
          };
      if (pm.group(1).equals("50")) {
        p50 = micros;
      } else {
        p99 = micros;
      }
    }
    long errors = 0;
    Matcher em = ERRORS.matcher(out);
    while (em.find()) {
      for (String n : em.group(1).replaceAll("[^0-9]+", " ").trim().split(" ")) {
        if (!n.isEmpty()) {
          errors += Long.parseLong(n);
        }
      }
    }
    return new Load(rps, p50, p99, errors);
  }

  private static void requireTools() throws Exception {
    for (List<String> probe :
        List.of(
            List.of("wrk", "--version"),
            List.of("taskset", "--version"),
            List.of(PYTHON, "-c", "import fastapi, uvicorn, xgboost, numpy"))) {
      Process p;
      try {
        p = new ProcessBuilder(probe).redirectErrorStream(true).start();
      } catch (IOException e) {
        p = null;
      }
      // wrk --version exits 1 after printing its version
      if (p == null || (p.waitFor() != 0 && !probe.get(0).equals("wrk"))) {
        throw new IllegalStateException(
            "missing "
                + probe
                + ": apt-get install wrk util-linux python3-fastapi python3-uvicorn"
                + " python3-xgboost python3-numpy");
      }
    }
  }

  private static String pythonVersion(String module) {
    try {
      Process p =
          new ProcessBuilder(
                  PYTHON, "-c", "import " + module + "; print(" + module + ".__version__)")
              .redirectErrorStream(true)
              .start();
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      p.waitFor();
      return v;
    } catch (IOException e) {
      return "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static int intOption(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }

  private static double median(List<Double> v) {
    return DatasetLoadBenchmark.median(v.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
