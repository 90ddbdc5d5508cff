package dev.boostline.serving;

import dev.boostline.common.JsonForm;
import dev.boostline.serving.internal.Heartbeat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The scoring servers registered in a home: every running {@link ScoringServer} over a local home
 * writes {@code <home>/servers/<id>.json} when it starts, rewrites it every heartbeat (by default
 * each second) and deletes it when it stops. A server killed without stopping leaves its file; such
 * an entry is recognised as <em>stale</em> when its heartbeat is more than three intervals (and at
 * least five seconds) overdue, or when it names a process on this host that no longer runs, and
 * {@link #prune} removes it. Readers see each file whole (it is replaced atomically). Stateless and
 * thread-safe.
 */
public final class LiveServers {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

  private LiveServers() {}

  /** The directory of the registrations: {@code <home>/servers}. */
  public static Path directory(Path home) {
    return home.toAbsolutePath().normalize().resolve("servers");
  }

  /** Every registered server, stale ones marked, sorted by id; unreadable files are skipped. */
  public static List<ServerStatus> list(Path home) {
    Path dir = directory(home);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    Instant now = Instant.now();
    List<ServerStatus> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        read(f).ifPresent(s -> out.add(s.withStale(isStale(s, now))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    out.sort(Comparator.comparing(ServerStatus::id));
    return out;
  }

  /** One registered server by id, stale marked; empty when there is none (or the id is invalid). */
  public static Optional<ServerStatus> get(Path home, String id) {
    if (!ID.matcher(id).matches()) {
      return Optional.empty();
    }
    return read(directory(home).resolve(id + ".json"))
        .map(s -> s.withStale(isStale(s, Instant.now())));
  }

  /**
   * Whether a registration is stale at {@code now}: its heartbeat is overdue by more than three
   * intervals and five seconds, or it names a process of this host that is gone.
   */
  public static boolean isStale(ServerStatus s, Instant now) {
    Duration grace = s.heartbeatEvery().multipliedBy(3).plusSeconds(5);
    if (s.heartbeatAt().plus(grace).isBefore(now)) {
      return true;
    }
    return s.host().equals(Heartbeat.hostName())
        && ProcessHandle.of(s.pid()).map(p -> !p.isAlive()).orElse(true);
  }

  /**
   * Deletes the stale registrations.
   *
   * @return how many were deleted
   */
  public static int prune(Path home) {
    int n = 0;
    for (ServerStatus s : list(home)) {
      if (s.stale()) {
        try {
          Files.deleteIfExists(directory(home).resolve(s.id() + ".json"));
          n++;
        } catch (IOException e) {
          throw new UncheckedIOException("cannot delete the registration of " + s.id(), e);
        }
      }
    }
    return n;
  }

  private static Optional<ServerStatus> read(Path f) {
    try {
      ServerStatus s = JsonForm.read(Files.readAllBytes(f), ServerStatus.class);
      return s.formatVersion() == ServerStatus.FORMAT_VERSION ? Optional.of(s) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f, e);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
