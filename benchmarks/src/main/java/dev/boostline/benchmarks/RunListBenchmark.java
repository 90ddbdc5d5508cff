package dev.boostline.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boostline.Boostline;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.data.store.RegisterOptions;
import dev.boostline.features.FeatureSpec;
import dev.boostline.tracking.RunStore;
import dev.boostline.train.TrainOptions;
import dev.boostline.train.XgbParams;
import dev.boostline.ui.UiConfig;
import dev.boostline.ui.UiServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Listing many runs in the UI: the first page of {@code /runs} (newest 50 of N), a page sorted by a
 * metric, and a later page, served from the UI's run index (cold: the first request after the UI
 * starts reads every record; warm: later requests re-read only changed runs), against the baseline
 * of reading every run record per listing ({@code RunStore.list}, what a page without an index
 * would do). One training run is made for real; the rest are copies of its directory with new ids
 * (the same size on disk as real runs: run.json, metrics.jsonl, artifacts).
 *
 * <p>Arguments: {@code [runs] [--rounds R]} (default 10,000 runs, 5 rounds). Prints a Markdown
 * table of medians (min-max) per operation and the ratios inside this run.
 */
public final class RunListBenchmark {
  private RunListBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 10_000;
    int rounds = 5;
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--rounds")) {
        rounds = Integer.parseInt(args[i + 1]);
      }
    }
    Path home = Files.createTempDirectory("boostline-runlist-");
    try {
      makeHome(home, runs);
      System.out.println(report(home, runs, rounds));
    } finally {
      try (Stream<Path> walk = Files.walk(home)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** One real run, then {@code n - 1} copies of its directory under new, ordered ids. */
  static void makeHome(Path home, int n) throws IOException {
    Boostline b = Boostline.open(home);
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    DoubleColumn x = DoubleColumn.create("x");
    StringColumn y = StringColumn.create("y");
    for (int i = 0; i < 500; i++) {
      double v = r.nextDouble();
      x.append(v);
      y.append(r.nextDouble() < v ? "yes" : "no");
    }
    b.registerDataset("bench", Table.create("bench", x, y), RegisterOptions.defaults());
    String template =
        b.train(
                DatasetRef.parse("bench"),
                TrainOptions.builder(FeatureSpec.forTarget("y"))
                    .params(XgbParams.builder().rounds(20).seed(1).nthread(1).build())
                    .build())
            .run()
            .runId();
    Path runsDir = RunStore.open(home).root();
    Path src = runsDir.resolve(template);
    ObjectMapper json = new ObjectMapper();
    ObjectNode record = (ObjectNode) json.readTree(src.resolve("run.json").toFile());
    LocalDateTime t0 = LocalDateTime.of(2026, 1, 1, 0, 0);
    DateTimeFormatter id = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);
    for (int i = 1; i < n; i++) {
      String runId = t0.plusSeconds(i).format(id) + "-" + String.format(Locale.ROOT, "%06x", i);
      Path dst = runsDir.resolve(runId);
      Files.createDirectories(dst.resolve("artifacts"));
      record.put("runId", runId);
      record.put("startedAt", t0.plusSeconds(i).toInstant(ZoneOffset.UTC).toString());
      ((ObjectNode) record.get("metrics").get("valid")).put("auc", 0.5 + 0.5 * r.nextDouble());
      Files.write(dst.resolve("run.json"), json.writeValueAsBytes(record));
      Files.copy(src.resolve("metrics.jsonl"), dst.resolve("metrics.jsonl"));
    }
  }

  static String report(Path home, int runs, int rounds) throws Exception {
    RunStore store = RunStore.open(home);
    double[] baseline = new double[rounds];
    for (int k = 0; k < rounds; k++) {
      long t = System.nanoTime();
      int listed = store.list(Optional.empty()).size();
      baseline[k] = (System.nanoTime() - t) / 1e6;
      check(listed == runs, "RunStore.list saw " + listed + " runs, expected " + runs);
    }
    double[] cold = new double[rounds];
    double[] warmFirst = new double[rounds];
    double[] warmSorted = new double[rounds];
    double[] warmLater = new double[rounds];
    HttpClient http = HttpClient.newHttpClient();
    for (int k = 0; k < rounds; k++) {
      try (UiServer ui = UiServer.create(UiConfig.builder(home).port(0).build()).start()) {
        String base = "http://127.0.0.1:" + ui.port();
        cold[k] = timeGet(http, base + "/runs", runs);
        // Past the index's refresh interval, so warm requests also list and stat every run.
        Thread.sleep(1100);
        warmFirst[k] = timeGet(http, base + "/runs", runs);
        Thread.sleep(1100);
        warmSorted[k] = timeGet(http, base + "/runs?sort=metric:auc&dir=desc", runs);
        Thread.sleep(1100);
        warmLater[k] = timeGet(http, base + "/runs?page=" + Math.max(1, runs / 100), runs);
      }
    }
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT, "Listing %,d runs, %d rounds (median, min-max, ms)%n%n", runs, rounds));
    md.append("| operation | median | min-max | vs baseline |\n|---|---|---|---|\n");
    double b = median(baseline);
    row(md, "baseline: RunStore.list (every record read)", baseline, b);
    row(md, "UI GET /runs, cold (index built)", cold, b);
    row(md, "UI GET /runs, warm (first page)", warmFirst, b);
    row(md, "UI GET /runs, warm, sorted by auc", warmSorted, b);
    row(md, "UI GET /runs, warm, a later page", warmLater, b);
    return md.toString();
  }

  private static double timeGet(HttpClient http, String url, int runs) throws Exception {
    long t = System.nanoTime();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    double ms = (System.nanoTime() - t) / 1e6;
    check(r.statusCode() == 200, url + " answered " + r.statusCode());
    check(
        r.body().contains(String.format(Locale.ROOT, "%,d runs", runs)),
        url + " does not list " + runs + " runs");
    return ms;
  }

  private static void row(StringBuilder md, String name, double[] v, double baseline) {
    double m = median(v);
    md.append(
        String.format(
            Locale.ROOT,
            "| %s | %.1f | %.1f-%.1f | %.3fx |%n",
            name,
            m,
            Arrays.stream(v).min().orElse(0),
            Arrays.stream(v).max().orElse(0),
            m / baseline));
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException(what);
    }
  }
}
