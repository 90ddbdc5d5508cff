package dev.boostline.data.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.boostline.common.BoostlineException;
import dev.boostline.common.CorruptStoreException;
import dev.boostline.common.NotFoundException;
import dev.boostline.data.CsvExport;
import dev.boostline.data.CsvOptions;
import dev.boostline.data.CsvSource;
import dev.boostline.data.DataFormatException;
import dev.boostline.data.Dataset;
import dev.boostline.data.DatasetProfile;
import dev.boostline.data.DatasetStream;
import dev.boostline.data.ParquetSource;
import dev.boostline.data.Schema;
import dev.boostline.data.SourceDescription;
import dev.boostline.data.SourceFiles;
import dev.boostline.data.Tables;
import dev.boostline.data.store.internal.ContentHash;
import dev.boostline.data.store.internal.Ingest;
import dev.boostline.data.store.internal.ParquetSnapshot;
import dev.boostline.util.internal.Hashing;
import dev.boostline.util.internal.fs.FileLock;
import dev.boostline.util.internal.fs.VersionedDirectories;
import dev.boostline.util.internal.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import tech.tablesaw.api.Table;

/**
 * Versioned, immutable datasets under {@code <home>/datasets/<name>/<version>/}: {@code
 * manifest.json}, {@code data.parquet}, {@code profile.json}.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>A version directory appears (by an atomic rename) only when all its files are written and
 *       forced to disk; a process killed at any moment leaves no visible partial version, and its
 *       leftovers are removed by the next registration.
 *   <li>Registrations of one name are serialized by a file lock, so concurrent writers (threads or
 *       processes) get distinct versions and lose nothing.
 *   <li>Registering content equal to an existing version's (same {@link
 *       DatasetManifest#contentSha256()}) returns that version and writes nothing.
 *   <li>Reads check every file against the SHA-256 in the manifest and refuse a mismatch with
 *       {@link CorruptStoreException}.
 * </ul>
 *
 * <p>Thread-safe. Instances are cheap; they hold no open files.
 */
public final class DatasetStore {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final String DATA = "data.parquet";
  private static final String PROFILE = "profile.json";
  private static final String MANIFEST = "manifest.json";

  private final Path root;

  private DatasetStore(Path root) {
    this.root = root;
  }

  /** Opens the store of a Boostline home; nothing is created until the first registration. */
  public static DatasetStore open(Path home) {
    return new DatasetStore(home.toAbsolutePath().normalize().resolve("datasets"));
  }

  /** The directory holding every dataset. */
  public Path root() {
    return root;
  }

