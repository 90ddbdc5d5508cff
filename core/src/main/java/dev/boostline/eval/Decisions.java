package dev.boostline.eval;

import dev.boostline.common.CorruptStoreException;
import dev.boostline.common.NotFoundException;
import dev.boostline.registry.ModelRef;
import dev.boostline.util.internal.fs.AtomicFiles;
import dev.boostline.util.internal.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** Stored promotion decisions: {@code <home>/models/<name>/decisions/<id>.json}. Thread-safe. */
public final class Decisions {
  private final Path models;

  private Decisions(Path models) {
    this.models = models;
  }

  /**
   * The decisions of a Boostline home ({@code <home>/models}); nothing is created until a decision
   * is saved.
   */
  public static Decisions open(Path home) {
    return new Decisions(home.toAbsolutePath().normalize().resolve("models"));
  }

  /** A new decision id: {@code d-yyyyMMddHHmmss-<6 hex>}. */
  public static String newId() {
    byte[] b = new byte[3];
    ThreadLocalRandom.current().nextBytes(b);
    return "d-"
        + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))
        + "-"
        + HexFormat.of().formatHex(b);
  }

  private Path dir(String model) {
    ModelRef.requireValidName(model);
    return models.resolve(model).resolve("decisions");
  }

  /** Stores a decision (atomically). */
  public void save(Decision d) {
    AtomicFiles.write(dir(d.model()).resolve(d.id() + ".json"), Json.toBytes(d));
  }

  /** Every decision of a model, oldest first. */
  public List<Decision> list(String model) {
    Path dir = dir(model);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Decision> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "d-*.json")) {
      for (Path f : files) {
        try {
          out.add(Json.mapper().readValue(Files.readAllBytes(f), Decision.class));
        } catch (IOException e) {
          throw new CorruptStoreException(f + ": unreadable decision: " + Json.describe(e), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    out.sort(Comparator.comparing(Decision::at).thenComparing(Decision::id));
    return out;
  }

  /** The newest decision about a candidate version. */
  public Optional<Decision> latestFor(String model, int candidate) {
    List<Decision> all = list(model).stream().filter(d -> d.candidate() == candidate).toList();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** A decision by id. */
  public Decision get(String model, String id) {
    return list(model).stream()
        .filter(d -> d.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new NotFoundException("no decision " + id + " for model " + model));
  }
}
