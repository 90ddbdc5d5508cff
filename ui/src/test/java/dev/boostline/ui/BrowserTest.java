package dev.boostline.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boostline.data.store.DatasetManifest;
import dev.boostline.data.store.DatasetRef;
import dev.boostline.monitoring.CaptureDatasets;
import dev.boostline.monitoring.CaptureFiles;
import dev.boostline.monitoring.CaptureOptions;
import dev.boostline.monitoring.Captures;
import dev.boostline.monitoring.Monitoring;
import dev.boostline.monitoring.RealisedPerformance;
import dev.boostline.registry.ModelRef;
import dev.boostline.serving.LiveServers;
import dev.boostline.serving.ScoringServer;
import dev.boostline.serving.ServerConfig;
import dev.boostline.serving.ServerStatus;
import dev.boostline.tracking.RunRecord;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The UI in a real browser (Debian's headless Chromium through Selenium) against a home the test
 * builds and a scoring server under load that captures its requests: every page, checked against
 * the home's files; a promote through the UI moves the alias and the server follows it; the live
 * page updates by itself; late labels give realised performance on the model page; a captured
 * window becomes a dataset version. Each page's screenshot is kept in {@code target/screenshots/}.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserTest {
  private static final String KEY = "browser-key";
  private static final Path SHOTS = Path.of("target", "screenshots");

  @TempDir static Path dir;
  static UiHome h;
  static ScoringServer server;
  static UiServer ui;
  static ChromeDriver browser;
  static Thread load;
  static final AtomicBoolean loading = new AtomicBoolean(true);
  static final AtomicLong sent = new AtomicLong();
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    boolean browserThere =
        Files.isExecutable(Path.of("/usr/bin/chromium"))
            && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
    // In CI (.ci/run installs the browser) a missing browser is a failure, elsewhere a skip.
    if (System.getenv("CI") != null) {
      assertThat(browserThere).as("/usr/bin/chromium and /usr/bin/chromedriver").isTrue();
    }
    Assumptions.assumeTrue(
        browserThere, "Debian's chromium and chromium-driver are needed (.ci/run installs them)");
    Files.createDirectories(SHOTS);
    h = UiHome.build(dir.resolve("home"));
    server =
        ScoringServer.create(
                ServerConfig.builder(h.dir)
                    .model(ModelRef.parse("risk@production"))
                    .port(0)
                    .followInterval(Duration.ofMillis(500))
                    .capture(1.0)
                    .captureOptions(new CaptureOptions(1 << 20, Duration.ofSeconds(2), 64 << 20))
                    .build())
            .start();
    load = new Thread(BrowserTest::load, "test-load");
    load.setDaemon(true);
    load.start();
    ui = UiServer.create(UiConfig.builder(h.dir).port(0).apiKey(KEY).build()).start();
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1366,900",
        "--user-data-dir=" + dir.resolve("chromium-profile"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() throws Exception {
    loading.set(false);
    if (load != null) {
      load.join(5000);
    }
    if (browser != null) {
      browser.quit();
    }
    if (ui != null) {
      ui.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Single-record requests at about 100 a second, each with its own request id. */
  static void load() {
    SplittableRandom r = new SplittableRandom(11);
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    while (loading.get() && System.nanoTime() < deadline) {
      long n = sent.incrementAndGet();
      String body =
          "{\"records\": [" + dev.boostline.common.JsonForm.line(UiHome.record(r, (int) n)) + "]}";
      try {
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/v1/models/risk/score"))
                .header("X-Request-Id", "req-" + n)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding());
        Thread.sleep(10);
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          return;
        }
      }
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + ui.port() + path;
  }

  void open(String path) {
    browser.get(url(path));
    assertThat(browser.getTitle()).endsWith("· Boostline");
  }

  /** A full-page screenshot into target/screenshots. */
  static void shot(String name) throws Exception {
    long height =
        (Long)
            ((JavascriptExecutor) browser)
                .executeScript("return Math.ceil(document.documentElement.scrollHeight)");
    browser
        .manage()
        .window()
        .setSize(new Dimension(1366, (int) Math.min(Math.max(height, 700), 5000)));
    byte[] png = browser.getScreenshotAs(OutputType.BYTES);
    Files.write(SHOTS.resolve(name + ".png"), png);
    browser.manage().window().setSize(new Dimension(1366, 900));
  }

  /**
   * Clicks an element that loads another page and waits until that page has replaced this one: a
   * click returns once the event is dispatched, not when the navigation it starts has finished, so
   * reading right after it can read the old page.
   */
  static void follow(By clickable) {
    WebElement old = browser.findElement(By.tagName("html"));
    browser.findElement(clickable).click();
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(
            d ->
                ExpectedConditions.stalenessOf(old).apply(d)
                    && "complete"
                        .equals(
                            ((JavascriptExecutor) d).executeScript("return document.readyState")));
  }

  static String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText();
  }

  @Test
  @Order(1)
  void datasets_pages_match_the_store() throws Exception {
    open("/datasets");
    assertThat(text("#datasets tr[data-name='loans'] td:nth-child(2)")).isEqualTo("2");
    shot("datasets");
    open("/datasets/loans");
    assertThat(browser.findElements(By.cssSelector("#versions tr[data-version]"))).hasSize(2);
    shot("dataset");
    DatasetManifest m = h.home.datasets().manifest(DatasetRef.parse("loans@1"));
    open("/datasets/loans/1");
    assertThat(browser.findElements(By.cssSelector("#schema tr[data-column]")))
        .hasSize(m.schema().size());
    assertThat(browser.findElements(By.cssSelector("figure.panel svg.chart")))
        .hasSize(m.schema().size());
    // Sorting in the browser: by missing count, then back.
    browser.findElement(By.cssSelector("#schema th:nth-child(5)")).click();
    assertThat(browser.findElement(By.cssSelector("#schema th:nth-child(5)")).getAttribute("class"))
        .contains("sort-asc");
    shot("dataset-version");
    open("/datasets/loans/diff?a=1&b=2");
    assertThat(text("#shifts tr[data-column='income'] td:nth-child(2)")).isNotEqualTo("–");
    shot("dataset-diff");
  }

  @Test
  @Order(2)
  void runs_table_run_page_and_comparison() throws Exception {
    open("/runs");
    List<WebElement> rows = browser.findElements(By.cssSelector("#runs tr[data-run]"));
    assertThat(rows).hasSize(h.home.runs().ids().size());
    shot("runs");
    follow(By.linkText("auc"));
    List<Double> aucs =
        browser.findElements(By.cssSelector("#runs td[data-metric='auc']")).stream()
            .map(e -> Double.parseDouble(e.getText()))
            .toList();
    assertThat(aucs).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    RunRecord cv = h.home.run(h.runIds.get(1));
    open("/runs/" + cv.runId());
    assertThat(text("#best-iteration")).isEqualTo(String.valueOf(cv.bestIteration().orElseThrow()));
    assertThat(browser.findElements(By.cssSelector("#curves svg.chart"))).isNotEmpty();
    assertThat(browser.findElements(By.cssSelector("#cv-folds tbody tr"))).hasSize(4);
    shot("run");
    open("/runs");
    browser.findElement(By.cssSelector("input[value='" + h.runIds.get(0) + "']")).click();
    browser.findElement(By.cssSelector("input[value='" + h.runIds.get(1) + "']")).click();
    follow(By.cssSelector("button[type='submit']:not(.secondary)"));
    assertThat(browser.findElements(By.cssSelector("#compare thead th"))).hasSize(3);
    browser.findElement(By.id("only-diff")).click();
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(d -> d.getCurrentUrl().contains("diff=1"));
    assertThat(browser.findElements(By.cssSelector("#compare tr[data-field='target']"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("#compare tr[data-field='eta']"))).hasSize(1);
    shot("compare");
  }

  @Test
  @Order(3)
  void live_page_updates_by_itself_while_the_server_is_under_load() throws Exception {
    open("/live");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    // The panels are replaced every second: an element found a moment ago may be gone.
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    String first = waitForUpdate(wait, null);
    wait.until(
        d -> {
          String rps = d.findElement(By.cssSelector("[data-kpi='rps']")).getText();
          return !rps.equals("–") && Double.parseDouble(rps) > 5;
        });
    waitForUpdate(wait, first);
    ServerStatus s = LiveServers.list(h.dir).get(0);
    assertThat(s.stale()).isFalse();
    assertThat(text("[data-model='risk']")).isEqualTo("v1");
    assertThat(browser.findElements(By.cssSelector("[data-server] svg.chart")))
        .hasSizeGreaterThanOrEqualTo(2);
    // Drift needs 500 rows in the window.
    wait.withTimeout(Duration.ofSeconds(60))
        .until(d -> !d.findElement(By.cssSelector("[data-kpi='score-psi']")).getText().equals("–"));
    shot("live");
  }

  private static String waitForUpdate(WebDriverWait wait, String previous) {
    return wait.until(
        d -> {
          String v =
              d.findElement(By.cssSelector("[data-live-source]")).getAttribute("data-updated");
          return v != null && !v.equals(previous) ? v : null;
        });
  }

  @Test
  @Order(4)
  void models_pages_show_versions_history_decisions_and_reports() throws Exception {
    open("/models");
    assertThat(text("#models tr[data-name='risk'] td:nth-child(2)")).isEqualTo("3");
    shot("models");
    open("/models/risk");
    assertThat(browser.findElements(By.cssSelector("#versions tr[data-version]"))).hasSize(3);
    assertThat(browser.findElements(By.cssSelector("#history tbody tr")))
        .hasSize(h.home.models().history("risk").size());
    assertThat(browser.findElements(By.cssSelector("section.verdict")))
        .hasSize(h.home.decisions().list("risk").size());
    shot("model");
    open("/models/risk/2");
    WebElement frame = browser.findElement(By.cssSelector("iframe.report-frame"));
    browser.switchTo().frame(frame);
    assertThat(browser.findElement(By.cssSelector("h1")).getText()).contains("risk");
    assertThat(browser.findElements(By.cssSelector("svg.chart"))).hasSizeGreaterThanOrEqualTo(4);
    browser.switchTo().defaultContent();
    shot("model-version");
  }

  @Test
  @Order(5)
  void a_promote_through_the_ui_is_audited_and_the_server_follows_it() throws Exception {
    int moves = h.home.models().history("risk").size();
    open("/models/risk");
    follow(By.cssSelector("#versions tr[data-version='3'] a[data-action='promote']"));
    assertThat(text("#gate")).isNotEmpty();
    shot("promote-confirm");
    Optional<WebElement> force = browser.findElements(By.id("force")).stream().findFirst();
    force.ifPresent(WebElement::click);
    browser.findElement(By.id("reason")).sendKeys("browser test promotes v3");
    // Without the key nothing moves.
    follow(By.id("confirm"));
    assertThat(text("#error")).contains("API key");
    assertThat(h.home.models().aliases("risk")).containsEntry("production", 1);
    browser.navigate().back();
    browser.findElement(By.id("key")).sendKeys(KEY);
    follow(By.id("confirm"));
    assertThat(text("#outcome")).contains("risk@production: v1 → v3");
    assertThat(h.home.models().aliases("risk")).containsEntry("production", 3);
    assertThat(h.home.models().history("risk")).hasSize(moves + 1);
    assertThat(h.home.models().history("risk").get(moves).reason())
        .contains("browser test promotes v3")
        .contains("via UI from");
    // The server follows the alias, and the live page shows it.
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String models = "";
    while (System.nanoTime() < deadline && !models.contains("\"version\":3")) {
      models =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.port() + "/v1/models"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      Thread.sleep(200);
    }
    assertThat(models).contains("\"version\":3");
    open("/live");
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> d.findElement(By.cssSelector("[data-model='risk']")).getText().equals("v3"));
    open("/models/risk");
    assertThat(text("#history tbody tr:first-child")).contains("browser test promotes v3");
  }

  @Test
  @Order(6)
  void captured_requests_with_late_labels_show_realised_performance() throws Exception {
    loading.set(false);
    load.join(5000);
    // Captured files close within their 2-second age limit.
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Captures.Window w = Captures.read(h.dir, "risk", Optional.empty(), Optional.empty());
    while (System.nanoTime() < deadline && w.rows().size() < sent.get() - 5) {
      Thread.sleep(500);
      w = Captures.read(h.dir, "risk", Optional.empty(), Optional.empty());
    }
    assertThat(w.rows().size()).isGreaterThan(500);
    assertThat(CaptureFiles.list(h.dir, "risk")).isNotEmpty();
    // Ground truth for most requests arrives later: drawn from the model's own probability, so
    // the realised AUC is that of a calibrated model (well above 0.5).
    SplittableRandom r = new SplittableRandom(5);
    StringBuilder csv = new StringBuilder("request,outcome\n");
    for (Captures.Row row : w.rows()) {
      if (r.nextDouble() < 0.9) {
        csv.append(row.requestId())
            .append(',')
            .append(r.nextDouble() < row.score() ? "yes" : "no")
            .append('\n');
      }
    }
    Path labels = dir.resolve("labels.csv");
    Files.writeString(labels, csv);
    Monitoring.LabelsAdded added =
        Monitoring.addLabels(h.dir, "risk", labels, "request", "outcome", Duration.ofSeconds(15));
    RealisedPerformance p = added.performance();
    assertThat(added.matchedOn()).isEqualTo(CaptureFiles.REQUEST_ID);
    assertThat(p.labelledRows()).isGreaterThan(400);
    assertThat(p.versions().stream().map(RealisedPerformance.Slice::version)).contains(1, 3);
    assertThat(p.windows().get(0).metrics().get("auc")).isGreaterThan(0.6);
    open("/models/risk");
    assertThat(text("#realised"))
        .contains(String.format(java.util.Locale.ROOT, "%,d", p.labelledRows()));
    assertThat(browser.findElements(By.cssSelector("#realised-windows tbody tr")))
        .hasSize(p.windows().size());
    WebElement auc = browser.findElement(By.cssSelector("#realised-windows b[data-metric='auc']"));
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", auc);
    shot("model-monitoring");

    var reg =
        CaptureDatasets.register(h.dir, "risk", Instant.EPOCH, Optional.empty(), "risk-capture");
    assertThat(reg.manifest().rows()).isEqualTo(w.rows().size());
    assertThat(reg.manifest().tags()).containsEntry("source", "capture");
    open("/datasets");
    assertThat(text("#datasets tr[data-name='risk-capture'] td:nth-child(4)"))
        .isEqualTo(String.format(java.util.Locale.ROOT, "%,d", w.rows().size()));
  }

  @Test
  @Order(7)
  void pipelines_pages() throws Exception {
    open("/pipelines");
    assertThat(browser.findElements(By.cssSelector("#pipelines tr[data-name]"))).hasSize(2);
    shot("pipelines");
    open("/pipelines/loans-broken");
    assertThat(browser.findElements(By.cssSelector("[data-failed]"))).hasSize(1);
    open("/pipelines/loans-daily");
    follow(By.cssSelector("#pipeline-runs tr[data-run] a"));
    assertThat(browser.findElements(By.cssSelector("#steps tr[data-step]"))).isNotEmpty();
    shot("pipeline-run");
  }

  @Test
  @Order(8)
  void unknown_pages_are_404_pages_in_the_browser_too() throws Exception {
    browser.get(url("/models/risk/99"));
    assertThat(text("#error")).contains("Model \"risk\" has no version 99.");
    browser.get(url("/datasets/missing"));
    assertThat(text("#error")).contains("There is no dataset \"missing\"");
    shot("not-found");
  }
}
