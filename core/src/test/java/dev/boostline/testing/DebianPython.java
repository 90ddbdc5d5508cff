package dev.boostline.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code /usr/bin/python3} with numpy, pandas, PyYAML and xgboost 1.7 ({@code .ci/run}
 * installs them), for tests that check Python reads what Boostline writes. Where they are missing,
 * a test fails in CI (when {@code CI} or {@code BOOSTLINE_CI} is set) and is skipped with a message
 * elsewhere.
 */
public final class DebianPython {
  /** The interpreter. */
  public static final String PYTHON = "/usr/bin/python3";

  private static volatile Boolean available;

  private DebianPython() {}

  /** Whether the tests run under CI, where a missing tool is a failure, not a skip. */
  public static boolean inCi() {
    return System.getenv("CI") != null || System.getenv("BOOSTLINE_CI") != null;
  }

  /**
   * Requires python3 with numpy, pandas, yaml and xgboost: fails in CI, skips elsewhere, naming the
   * Debian packages to install.
   */
  public static void require() {
    if (available == null) {
      available = probe();
    }
    String message =
        PYTHON
            + " with numpy, pandas, yaml and xgboost is missing: apt-get install python3-xgboost"
            + " python3-pandas python3-numpy python3-yaml (.ci/run does)";
    if (!available && inCi()) {
      throw new AssertionError(message);
    }
    assumeTrue(available, message);
  }

  private static boolean probe() {
    try {
      Process p =
          new ProcessBuilder(PYTHON, "-c", "import numpy, pandas, yaml, xgboost")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Runs a script shipped as a test resource ({@code /python/NAME}) with arguments, and returns its
   * output.
   *
   * @throws AssertionError when it exits non-zero or runs over {@code timeoutSeconds}
   */
  public static String runResource(String name, Path workDir, long timeoutSeconds, String... args) {
    try (InputStream in = DebianPython.class.getResourceAsStream("/python/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource /python/" + name);
      }
      Path script = workDir.resolve(name);
      Files.write(script, in.readAllBytes());
      List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
      command.addAll(List.of(args));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(name + " ran over " + timeoutSeconds + " s:\n" + log);
      }
      if (p.exitValue() != 0) {
        throw new AssertionError(name + " exited " + p.exitValue() + ":\n" + log);
      }
      return log;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
