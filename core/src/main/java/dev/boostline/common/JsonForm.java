package dev.boostline.common;

import dev.boostline.util.internal.json.Json;

/**
 * The JSON form of Boostline's records (dataset manifests, runs, model versions, decisions, alias
 * moves...), exactly as the home stores them: ISO-8601 instants, absent optionals left out, map
 * keys sorted. Clients that print or send these records (the command's {@code --json}, the servers)
 * use it so that every surface shows the same form. Thread-safe.
 */
public final class JsonForm {
  private JsonForm() {}

  /** Pretty-printed JSON, no trailing newline. */
  public static String pretty(Object value) {
    return Json.toString(value);
  }

  /** Compact JSON on one line (for JSON Lines and HTTP bodies). */
  public static String line(Object value) {
    return Json.toLine(value);
  }

  /**
   * Reads a record written in this form.
   *
   * @throws IllegalArgumentException naming the problem when the bytes are not valid JSON of {@code
   *     type}
   */
  public static <T> T read(byte[] json, Class<T> type) {
    try {
      return Json.mapper().readValue(json, type);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(
          "not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
