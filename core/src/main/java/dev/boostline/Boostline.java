package dev.boostline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/** Library-wide facts: the version, and where the home directory is. */
public final class Boostline {
  /** The environment variable naming the home directory. */
  public static final String HOME_ENV = "BOOSTLINE_HOME";

  private static final String VERSION = readVersion();

  private Boostline() {}

  /** This library's version, e.g. {@code 0.1.0}. */
  public static String version() {
    return VERSION;
  }

  /**
   * The home directory: {@code explicit} when given, else {@code $BOOSTLINE_HOME} when set and not
   * blank, else {@code ./.boostline}. The directory is not created.
   */
  public static Path home(Optional<Path> explicit) {
    if (explicit.isPresent()) {
      return explicit.get().toAbsolutePath().normalize();
    }
    String env = System.getenv(HOME_ENV);
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath().normalize();
    }
    return Path.of(".boostline").toAbsolutePath().normalize();
  }

  private static String readVersion() {
    try (InputStream in = Boostline.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
