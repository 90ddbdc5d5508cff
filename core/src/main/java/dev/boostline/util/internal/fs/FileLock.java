package dev.boostline.util.internal.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a lock file that serializes writers across threads of this JVM and across
 * processes. The operating system releases the process-level part when the process dies, so a
 * killed writer never leaves the store locked.
 *
 * <p>Use in try-with-resources: {@code try (FileLock lock = FileLock.acquire(path)) {...}}. Not
 * reentrant across processes; do not nest two acquisitions of the same file.
 */
public final class FileLock implements AutoCloseable {
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS =
      new ConcurrentHashMap<>();

  private final ReentrantLock threadLock;
  private final FileChannel channel;
  private final java.nio.channels.FileLock osLock;

  private FileLock(ReentrantLock threadLock, FileChannel channel, java.nio.channels.FileLock os) {
    this.threadLock = threadLock;
    this.channel = channel;
    this.osLock = os;
  }

  /** Blocks until the lock on {@code lockFile} is held; creates the file if needed. */
  public static FileLock acquire(Path lockFile) {
    Path key = lockFile.toAbsolutePath().normalize();
    ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
    if (threadLock.isHeldByCurrentThread()) {
      // Re-entering would open a second descriptor; closing it would drop the process's lock.
      throw new IllegalStateException("this thread already holds the lock on " + key);
    }
    threadLock.lock();
    FileChannel channel = null;
    try {
      Files.createDirectories(key.getParent());
      while (true) {
        channel =
            FileChannel.open(
                key, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        java.nio.channels.FileLock os = channel.lock();
        // A cleaner may have deleted the file between our open and our lock (cleaners delete a
        // lock file only while holding it). A lock on a deleted file protects nothing: retry.
        // Lock files are either never deleted (a dataset's .lock) or have a unique name that
        // only their one writer creates, so an existing file is the one we locked.
        if (Files.exists(key)) {
          return new FileLock(threadLock, channel, os);
        }
        os.release();
        closeQuietly(channel);
        channel = null;
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      threadLock.unlock();
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot lock " + key, io);
      }
      throw (RuntimeException) e;
    }
  }

  /**
   * Tries to take the lock without waiting.
   *
   * @return the held lock, or empty when another thread or process holds it
   */
  public static java.util.Optional<FileLock> tryAcquire(Path lockFile) {
    Path key = lockFile.toAbsolutePath().normalize();
    ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
    // Held by this very thread: opening the file again and closing it would release the
    // process's operating-system lock (POSIX locks belong to the process, and closing any
    // descriptor of the file drops them), so the answer is simply "held".
    if (threadLock.isHeldByCurrentThread() || !threadLock.tryLock()) {
      return java.util.Optional.empty();
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(key, StandardOpenOption.WRITE, StandardOpenOption.READ);
      java.nio.channels.FileLock os = channel.tryLock();
      if (os == null) {
        closeQuietly(channel);
        threadLock.unlock();
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(new FileLock(threadLock, channel, os));
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      threadLock.unlock();
      return java.util.Optional.empty();
    }
  }

  @Override
  public void close() {
    try {
      osLock.release();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      closeQuietly(channel);
      threadLock.unlock();
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // The lock is released with the channel; nothing else to undo.
      }
    }
  }
}
