package dev.boostline.registry.local;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.boostline.common.ConflictException;
import dev.boostline.common.CorruptStoreException;
import dev.boostline.common.NotFoundException;
import dev.boostline.model.BundleManifest;
import dev.boostline.model.ModelBundle;
import dev.boostline.registry.AliasMove;
import dev.boostline.registry.ModelRef;
import dev.boostline.registry.ModelRegistry;
import dev.boostline.registry.ModelVersion;
import dev.boostline.util.internal.Hashing;
import dev.boostline.util.internal.fs.AtomicFiles;
import dev.boostline.util.internal.fs.FileLock;
import dev.boostline.util.internal.fs.VersionedDirectories;
import dev.boostline.util.internal.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The filesystem registry under {@code <home>/models/}:
 *
 * <pre>
 * models/&lt;name&gt;/&lt;version&gt;/   the bundle (see ModelBundle) plus version.json (written last)
 * models/&lt;name&gt;/aliases.json      alias to version, replaced atomically
 * models/&lt;name&gt;/audit.jsonl       every alias move, appended and forced to disk
 * models/&lt;name&gt;/.lock             serializes writers of &lt;name&gt; across processes
 * </pre>
 *
 * Versions are published like dataset versions (atomic rename of a complete directory), so a
 * process killed at any moment leaves no partial version. Thread-safe and process-safe.
 */
public final class LocalModelRegistry implements ModelRegistry {
  private static final String VERSION = "version.json";
  private static final String ALIASES = "aliases.json";
  private static final String AUDIT = "audit.jsonl";

  private final Path root;

  private LocalModelRegistry(Path root) {
    this.root = root;
  }

  /** The registry of a Boostline home. */
  public static LocalModelRegistry open(Path home) {
    return new LocalModelRegistry(home.toAbsolutePath().normalize().resolve("models"));
  }

  /** The directory holding every model of this registry, {@code <home>/models} (absolute). */
  public Path root() {
    return root;
  }

  private VersionedDirectories dirs(String name) {
    ModelRef.requireValidName(name);
    return new VersionedDirectories(root.resolve(name), VERSION);
  }

  /** The directory of a version's bundle. */
  public Path directory(ModelRef ref) {
    ModelVersion v = resolve(ref);
    return dirs(v.name()).directory(v.version());
  }

  @Override
  public ModelVersion register(String name, ModelBundle bundle, Optional<String> description) {
    VersionedDirectories dirs = dirs(name);
    String sha = Hashing.sha256(bundle.model());
    Optional<ModelVersion> existing =
        versions(name).stream().filter(v -> v.modelSha256().equals(sha)).findFirst();
    if (existing.isPresent()) {
      return existing.get();
    }
    BundleManifest m = bundle.manifest();
    try (VersionedDirectories.Incoming incoming = dirs.begin()) {
      bundle.write(incoming.dir());
      try (FileLock lock = dirs.lock()) {
        List<ModelVersion> versions = versions(name);
        Optional<ModelVersion> same =
            versions.stream().filter(v -> v.modelSha256().equals(sha)).findFirst();
        if (same.isPresent()) {
          return same.get();
        }
        int number = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
        ModelVersion v =
            new ModelVersion(
                name,
                number,
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                user(),
                description.filter(d -> !d.isBlank()),
                m.lineage().runId(),
                m.lineage().datasetName(),
                m.lineage().datasetVersion(),
                m.objective().xgboostName(),
                m.labels().target(),
                sha,
                m.metrics());
        Files.write(incoming.dir().resolve(VERSION), Json.toBytes(v));
        incoming.publish(number);
        return v;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot register model \"" + name + "\" in " + root, e);
    }
  }

