package dev.boostline.ui.internal;

import dev.boostline.common.JsonForm;
import dev.boostline.report.Axis;
import dev.boostline.report.BarChart;
import dev.boostline.report.Chart;
import dev.boostline.report.HtmlFragment;
import dev.boostline.report.Rendering;
import dev.boostline.serving.LiveServers;
import dev.boostline.serving.ServerStatus;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live page: every scoring server registered in the home (see {@link LiveServers}) with its
 * traffic, latency, errors, in-flight requests and drift, re-rendered on the server every second
 * and pushed to open pages as server-sent events (the page's script only swaps the panels in).
 * Thread-safe.
 */
public final class LivePages implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LivePages.class);
  private static final int TOP_FEATURES = 12;

  private final Path home;
  private final List<SseClient> clients = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService ticker;

  public LivePages(Path home) {
    this.home = home;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "boostline-ui-live");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(this::broadcast, 1, 1, TimeUnit.SECONDS);
  }

  /** One server's panel: its status and the rendered charts. */
  public record Panel(
      ServerStatus s,
      Optional<HtmlFragment> traffic,
      Optional<HtmlFragment> latency,
      List<Drift> drift) {}

  /** A served version's drift: PSI per feature as bars, and on the score. */
  public record Drift(ServerStatus.Drift d, Optional<HtmlFragment> chart) {}

  /** {@code GET /live}. */
  public void list(Context ctx) {
    List<Panel> panels = LiveServers.list(home).stream().map(LivePages::panel).toList();
    Web.page(ctx, "live.jte", "panels", panels, "source", "/live/events");
  }

  /** {@code GET /live/{id}}: one server. */
  public void server(Context ctx) {
    String id = ctx.pathParam("id");
    ServerStatus s =
        LiveServers.get(home, id)
            .orElseThrow(
                () ->
                    new Web.NotFound(
                        "No scoring server \"" + id + "\" is registered in this home."));
    Web.page(
        ctx, "live.jte", "panels", List.of(panel(s)), "source", "/live/events?id=" + Fmt.url(id));
  }

  /** {@code GET /live/events}: server-sent events, one {@code panels} event a second. */
  public void events(SseClient client) {
    client.keepAlive();
    client.onClose(() -> clients.remove(client));
    clients.add(client);
    send(client, LiveServers.list(home));
  }

  private void broadcast() {
    if (clients.isEmpty()) {
      return;
    }
    try {
      List<ServerStatus> all = LiveServers.list(home);
      for (SseClient c : clients) {
        send(c, all);
      }
    } catch (RuntimeException e) {
      LOG.warn("live update failed: {}", e.toString());
    }
  }

  private static void send(SseClient client, List<ServerStatus> all) {
    if (client.terminated()) {
      return;
    }
    String only = client.ctx().queryParam("id");
    Map<String, String> panels = new LinkedHashMap<>();
    for (ServerStatus s : all) {
      if (only == null || only.equals(s.id())) {
        panels.put(s.id(), Web.render("livePanel.jte", "p", panel(s)));
      }
    }
    client.sendEvent("panels", JsonForm.line(panels));
  }

  static Panel panel(ServerStatus s) {
    List<Drift> drift = new ArrayList<>();
    for (ServerStatus.Drift d : s.drift()) {
      Optional<HtmlFragment> chart = Optional.empty();
      if (!d.features().isEmpty()) {
        List<Map.Entry<String, Double>> top =
            d.features().entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(TOP_FEATURES)
                .toList();
        chart =
            Optional.of(
                Rendering.bars(
                    BarChart.of(
                        top.stream().map(Map.Entry::getKey).toList(),
                        top.stream().mapToDouble(Map.Entry::getValue).toArray(),
                        Chart.PRODUCTION_COLOR,
                        "PSI against the training profile",
                        "Drift per input column",
                        900)));
      }
      drift.add(new Drift(d, chart));
    }
    return new Panel(s, traffic(s), latency(s), drift);
  }

  private static Optional<HtmlFragment> traffic(ServerStatus s) {
    if (s.series().isEmpty()) {
      return Optional.empty();
    }
    int n = s.series().size();
    double[] t = new double[n];
    double[] req = new double[n];
    double[] err = new double[n];
    double[] refused = new double[n];
    double top = 1;
    for (int i = 0; i < n; i++) {
      ServerStatus.Second x = s.series().get(i);
      t[i] = x.t() * 1000.0;
      req[i] = x.requests();
      err[i] = x.errors();
      refused[i] = x.refused();
      top = Math.max(top, x.requests());
    }
    Chart c =
        Chart.builder(Axis.time((long) t[0], (long) t[n - 1], 6), Axis.nice(0, top, 4))
            .size(540, 220)
            .titles("Time (UTC)", "Requests per second")
            .description("Requests, errors and refusals per second")
            .line(t, req, Chart.CANDIDATE_COLOR, 1.8)
            .line(t, err, "#b91c1c", 1.6)
            .line(t, refused, "#ca8a04", 1.6, true)
            .build();
    return Optional.of(Rendering.chart(c));
  }

  private static Optional<HtmlFragment> latency(ServerStatus s) {
    if (s.series().isEmpty()) {
      return Optional.empty();
    }
    int n = s.series().size();
    double[] t = new double[n];
    double[] p50 = new double[n];
    double[] p95 = new double[n];
    double[] p99 = new double[n];
    double top = 0;
    for (int i = 0; i < n; i++) {
      ServerStatus.Second x = s.series().get(i);
      t[i] = x.t() * 1000.0;
      p50[i] = x.p50Ms().orElse(Double.NaN);
      p95[i] = x.p95Ms().orElse(Double.NaN);
      p99[i] = x.p99Ms().orElse(Double.NaN);
      if (x.p99Ms().isPresent()) {
        top = Math.max(top, x.p99Ms().get());
      }
    }
    Chart c =
        Chart.builder(
                Axis.time((long) t[0], (long) t[n - 1], 6), Axis.nice(0, top > 0 ? top : 1, 4))
            .size(540, 220)
            .titles("Time (UTC)", "Latency (ms)")
            .description("Latency percentiles per second")
            .line(t, p50, Chart.CANDIDATE_COLOR, 1.8)
            .line(t, p95, Chart.PALETTE.get(3), 1.6)
            .line(t, p99, Chart.PRODUCTION_COLOR, 1.6)
            .build();
    return Optional.of(Rendering.chart(c));
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    for (SseClient c : clients) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // The client is gone already.
      }
    }
    clients.clear();
  }
}
