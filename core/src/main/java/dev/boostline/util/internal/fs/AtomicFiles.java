package dev.boostline.util.internal.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Crash-safe writes: the bytes go to a temporary file in the target's directory, are forced to
 * disk, and the file is renamed over the target atomically; the directory is then forced too. A
 * reader sees the old content or the new content, never a mix, whatever moment the process dies at.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes {@code bytes} to {@code target} atomically (see class doc). */
  public static void write(Path target, byte[] bytes) {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = dir.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      Files.createDirectories(dir);
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      move(tmp, target);
      fsyncDirectory(dir);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  /**
   * Appends one line to a log file and forces it to disk. The caller holds the lock that serializes
   * writers; a crash can at worst leave a final partial line, which readers skip.
   */
  public static void appendLine(Path file, String line) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (FileChannel ch =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)) {
        ByteBuffer buf =
            ByteBuffer.wrap((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  /** Forces a file's content to disk. */
  public static void fsyncFile(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  /**
   * Forces a directory entry list to disk so a rename in it survives a power loss. A no-op where
   * the platform cannot open directories (Windows).
   */
  public static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Not supported on this platform (e.g. Windows); the rename itself is still atomic.
    }
  }

  /** Renames {@code from} to {@code to} atomically, replacing a file at {@code to}. */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "the file system under " + to.getParent() + " cannot rename atomically", e);
    }
  }

  /**
   * Deletes a directory tree, ignoring entries that are already gone (another process may be
   * deleting the same tree).
   */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(
        root,
        new java.nio.file.SimpleFileVisitor<>() {
          @Override
          public java.nio.file.FileVisitResult visitFile(
              Path file, java.nio.file.attribute.BasicFileAttributes attrs) throws IOException {
            Files.deleteIfExists(file);
            return java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e)
              throws IOException {
            if (e instanceof java.nio.file.NoSuchFileException) {
              return java.nio.file.FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public java.nio.file.FileVisitResult postVisitDirectory(Path dir, IOException e)
              throws IOException {
            if (e != null && !(e instanceof java.nio.file.NoSuchFileException)) {
              throw e;
            }
            Files.deleteIfExists(dir);
            return java.nio.file.FileVisitResult.CONTINUE;
          }
        });
  }
}
