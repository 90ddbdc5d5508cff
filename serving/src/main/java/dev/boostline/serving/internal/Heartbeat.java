package dev.boostline.serving.internal;

import dev.boostline.common.JsonForm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites a server's registration file every interval on a daemon thread, and deletes it on {@link
 * #close()}. The file is replaced atomically (temporary file in the same directory, fsync, rename),
 * so readers see the previous or the new status, never a torn one. A failed write is logged and
 * retried at the next beat; it never affects scoring. Thread-safe.
 */
public final class Heartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);
  private static final String HOST = resolveHostName();

  private final Path file;
  private final Supplier<Object> status;
  private final ScheduledExecutorService timer;

  private Heartbeat(Path file, Supplier<Object> status, Duration every) {
    this.file = file;
    this.status = status;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "boostline-heartbeat");
              t.setDaemon(true);
              return t;
            });
    beat();
    long ms = every.toMillis();
    timer.scheduleAtFixedRate(this::beatQuietly, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Writes {@code status.get()} (a JSON-serialisable record) to {@code file} now, then every {@code
   * every}.
   *
   * @throws UncheckedIOException when the first write fails (the home is not writable)
   */
  public static Heartbeat start(Path file, Supplier<Object> status, Duration every) {
    return new Heartbeat(file, status, every);
  }

  /** This machine's host name, as registrations record it. */
  public static String hostName() {
    return HOST;
  }

  /** A file-name-safe id for a server of this process listening on {@code port}. */
  public static String serverId(int port) {
    String host = HOST.replaceAll("[^A-Za-z0-9.-]", "_");
    if (host.length() > 100) {
      host = host.substring(0, 100);
    }
    return host + "-" + ProcessHandle.current().pid() + "-" + port;
  }

  private void beatQuietly() {
    try {
      beat();
    } catch (RuntimeException e) {
      LOG.warn("cannot write the server registration {}: {}", file, e.toString());
    }
  }

  private synchronized void beat() {
    byte[] bytes = JsonForm.line(status.get()).getBytes(StandardCharsets.UTF_8);
    writeAtomically(file, bytes);
  }

  /** Writes {@code bytes} to {@code file} through a temporary file, fsync and an atomic rename. */
  static void writeAtomically(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Stops beating and deletes the registration. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(2, TimeUnit.SECONDS);
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("cannot delete the server registration {}: {}", file, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String resolveHostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    try {
      return Files.readString(Path.of("/etc/hostname")).strip();
    } catch (IOException | RuntimeException e) {
      try {
        return java.net.InetAddress.getLocalHost().getHostName();
      } catch (IOException f) {
        return "localhost";
      }
    }
  }
}