  /**
   * Checks a dataset name: 1 to 128 characters, letters, digits, dot, dash and underscore, starting
   * with a letter or digit.
   */
  public static void requireValidName(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
      throw new IllegalArgumentException(
          "invalid dataset name \""
              + name
              + "\": use 1-128 letters, digits, '.', '-' or '_', starting with a letter or digit");
    }
  }

  /**
   * Registers a CSV file, a folder of CSV parts, a Parquet file or a folder of Parquet parts (such
   * as Spark writes) as the next version of {@code name}, streaming it in bounded memory: see
   * {@link CsvSource} (CSV: types inferred from the first rows, then enforced) and {@link
   * ParquetSource} (Parquet: types from the file). The Parquet snapshot, the profile and the
   * content hash are computed in the same pass.
   *
   * @param schema the schema to enforce, or empty to infer it (CSV) or take it from the file
   *     (Parquet)
   * @throws DataFormatException naming the file, line and column of bad input; nothing is stored
   * @throws BoostlineException when the JVM runs out of memory (with what to do), or the data has
   *     no rows
   */
  public Registration register(
      String name,
      Path source,
      CsvOptions csvOptions,
      Optional<Schema> schema,
      RegisterOptions options) {
    requireValidName(name);
    boolean parquet = SourceFiles.isParquet(source);
    List<String> tokens = parquet ? List.of() : csvOptions.nullTokens().stream().sorted().toList();
    if (schema.isEmpty()) {
      Optional<DatasetManifest> same = sameSource(name, source, parquet, csvOptions, tokens);
      if (same.isPresent()) {
        return new Registration(same.get(), false);
      }
    }
    // One core is the Parquet writer's (the slowest stage of registration): parsing gets the
    // others. On 2 cores a second parser only competed with the writer: one parser plus the
    // profile and hash on one thread (see Ingest) registered 5M rows in 24.3 s against 25.0 s
    // (medians of 3).
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    try (DatasetStream stream =
        parquet
            ? ParquetSource.open(source, schema)
            : CsvSource.open(source, csvOptions, schema, threads)) {
      return register(name, stream, tokens, schema.isEmpty(), options);
    }
  }

  /**
   * The version registered from the very same source bytes with the same reading options, if any:
   * the source's SHA-256 is computed only when a version's source has the same name and size.
   */
  private Optional<DatasetManifest> sameSource(
      String name, Path source, boolean parquet, CsvOptions csv, List<String> tokens) {
    String fileName =
        source.getFileName() == null ? source.toString() : source.getFileName().toString();
    long size = SourceFiles.size(source);
    List<DatasetManifest> candidates =
        versions(name).stream()
            .filter(
                m ->
                    m.source()
                        .filter(
                            s ->
                                s.schemaInferred()
                                    && s.fileName().equals(fileName)
                                    && s.sizeBytes() == size
                                    && s.format().equals(parquet ? "parquet" : "csv")
                                    && (parquet
                                        || (s.quote().equals(String.valueOf(csv.quote()))
                                            && s.nullTokens().equals(tokens)
                                            && csv.separator()
                                                .map(c -> s.separator().equals(String.valueOf(c)))
                                                .orElse(true))))
                        .isPresent())
            .toList();
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    String sha = SourceFiles.sha256(source);
    return candidates.stream()
        .filter(m -> m.source().orElseThrow().sha256().equals(sha))
        .findFirst();
  }

  /** Registers a Tablesaw table (see {@link Tables#toDataset(Table)} for the typing). */
  public Registration register(String name, Table table, RegisterOptions options) {
    requireValidName(name);
    return register(name, Tables.toDataset(table), options);
  }

  /** Registers a dataset already typed by its schema. */
  public Registration register(String name, Dataset dataset, RegisterOptions options) {
    requireValidName(name);
    if (dataset.rowCount() == 0) {
      throw new BoostlineException("dataset \"" + name + "\" has no rows; nothing to register");
    }
    try (DatasetStream stream = DatasetStream.of(dataset, 65_536)) {
      return register(name, stream, List.of(), false, options);
    }
  }

  /**
   * Registers the rows of a stream (the caller closes it). The manifest records the stream's {@link
   * DatasetStream#description()} as the source unless it came from an in-memory table.
   */
  public Registration register(String name, DatasetStream stream, RegisterOptions options) {
    requireValidName(name);
    return register(name, stream, List.of(), stream.inferred(), options);
  }

  private Registration register(
      String name,
      DatasetStream stream,
      List<String> nullTokens,
      boolean schemaInferred,
      RegisterOptions options) {
    Path dir = root.resolve(name);
    VersionedDirectories dirs = new VersionedDirectories(dir, MANIFEST);
    try (VersionedDirectories.Incoming incoming = dirs.begin()) {
      Path data = incoming.dir().resolve(DATA);
      Ingest.Result written;
      try {
        written = Ingest.run(stream, data, options.compression());
      } catch (OutOfMemoryError e) {
        throw new BoostlineException(
            "ran out of memory while registering dataset \""
                + name
                + "\" (maximum Java heap "
                + (Runtime.getRuntime().maxMemory() >> 20)
                + " MiB); nothing was registered. Registration streams the data, so this"
                + " usually means very wide rows or a very long text value: raise the heap"
                + " (JAVA_OPTS=-Xmx2g bin/boostline ...)",
            e);
      }
      if (written.rows() == 0) {
        throw new BoostlineException("dataset \"" + name + "\" has no rows; nothing to register");
      }
      String content = written.contentSha256();
      Optional<DatasetManifest> existing = findByContent(name, content);
      if (existing.isPresent()) {
        return new Registration(existing.get(), false);
      }
      SourceDescription d = stream.description();
      Optional<DatasetManifest.Source> source =
          d.format().equals("table")
              ? Optional.empty()
              : Optional.of(
                  new DatasetManifest.Source(
                      d.fileName(),
                      d.sha256(),
                      d.sizeBytes(),
                      d.separator(),
                      d.quote(),
                      nullTokens,
                      schemaInferred,
                      d.format()));
      byte[] profile = Json.toBytes(written.profile());
      Files.write(incoming.dir().resolve(PROFILE), profile);
      Map<String, DatasetManifest.FileEntry> files = new HashMap<>();
      files.put(DATA, new DatasetManifest.FileEntry(Hashing.sha256(data), Files.size(data)));
      files.put(PROFILE, new DatasetManifest.FileEntry(Hashing.sha256(profile), profile.length));
      try (FileLock registering = dirs.lock()) {
        List<DatasetManifest> versions = versions(name);
        Optional<DatasetManifest> same =
            versions.stream().filter(m -> m.contentSha256().equals(content)).findFirst();
        if (same.isPresent()) {
          return new Registration(same.get(), false);
        }
        Optional<Integer> parent =
            versions.isEmpty()
                ? Optional.empty()
                : Optional.of(versions.get(versions.size() - 1).version());
        int version = parent.map(v -> v + 1).orElse(1);
        DatasetManifest manifest =
            new DatasetManifest(
                DatasetManifest.FORMAT_VERSION,
                name,
                version,
                content,
                source,
                written.rows(),
                written.schema().size(),
                written.schema(),
                parent,
                options.note(),
                options.tags(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                System.getProperty("user.name", "unknown"),
                files,
                new DatasetManifest.Storage("parquet", options.compression().name()));
        Files.write(incoming.dir().resolve(MANIFEST), Json.toBytes(manifest));
        incoming.publish(version);
        return new Registration(manifest, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot register dataset \"" + name + "\" in " + dir, e);
    }
  }

  /**
   * The content hash a registration of {@code dataset} would record (SHA-256 over the schema and
   * the typed values, not the file bytes): the identity of training data that was never registered,
   * for lineage.
   */
  public static String contentSha256(Dataset dataset) {
    return ContentHash.of(dataset);
  }

  /**
   * Whether {@code dataset} holds exactly the content {@code manifest} records, whichever version
   * of the content hash the manifest was written with (version 1 before streaming registration).
   */
  public static boolean holdsContent(DatasetManifest manifest, Dataset dataset) {
    return manifest.contentSha256().equals(ContentHash.of(dataset))
        || manifest.contentSha256().equals(ContentHash.version1(dataset));
  }

  /** Names of every dataset with at least one version, sorted. */
  public List<String> names() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path p : entries) {
        String n = p.getFileName().toString();
        if (NAME.matcher(n).matches() && !versionNumbers(n).isEmpty()) {
          names.add(n);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    names.sort(Comparator.naturalOrder());
    return names;
  }

  /** Every version of {@code name}, oldest first; empty when there is none. */
  public List<DatasetManifest> versions(String name) {
    requireValidName(name);
    List<DatasetManifest> out = new ArrayList<>();
    for (int v : versionNumbers(name)) {
      out.add(readManifest(name, v));
    }
    return out;
  }

  private List<Integer> versionNumbers(String name) {
    return new VersionedDirectories(root.resolve(name), MANIFEST).versions();
  }

  private Optional<DatasetManifest> findByContent(String name, String content) {
    return versions(name).stream().filter(m -> m.contentSha256().equals(content)).findFirst();
  }

  /**
   * The manifest of a version ({@code NAME} alone means the newest).
   *
   * @throws NotFoundException when the dataset or version does not exist
   */
  public DatasetManifest manifest(DatasetRef ref) {
    List<Integer> versions = versionNumbers(ref.name());
    if (versions.isEmpty()) {
      throw new NotFoundException(
          "no dataset \"" + ref.name() + "\" in " + root + " (known: " + names() + ")");
    }
    int v = ref.version().orElse(versions.get(versions.size() - 1));
    if (!versions.contains(v)) {
      throw new NotFoundException(
          "dataset \"" + ref.name() + "\" has no version " + v + " (versions: " + versions + ")");
    }
    return readManifest(ref.name(), v);
  }

  /** The directory of a version. */
  public Path directory(DatasetRef ref) {
    DatasetManifest m = manifest(ref);
    return root.resolve(m.name()).resolve(Integer.toString(m.version()));
  }

  private DatasetManifest readManifest(String name, int version) {
    Path file = root.resolve(name).resolve(Integer.toString(version)).resolve(MANIFEST);
    DatasetManifest m;
    try {
      byte[] bytes = Files.readAllBytes(file);
      int format = Json.mapper().readTree(bytes).path("formatVersion").asInt(-1);
      if (format != DatasetManifest.FORMAT_VERSION) {
        throw new CorruptStoreException(
            file
                + ": manifest format "
                + format
                + " is not one this Boostline reads (it reads "
                + DatasetManifest.FORMAT_VERSION
                + "); a newer Boostline wrote it, or the file was edited");
      }
      m = Json.mapper().readValue(bytes, DatasetManifest.class);
    } catch (JsonProcessingException e) {
      throw new CorruptStoreException(file + ": unreadable manifest: " + Json.describe(e), e);
    } catch (NoSuchFileException e) {
      throw new NotFoundException("no manifest at " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (!m.name().equals(name) || m.version() != version) {
      throw new CorruptStoreException(
          file
              + ": says it is "
              + m.name()
              + "@"
              + m.version()
              + " but lives in "
              + name
              + "/"
              + version);
    }
    return m;
  }

  /** The profile of a version, checked against the manifest. */
  public DatasetProfile profile(DatasetRef ref) {
    DatasetManifest m = manifest(ref);
    byte[] bytes = readChecked(m, PROFILE);
    try {
      return Json.mapper().readValue(bytes, DatasetProfile.class);
    } catch (IOException e) {
      throw new CorruptStoreException(
          location(m, PROFILE) + ": unreadable profile: " + Json.describe(e), e);
    }
  }

  /**
   * Loads a version into memory. The file is read once, its SHA-256 checked against the manifest
   * (on a second thread, while the first decodes), and decoded column by column with the manifest's
   * schema.
   *
   * @throws CorruptStoreException when the file does not match its manifest
   */
  public Dataset load(DatasetRef ref) {
    DatasetManifest m = manifest(ref);
    Path file = location(m, DATA);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CorruptStoreException(file + ": the data file is missing", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    CompletableFuture<String> sha = CompletableFuture.supplyAsync(() -> Hashing.sha256(bytes));
    Table table;
    try {
      table = ParquetSnapshot.read(bytes, m.schema(), file.toString());
    } catch (CorruptStoreException e) {
      checkSum(m, DATA, sha.join(), bytes.length);
      throw e;
    }
    checkSum(m, DATA, sha.join(), bytes.length);
    if (table.rowCount() != m.rows()) {
      throw new CorruptStoreException(
          file + ": holds " + table.rowCount() + " rows, the manifest says " + m.rows());
    }
    table.setName(m.name() + "@" + m.version());
    return Dataset.of(m.schema(), table);
  }

  /**
   * Streams a version in batches, in bounded memory, typed by the manifest's schema: for scoring or
   * exporting versions larger than memory. The data file is checked against the manifest's SHA-256
   * first (one sequential read). The caller closes the stream.
   *
   * @throws CorruptStoreException when the file does not match its manifest
   */
  public DatasetStream stream(DatasetRef ref) {
    DatasetManifest m = manifest(ref);
    Path file = location(m, DATA);
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new CorruptStoreException(file + ": the data file is missing", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    checkSum(m, DATA, Hashing.sha256(file), size);
    return ParquetSource.open(file, Optional.of(m.schema()));
  }

  /**
   * Checks every file of a version against its manifest, reading them whole.
   *
   * @throws CorruptStoreException naming the first file that does not match
   */
  public void verify(DatasetRef ref) {
    DatasetManifest m = manifest(ref);
    for (String file : m.files().keySet()) {
      readChecked(m, file);
    }
  }

  /**
   * Writes a version as CSV: header, {@code ,} separator, quotes where needed, missing values as
   * empty fields, date-times in ISO-8601. Gzip-compressed when the name ends in {@code .gz}. The
   * file is written atomically (a temporary file renamed into place).
   */
  public void export(DatasetRef ref, Path target) {
    CsvExport.write(load(ref), target);
  }

  /** Compares two versions: schema changes, row counts and per-column shifts. */
  public DatasetDiff diff(DatasetRef a, DatasetRef b) {
    DatasetManifest ma = manifest(a);
    DatasetManifest mb = manifest(b);
    return DatasetDiff.compute(ma, profile(ma.ref()), mb, profile(mb.ref()), load(mb.ref()));
  }

  private Path location(DatasetManifest m, String file) {
    return root.resolve(m.name()).resolve(Integer.toString(m.version())).resolve(file);
  }

  private byte[] readChecked(DatasetManifest m, String name) {
    Path file = location(m, name);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CorruptStoreException(file + ": the file is missing", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    checkSum(m, name, Hashing.sha256(bytes), bytes.length);
    return bytes;
  }

  private void checkSum(DatasetManifest m, String name, String actual, long size) {
    DatasetManifest.FileEntry expected = m.files().get(name);
    if (expected == null) {
      throw new CorruptStoreException(
          location(m, name) + ": the manifest lists no checksum for " + name);
    }
    if (!expected.sha256().equals(actual)) {
      throw new CorruptStoreException(
          location(m, name)
              + ": checksum mismatch (manifest "
              + expected.sha256()
              + ", file "
              + actual
              + ", "
              + size
              + " bytes): the file was changed or damaged after registration; restore it"
              + " from a backup or register the data again");
    }
  }
}
