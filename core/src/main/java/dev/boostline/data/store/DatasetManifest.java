package dev.boostline.data.store;

import dev.boostline.data.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a dataset version is, stored as {@code manifest.json} in its directory. Immutable once
 * written.
 *
 * @param formatVersion {@link #FORMAT_VERSION} for manifests this library writes
 * @param contentSha256 SHA-256 of the logical content (schema and typed values), the identity used
 *     to detect a re-registration of the same data
 * @param source the CSV file it was read from, absent for a table registered from code
 * @param parentVersion the newest version of the same name when this one was registered
 * @param createdBy the operating-system user who registered it
 * @param files SHA-256 and size of every other file in the version directory, checked on read
 * @param storage how the data file is stored
 */
public record DatasetManifest(
    int formatVersion,
    String name,
    int version,
    String contentSha256,
    Optional<Source> source,
    long rows,
    int columns,
    Schema schema,
    Optional<Integer> parentVersion,
    Optional<String> note,
    Map<String, String> tags,
    Instant createdAt,
    String createdBy,
    Map<String, FileEntry> files,
    Storage storage) {
  /** The manifest format this library writes and reads. */
  public static final int FORMAT_VERSION = 1;

  public DatasetManifest {
    tags = Map.copyOf(tags);
    files = Map.copyOf(files);
  }

  /** {@code name@version}. */
  public DatasetRef ref() {
    return DatasetRef.of(name, version);
  }

  /**
   * The file (or folder of parts) a version was read from and how.
   *
   * @param fileName the file's or folder's name, without parent directories
   * @param sha256 SHA-256 of the file's bytes (for a folder, of its parts' names and SHA-256s)
   * @param sizeBytes the file's size
   * @param separator the separator used (given or sniffed)
   * @param quote the quote character
   * @param nullTokens the values read as missing
   * @param schemaInferred true when the schema was inferred, false when it was given
   * @param format {@code csv} or {@code parquet}; {@code csv} in manifests written before Parquet
   *     sources existed
   */
  public record Source(
      String fileName,
      String sha256,
      long sizeBytes,
      String separator,
      String quote,
      List<String> nullTokens,
      boolean schemaInferred,
      String format) {
    public Source {
      nullTokens = List.copyOf(nullTokens);
      format = format == null ? "csv" : format;
    }
  }

  /** A file of the version and its checksum. */
  public record FileEntry(String sha256, long sizeBytes) {}

  /**
   * The storage of the data file.
   *
   * @param format always "parquet"
   * @param compression ZSTD or SNAPPY
   */
  public record Storage(String format, String compression) {}
}