  @Override
  public List<String> names() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path p : entries) {
        String n = p.getFileName().toString();
        try {
          if (!dirs(n).versions().isEmpty()) {
            out.add(n);
          }
        } catch (IllegalArgumentException notAModel) {
          // Not a model directory name; ignore.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  @Override
  public List<ModelVersion> versions(String name) {
    VersionedDirectories dirs = dirs(name);
    List<ModelVersion> out = new ArrayList<>();
    for (int v : dirs.versions()) {
      out.add(readVersion(dirs.directory(v).resolve(VERSION)));
    }
    return out;
  }

  private static ModelVersion readVersion(Path file) {
    try {
      return Json.mapper().readValue(Files.readAllBytes(file), ModelVersion.class);
    } catch (IOException e) {
      throw new CorruptStoreException(file + ": unreadable version record: " + Json.describe(e), e);
    }
  }

  @Override
  public ModelVersion resolve(ModelRef ref) {
    List<ModelVersion> versions = versions(ref.name());
    if (versions.isEmpty()) {
      throw new NotFoundException(
          "no model \"" + ref.name() + "\" in " + root + " (known: " + names() + ")");
    }
    if (ref.alias().isPresent()) {
      Integer v = aliases(ref.name()).get(ref.alias().get());
      if (v == null) {
        throw new NotFoundException(
            "model \""
                + ref.name()
                + "\" has no alias \""
                + ref.alias().get()
                + "\" (aliases: "
                + aliases(ref.name())
                + ")");
      }
      return find(versions, ref.name(), v);
    }
    if (ref.version().isPresent()) {
      return find(versions, ref.name(), ref.version().get());
    }
    return versions.get(versions.size() - 1);
  }

  private static ModelVersion find(List<ModelVersion> versions, String name, int v) {
    return versions.stream()
        .filter(x -> x.version() == v)
        .findFirst()
        .orElseThrow(
            () ->
                new NotFoundException(
                    "model \""
                        + name
                        + "\" has no version "
                        + v
                        + " (versions: "
                        + versions.stream().map(ModelVersion::version).toList()
                        + ")"));
  }

  @Override
  public ModelBundle bundle(ModelRef ref) {
    ModelVersion v = resolve(ref);
    return ModelBundle.read(dirs(v.name()).directory(v.version()));
  }

  @Override
  public Map<String, Integer> aliases(String name) {
    Path file = dirs(name).parent().resolve(ALIASES);
    if (!Files.exists(file)) {
      return Map.of();
    }
    try {
      return new TreeMap<>(
          Json.mapper()
              .readValue(Files.readAllBytes(file), new TypeReference<Map<String, Integer>>() {}));
    } catch (IOException e) {
      throw new CorruptStoreException(file + ": unreadable aliases: " + Json.describe(e), e);
    }
  }

  @Override
  public AliasMove setAlias(
      String name, String alias, int version, String reason, Optional<String> decisionId) {
    ModelRef.requireValidAlias(alias);
    VersionedDirectories dirs = dirs(name);
    try (FileLock lock = dirs.lock()) {
      find(versions(name), name, version);
      Map<String, Integer> aliases = new TreeMap<>(aliases(name));
      Optional<Integer> from = Optional.ofNullable(aliases.put(alias, version));
      return write(dirs, name, alias, aliases, from, Optional.of(version), reason, decisionId);
    }
  }

  @Override
  public AliasMove compareAndSetAlias(
      String name,
      String alias,
      Optional<Integer> expected,
      int version,
      String reason,
      Optional<String> decisionId) {
    ModelRef.requireValidAlias(alias);
    VersionedDirectories dirs = dirs(name);
    try (FileLock lock = dirs.lock()) {
      find(versions(name), name, version);
      Map<String, Integer> aliases = new TreeMap<>(aliases(name));
      Optional<Integer> current = Optional.ofNullable(aliases.get(alias));
      if (!current.equals(expected)) {
        throw new ConflictException(
            name
                + "@"
                + alias
                + " moved: expected "
                + expected.map(v -> "version " + v).orElse("unset")
                + ", found "
                + current.map(v -> "version " + v).orElse("unset"));
      }
      aliases.put(alias, version);
      return write(dirs, name, alias, aliases, current, Optional.of(version), reason, decisionId);
    }
  }

  @Override
  public AliasMove removeAlias(String name, String alias, String reason) {
    VersionedDirectories dirs = dirs(name);
    try (FileLock lock = dirs.lock()) {
      Map<String, Integer> aliases = new TreeMap<>(aliases(name));
      Integer from = aliases.remove(alias);
      if (from == null) {
        throw new NotFoundException("model \"" + name + "\" has no alias \"" + alias + "\"");
      }
      return write(
          dirs,
          name,
          alias,
          aliases,
          Optional.of(from),
          Optional.empty(),
          reason,
          Optional.empty());
    }
  }

  /** Appends the move to the audit log, then replaces the aliases (both under the lock). */
  private AliasMove write(
      VersionedDirectories dirs,
      String name,
      String alias,
      Map<String, Integer> aliases,
      Optional<Integer> from,
      Optional<Integer> to,
      String reason,
      Optional<String> decisionId) {
    AliasMove move =
        new AliasMove(
            name,
            alias,
            from,
            to,
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            user(),
            reason == null ? "" : reason,
            decisionId);
    // Audit first: a crash between the two can leave a logged move that did not take effect,
    // never a move that was not logged.
    AtomicFiles.appendLine(dirs.parent().resolve(AUDIT), Json.toLine(move));
    AtomicFiles.write(dirs.parent().resolve(ALIASES), Json.toBytes(aliases));
    return move;
  }

  @Override
  public List<AliasMove> history(String name) {
    Path file = dirs(name).parent().resolve(AUDIT);
    if (!Files.exists(file)) {
      return List.of();
    }
    List<AliasMove> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        try {
          out.add(Json.mapper().readValue(line, AliasMove.class));
        } catch (IOException torn) {
          break; // a crash mid-append leaves at most a torn last line
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return out;
  }

  private static String user() {
    return System.getProperty("user.name", "unknown");
  }
}
