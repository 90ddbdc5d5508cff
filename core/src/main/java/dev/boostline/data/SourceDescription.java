package dev.boostline.data;

import java.util.List;

/**
 * What a {@link DatasetStream} read: the file (or folder of parts) and how.
 *
 * @param format {@code csv} or {@code parquet}
 * @param fileName the file's or folder's name, without parent directories
 * @param sha256 SHA-256 of the file's bytes as stored (compressed, for a .gz); for a folder, of the
 *     lines {@code <part name> <part SHA-256>} of its parts in name order
 * @param sizeBytes the bytes read (all parts)
 * @param parts the part files read, in order (one entry for a single file)
 * @param separator the CSV separator used (given or sniffed); empty for Parquet
 * @param quote the CSV quote character; empty for Parquet
 */
public record SourceDescription(
    String format,
    String fileName,
    String sha256,
    long sizeBytes,
    List<String> parts,
    String separator,
    String quote) {
  public SourceDescription {
    parts = List.copyOf(parts);
  }
}
