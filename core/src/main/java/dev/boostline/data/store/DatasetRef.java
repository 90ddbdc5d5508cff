package dev.boostline.data.store;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A dataset name with an optional version: {@code NAME} or {@code NAME@latest} (the newest version)
 * or {@code NAME@3}. Immutable; {@link #toString()} gives the text {@link #parse} reads.
 *
 * @param name the dataset name
 * @param version the version (versions count from 1), or empty for whichever version is the newest
 *     when the reference is resolved
 */
public record DatasetRef(String name, OptionalInt version) {
  public DatasetRef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
  }

  /** The newest version of {@code name}. */
  public static DatasetRef latest(String name) {
    return new DatasetRef(name, OptionalInt.empty());
  }

  /** A fixed version of {@code name}. */
  public static DatasetRef of(String name, int version) {
    return new DatasetRef(name, OptionalInt.of(version));
  }

  /**
   * Parses {@code NAME[@V]}.
   *
   * @throws IllegalArgumentException saying what was expected when the text is malformed
   */
  public static DatasetRef parse(String text) {
    int at = text.lastIndexOf('@');
    if (at < 0) {
      DatasetStore.requireValidName(text);
      return latest(text);
    }
    String name = text.substring(0, at);
    String v = text.substring(at + 1);
    DatasetStore.requireValidName(name);
    if (v.equals("latest")) {
      return latest(name);
    }
    try {
      int version = Integer.parseInt(v);
      if (version < 1) {
        throw new NumberFormatException();
      }
      return of(name, version);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "\"" + text + "\": the version after @ must be a number >= 1 or \"latest\"");
    }
  }

  @Override
  public String toString() {
    return version.isPresent() ? name + "@" + version.getAsInt() : name;
  }
}
