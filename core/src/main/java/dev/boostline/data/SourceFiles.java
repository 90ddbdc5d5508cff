package dev.boostline.data;

import dev.boostline.util.internal.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The files of a data source: one file, or the parts of a folder (every regular file whose name
 * does not start with {@code .} or {@code _}, in name order, so Spark's {@code _SUCCESS} and
 * checksum files are skipped). Stateless.
 */
public final class SourceFiles {
  private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};

  private SourceFiles() {}

  /**
   * The files to read, in order.
   *
   * @throws DataFormatException when the path does not exist or a folder holds no part
   */
  public static List<Path> list(Path path) {
    String label = label(path);
    if (!Files.exists(path)) {
      throw new DataFormatException(label, 0, null, "no such file or folder: " + path);
    }
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    List<Path> parts = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(path)) {
      for (Path f : files) {
        String n = f.getFileName().toString();
        if (Files.isRegularFile(f) && !n.startsWith(".") && !n.startsWith("_")) {
          parts.add(f);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path, e);
    }
    parts.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    if (parts.isEmpty()) {
      throw new DataFormatException(label, 0, null, "the folder holds no data file");
    }
    return parts;
  }

  /** Whether the source's (first) file starts with Parquet's magic bytes. */
  public static boolean isParquet(Path path) {
    Path first = list(path).get(0);
    try (InputStream in = Files.newInputStream(first)) {
      return Arrays.equals(in.readNBytes(4), PARQUET_MAGIC);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + first, e);
    }
  }

  /**
   * The SHA-256 a stream reports for the source ({@link SourceDescription#sha256()}): a file's own
   * SHA-256, or for a folder the SHA-256 of the lines {@code <name> <SHA-256>} of its parts.
   */
  public static String sha256(Path path) {
    List<Path> parts = list(path);
    if (!Files.isDirectory(path)) {
      return Hashing.sha256(path);
    }
    MessageDigest d = Hashing.sha256();
    for (Path p : parts) {
      d.update((label(p) + " " + Hashing.sha256(p) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return Hashing.hex(d);
  }

  /** Total size of the source's files, in bytes. */
  public static long size(Path path) {
    long total = 0;
    for (Path p : list(path)) {
      try {
        total += Files.size(p);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + p, e);
      }
    }
    return total;
  }

  static String label(Path p) {
    return p.getFileName() == null ? p.toString() : p.getFileName().toString();
  }
}
