package dev.boostline.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.common.JsonForm;
import dev.boostline.data.store.DatasetManifest;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.registry.AliasMove;
import dev.boostline.tracking.RunRecord;
import dev.boostline.ui.internal.Fmt;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UI over a real home, through a real HTTP client: every page shows what the home's files hold,
 * unknown names give a 404 naming them, and the actions refuse a missing key, a cross-site request
 * and a tampered form without changing anything, then move the alias (audited) when all is right.
 */
class UiServerTest {
  private static final String KEY = "s3cret-key";
  @TempDir static Path dir;
  static UiHome h;
  static UiServer ui;
  static HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    h = UiHome.build(dir.resolve("home"));
    ui = UiServer.create(UiConfig.builder(h.dir).port(0).apiKey(KEY).pageSize(10).build()).start();
  }

  @AfterAll
  static void stop() {
    ui.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ui.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(String path, Map<String, String> form, String... headers)
      throws Exception {
    StringBuilder body = new StringBuilder();
    form.forEach(
        (k, v) ->
            body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ui.port() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void dataset_pages_show_versions_schema_profile_and_psi_from_the_store() throws Exception {
    String list = get("/datasets").body();
    assertThat(list).contains("/datasets/loans").contains(">2<");
    DatasetManifest m = h.home.datasets().manifest(DatasetRef.parse("loans@1"));
    String page = get("/datasets/loans/1").body();
    for (String column : m.schema().names()) {
      assertThat(page).contains("data-column=\"" + column + "\"");
    }
    assertThat(page).contains(m.contentSha256()).contains("1,500 rows").contains("synthetic loans");
    assertThat(count(page, "<svg class=\"chart")).isEqualTo(m.schema().size());
    String lineage = get("/datasets/loans").body();
    for (String run : h.runIds.subList(0, 4)) {
      assertThat(lineage).contains(run);
    }
    assertThat(lineage).contains("risk@1").contains("risk@3");
    String diff = get("/datasets/loans/diff?a=1&b=2").body();
    double psi =
        h
            .home
            .datasets()
            .diff(DatasetRef.parse("loans@1"), DatasetRef.parse("loans@2"))
            .columns()
            .stream()
            .filter(c -> c.column().equals("income"))
            .findFirst()
            .orElseThrow()
            .psi()
            .orElseThrow();
    assertThat(diff)
        .contains("data-column=\"income\"")
        .contains(String.format(java.util.Locale.ROOT, "%.4f", psi))
        .contains("psi-bad");
  }

  @Test
  void runs_table_pages_sorts_and_filters_and_a_run_shows_its_record() throws Exception {
    String first = get("/runs").body();
    // Newest first, ten a page: all five on one page here.
    for (String id : h.runIds) {
      assertThat(first).contains("data-run=\"" + id + "\"");
    }
    assertThat(first.indexOf(h.runIds.get(4))).isLessThan(first.indexOf(h.runIds.get(0)));
    String v2 = get("/runs?dataset=loans").body();
    int runs = h.home.runs().ids().size();
    assertThat(count(v2, "data-run="))
        .isEqualTo(h.home.runs().list(java.util.Optional.of("loans")).size())
        .isLessThan(runs);
    // Only the fourth run has depth 2 (the pipeline's run trains at depth 3).
    String search = get("/runs?q=max_depth%3D2").body();
    assertThat(count(search, "data-run=")).isEqualTo(1);
    assertThat(search).contains(h.runIds.get(3));
    String sorted = get("/runs?sort=metric:auc&dir=desc").body();
    List<Double> aucs = new java.util.ArrayList<>();
    Matcher mm = Pattern.compile("data-metric=\"auc\">([0-9.]+)<").matcher(sorted);
    while (mm.find()) {
      aucs.add(Double.parseDouble(mm.group(1)));
    }
    assertThat(aucs).hasSize(runs).isSortedAccordingTo(java.util.Comparator.reverseOrder());

    RunRecord cv = h.home.run(h.runIds.get(1));
    String page = get("/runs/" + cv.runId()).body();
    assertThat(page)
        .contains("id=\"best-iteration\">" + cv.bestIteration().orElseThrow())
        .contains("3-fold cross-validation")
        .contains("id=\"cv-folds\"")
        .contains("Learning curves")
        .contains("Feature importance");
    String search4 = get("/runs/" + h.runIds.get(2)).body();
    assertThat(search4).contains("Hyperparameter search").contains("id=\"trials\"");
    assertThat(count(search4, "<tr class=\"primary\">")).isEqualTo(1);
  }

  @Test
  void compare_shows_runs_side_by_side_and_only_the_differences_on_request() throws Exception {
    String q = "/runs/compare?id=" + h.runIds.get(0) + "&id=" + h.runIds.get(1);
    String all = get(q).body();
    String diff = get(q + "&diff=1").body();
    assertThat(all).contains("data-field=\"target\"").contains("data-field=\"dataset\"");
    // Same data and target: shown in full, left out of the differences; eta and seed differ.
    assertThat(diff)
        .doesNotContain("data-field=\"target\"")
        .doesNotContain("data-field=\"dataset\"")
        .contains("data-field=\"eta\"")
        .contains("data-field=\"seed\"");
    assertThat(get("/runs/compare?id=" + h.runIds.get(0)).statusCode()).isEqualTo(400);
  }

  @Test
  void model_page_shows_versions_aliases_audit_decisions_and_reports() throws Exception {
    String page = get("/models/risk").body();
    assertThat(count(page, "data-version=")).isEqualTo(3);
    assertThat(page).contains("data-alias=\"production\">production → v1");
    for (AliasMove m : h.home.models().history("risk")) {
      assertThat(page).contains(m.reason().replace("'", "&#39;"));
    }
    for (var d : h.home.decisions().list("risk")) {
      assertThat(page).contains("id=\"decision-" + d.id() + "\"");
      HttpResponse<String> report = get("/models/risk/reports/" + d.id());
      assertThat(report.statusCode()).isEqualTo(200);
      assertThat(report.headers().firstValue("Content-Security-Policy").orElse(""))
          .contains("default-src 'none'")
          .contains("sandbox");
      assertThat(report.body())
          .isEqualTo(
              Files.readString(
                  dev.boostline.report.ComparisonReport.stored(h.dir, "risk", d.id())));
    }
    assertThat(page).contains("Metrics across versions");
    String v1 = get("/models/risk/1").body();
    assertThat(v1).contains("id=\"model-card\"").contains("# Model card: risk@1");
  }

  @Test
  void pipeline_pages_show_runs_steps_timings_and_failures() throws Exception {
    var all = dev.boostline.pipeline.PipelineRuns.open(h.dir).all();
    assertThat(all).hasSize(2);
    String list = get("/pipelines").body();
    assertThat(list).contains("data-name=\"loans-daily\"").contains("data-name=\"loans-broken\"");
    var good = dev.boostline.pipeline.PipelineRuns.open(h.dir).list("loans-daily").get(0);
    assertThat(get("/pipelines/loans-daily").body())
        .contains("No watcher has run")
        .contains("No watcher is running");
    // A running watcher shows its triggers and when the schedule fires next; closed, it is gone.
    try (var w =
        dev.boostline.pipeline.PipelineWatcher.builder(
                dev.boostline.pipeline.Pipeline.read(h.dir.resolve("loans-daily.yaml")), h.home)
            .schedule(dev.boostline.pipeline.Schedule.parse("0 6 * * *", java.time.ZoneOffset.UTC))
            .open()) {
      w.tick();
      String next = Fmt.time(w.nextScheduled().orElseThrow());
      assertThat(get("/pipelines/loans-daily").body())
          .contains("running (process " + ProcessHandle.current().pid())
          .contains("<code>0 6 * * * (Z)</code>")
          .contains("<span id=\"next-scheduled\">" + next + "</span>");
    }
    assertThat(get("/pipelines/loans-daily").body()).contains("No watcher is running");
    java.time.Instant fired = java.time.Instant.parse("2026-12-01T06:00:00Z");
    Files.writeString(
        dev.boostline.pipeline.PipelineRuns.open(h.dir)
            .directory("loans-daily")
            .resolve("watch.json"),
        JsonForm.line(
            new dev.boostline.pipeline.WatchState(
                1,
                java.util.Optional.of(fired),
                Map.of("in/day1.csv", "abc"),
                java.util.Optional.empty(),
                true)));
    String page = get("/pipelines/loans-daily").body();
    assertThat(page).contains("2026-12-01 06:00:00 UTC").contains("armed").contains("in/day1.csv");
    assertThat(page).contains("data-run=\"" + good.id() + "\"").contains("manual");
    String run = get("/pipelines/loans-daily/" + good.id()).body();
    for (var step : good.steps()) {
      assertThat(run).contains("data-step=\"" + step.name() + "\"");
      for (var o : step.outputs().values()) {
        assertThat(run).contains(o);
      }
    }
    var bad = dev.boostline.pipeline.PipelineRuns.open(h.dir).list("loans-broken").get(0);
    assertThat(bad.error()).isPresent();
    String broken = get("/pipelines/loans-broken").body();
    assertThat(broken).contains("data-failed=\"" + bad.id() + "\"");
    assertThat(get("/pipelines/nope").statusCode()).isEqualTo(404);
    assertThat(get("/pipelines/loans-daily/" + bad.id()).statusCode()).isEqualTo(404);
  }

  @Test
  void unknown_names_and_versions_answer_404_naming_what_was_asked() throws Exception {
    Map<String, String> cases =
        Map.of(
            "/datasets/nope", "no dataset \"nope\"",
            "/datasets/loans/9", "has no version 9",
            "/datasets/loans/x1", "has no version \"x1\"",
            "/runs/20990101-000000-abcdef", "no run \"20990101-000000-abcdef\"",
            "/models/nope", "no model \"nope\"",
            "/models/risk/7", "has no version 7",
            "/models/risk/reports/d-nothing", "no report \"d-nothing\"",
            "/live/nope", "No scoring server \"nope\"",
            "/nowhere", "no page \"/nowhere\"");
    for (var e : cases.entrySet()) {
      HttpResponse<String> r = get(e.getKey());
      assertThat(r.statusCode()).as(e.getKey()).isEqualTo(404);
      assertThat(errorText(r.body())).as(e.getKey()).containsIgnoringCase(e.getValue());
    }
  }

  @Test
  void actions_refuse_missing_key_other_sites_and_tampered_forms_then_promote_and_audit()
      throws Exception {
    String confirm = get("/models/risk/promote?version=3").body();
    String token = field(confirm, "token");
    Map<String, String> form =
        new java.util.LinkedHashMap<>(
            Map.of(
                "version", "3",
                "alias", "production",
                "current", field(confirm, "current"),
                "token", token,
                "force", "on",
                "reason", "ui test"));
    int moves = h.home.models().history("risk").size();

    assertThat(post("/models/risk/promote", form).statusCode()).isEqualTo(401);
    form.put("key", "wrong");
    assertThat(post("/models/risk/promote", form).statusCode()).isEqualTo(401);
    form.put("key", KEY);
    assertThat(
            post(
                    "/models/risk/promote",
                    form,
                    "Origin",
                    "http://evil.example",
                    "Sec-Fetch-Site",
                    "cross-site")
                .statusCode())
        .isEqualTo(403);
    Map<String, String> tampered = new java.util.LinkedHashMap<>(form);
    tampered.put("version", "2");
    HttpResponse<String> t = post("/models/risk/promote", tampered);
    assertThat(t.statusCode()).isEqualTo(403);
    assertThat(t.body()).contains("does not match");
    Map<String, String> unforced = new java.util.LinkedHashMap<>(form);
    unforced.remove("force");
    unforced.put("reason", "");
    HttpResponse<String> gated = post("/models/risk/promote", unforced);
    assertThat(gated.statusCode()).isEqualTo(409);
    assertThat(gated.body()).contains("not promoting risk@3");
    assertThat(h.home.models().history("risk")).hasSize(moves);
    assertThat(h.home.models().aliases("risk")).containsEntry("production", 1);

    HttpResponse<String> ok = post("/models/risk/promote", form);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("risk@production: v1 → v3 (forced)");
    assertThat(h.home.models().aliases("risk")).containsEntry("production", 3);
    AliasMove last = h.home.models().history("risk").get(moves);
    assertThat(last.reason()).startsWith("FORCED: ui test (via UI from ");
    // The same form again is stale: the alias moved since the confirmation was shown.
    assertThat(post("/models/risk/promote", form).statusCode()).isEqualTo(409);

    String back = get("/models/risk/rollback?alias=production").body();
    Map<String, String> rb =
        new java.util.LinkedHashMap<>(
            Map.of(
                "alias",
                "production",
                "from",
                field(back, "from"),
                "to",
                field(back, "to"),
                "token",
                field(back, "token"),
                "key",
                KEY,
                "reason",
                "undo"));
    assertThat(post("/models/risk/rollback", rb).statusCode()).isEqualTo(200);
    assertThat(h.home.models().aliases("risk")).containsEntry("production", 1);
    assertThat(h.home.models().history("risk")).hasSize(moves + 2);
  }

  @Test
  void pages_are_read_only_and_reference_nothing_outside_the_ui() throws Exception {
    for (String p :
        List.of("/", "/datasets", "/datasets/loans/1", "/runs", "/models/risk", "/live")) {
      String body = get(p).body();
      assertThat(body).doesNotContain("http://").doesNotContain("https://").doesNotContain("//cdn");
      assertThat(get(p).headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    }
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ui.port() + "/models/risk"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isIn(404, 405);
  }

  /** The text of the error box of an error page, unescaped. */
  static String errorText(String html) {
    Matcher m = Pattern.compile("id=\"error\">([^<]*)<").matcher(html);
    return m.find()
        ? m.group(1).replace("&#34;", "\"").replace("&quot;", "\"").replace("&#39;", "'")
        : html;
  }

  static String field(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    assertThat(m.find()).as("form field " + name).isTrue();
    return m.group(1);
  }

  static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }

  static String json(Object o) throws IOException {
    return JsonForm.line(o);
  }
}
