package dev.boostline.util.internal.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock holds against other processes while its holder asks about it: POSIX locks belong to the
 * process, and closing any descriptor of the file would drop them.
 */
class FileLockTest {
  @TempDir Path dir;

  /** Whether another process (Python's fcntl.lockf, the same lock kind as Java's) can lock it. */
  private static boolean lockableByAnotherProcess(Path file) throws Exception {
    Process p =
        new ProcessBuilder(
                "/usr/bin/python3",
                "-c",
                "import fcntl,sys\n"
                    + "f=open(sys.argv[1],'r+')\n"
                    + "try:\n fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB); print('free')\n"
                    + "except OSError: print('held')\n",
                file.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(out).isIn("free", "held");
    return out.equals("free");
  }

  @Test
  void asking_about_a_held_lock_from_its_own_thread_keeps_it_held() throws Exception {
    Path file = dir.resolve("x.lock");
    try (FileLock held = FileLock.acquire(file)) {
      assertThat(lockableByAnotherProcess(file)).isFalse();
      assertThat(FileLock.tryAcquire(file)).isEmpty();
      assertThatThrownBy(() -> FileLock.acquire(file)).isInstanceOf(IllegalStateException.class);
      assertThat(lockableByAnotherProcess(file)).as("still held after the questions").isFalse();
    }
    assertThat(lockableByAnotherProcess(file)).isTrue();
    var again = FileLock.tryAcquire(file);
    assertThat(again).isPresent();
    again.get().close();
  }
}
