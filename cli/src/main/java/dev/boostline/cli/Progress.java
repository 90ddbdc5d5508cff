package dev.boostline.cli;

import dev.boostline.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * Training progress on stderr: when stderr is a terminal, one line rewritten in place (round i/N,
 * the watched metric, an ETA), at most ten times a second; otherwise nothing, so logs and CI stay
 * quiet. Info messages are always printed, one line each.
 */
final class Progress implements TrainingListener {
  private final PrintWriter err;
  private final boolean live;
  private final long start = System.nanoTime();
  private long lastDraw;
  private boolean drawn;

  Progress(PrintWriter err, boolean live) {
    this.err = err;
    this.live = live;
  }

  /** Live progress only when the JVM has a console (stdin and stdout are terminals). */
  static Progress forTerminal(PrintWriter err) {
    return new Progress(err, System.console() != null && System.getenv("CI") == null);
  }

  @Override
  public void onIteration(int iteration, int rounds, Map<String, Double> metrics) {
    if (!live) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDraw < 100_000_000L && iteration + 1 < rounds) {
      return;
    }
    lastDraw = now;
    double perRound = (now - start) / 1e9 / (iteration + 1);
    long eta = Math.round(perRound * (rounds - iteration - 1));
    String metric =
        metrics.entrySet().stream()
            .filter(e -> e.getKey().startsWith("valid-"))
            .findFirst()
            .or(() -> metrics.entrySet().stream().findFirst())
            .map(e -> String.format(Locale.ROOT, "%s %.5f", e.getKey(), e.getValue()))
            .orElse("");
    err.printf(
        Locale.ROOT,
        "\r  round %d/%d  %s  ETA %d:%02d (at most)   ",
        iteration + 1,
        rounds,
        metric,
        eta / 60,
        eta % 60);
    err.flush();
    drawn = true;
  }

  @Override
  public void onInfo(String message) {
    clear();
    err.println(message);
    err.flush();
  }

  /**
   * A one-line status (a pipeline step's progress): drawn in place on a terminal, at most ten times
   * a second; elsewhere printed at most every ten seconds.
   */
  void onStatus(String message) {
    long now = System.nanoTime();
    if (live) {
      if (now - lastDraw < 100_000_000L) {
        return;
      }
      lastDraw = now;
      String line = message.length() > 76 ? message.substring(0, 75) + "…" : message;
      err.print("\r  " + line + " ".repeat(Math.max(0, 76 - line.length())));
      err.flush();
      drawn = true;
    } else if (now - lastDraw >= 10_000_000_000L || lastDraw == 0) {
      lastDraw = now;
      err.println("  " + message);
      err.flush();
    }
  }

  /** Ends the live line, if any. */
  void clear() {
    if (drawn) {
      err.print("\r" + " ".repeat(78) + "\r");
      err.flush();
      drawn = false;
    }
  }
}
