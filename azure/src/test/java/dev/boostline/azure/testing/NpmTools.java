package dev.boostline.azure.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The npm tools the Azure tests run (Azurite, Stoplight Prism), installed by {@code .ci/run} into
 * {@code $BOOSTLINE_TOOLS} (default {@code ~/.cache/boostline/tools}) with {@code npm install
 * --prefix}. A missing tool fails the test in CI ({@code CI} or {@code BOOSTLINE_CI} set) and skips
 * it elsewhere, naming the command that installs it.
 */
public final class NpmTools {
  private NpmTools() {}

  /** The install prefix. */
  public static Path prefix() {
    String env = System.getenv("BOOSTLINE_TOOLS");
    return env != null && !env.isBlank()
        ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "boostline", "tools");
  }

  /** Whether the tests run under CI, where a missing tool is a failure, not a skip. */
  public static boolean inCi() {
    return System.getenv("CI") != null || System.getenv("BOOSTLINE_CI") != null;
  }

  /** The executable {@code node_modules/.bin/<name>}: fails in CI, skips elsewhere when missing. */
  public static Path require(String name) {
    Path bin = prefix().resolve("node_modules").resolve(".bin").resolve(name);
    if (!Files.isExecutable(bin)) {
      String message =
          name
              + " is not installed in "
              + prefix()
              + ": run .ci/run, or npm install --prefix "
              + prefix()
              + " azurite@3.37.0 @stoplight/prism-cli@5.16.0";
      if (inCi()) {
        throw new AssertionError(message);
      }
      assumeTrue(false, message);
    }
    return bin;
  }
}
