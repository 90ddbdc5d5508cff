package dev.boostline.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This library's version, read once from the jar. */
public final class LibraryVersion {
  private static final String VERSION = read();

  private LibraryVersion() {}

  /** The version of Boostline on the class path, e.g. {@code 0.1.0}; {@code unknown} if unset. */
  public static String current() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in =
        LibraryVersion.class.getResourceAsStream("/dev/boostline/version.properties")) {
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
