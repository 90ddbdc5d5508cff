package dev.boostline.registry;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A model name with a version, an alias, or neither (the newest version): {@code churn}, {@code
 * churn@3}, {@code churn@production}. Only names the model: resolving it against a {@link
 * ModelRegistry} says which version it means at that moment (an alias or "latest" can move).
 * Immutable and thread-safe.
 *
 * <p>The constructor throws {@link IllegalArgumentException} for an invalid name or alias, or both
 * a version and an alias.
 *
 * @param name the model name (see {@link #requireValidName})
 * @param version a fixed version, 1 or more; excludes {@code alias}
 * @param alias an alias such as {@code production} (see {@link #requireValidAlias}); excludes
 *     {@code version}. With neither, the reference means the newest version.
 */
public record ModelRef(String name, Optional<Integer> version, Optional<String> alias) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,254}");
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

  public ModelRef {
    Objects.requireNonNull(name, "name");
    requireValidName(name);
    alias.ifPresent(ModelRef::requireValidAlias);
    if (version.isPresent() && alias.isPresent()) {
      throw new IllegalArgumentException("a model reference has a version or an alias, not both");
    }
  }

  /**
   * Checks a model name: 1-255 letters, digits, '-' and '_', starting with a letter or digit (the
   * Azure ML model name rule, so every local name can be pushed there).
   */
  public static void requireValidName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid model name \""
              + name
              + "\": use 1-255 letters, digits, '-' or '_', starting with a letter or digit");
    }
  }

  /** Checks an alias: a letter, then up to 63 letters, digits, '-' and '_'. */
  public static void requireValidAlias(String alias) {
    if (!ALIAS.matcher(alias).matches() || alias.equals("latest")) {
      throw new IllegalArgumentException(
          "invalid alias \""
              + alias
              + "\": use a letter then letters, digits, '-' or '_' (\"latest\" is reserved)");
    }
  }

  /** The newest version of {@code name}, whichever it is when the reference is resolved. */
  public static ModelRef latest(String name) {
    return new ModelRef(name, Optional.empty(), Optional.empty());
  }

  /** One fixed version of {@code name} ({@code name@version}); versions start at 1. */
  public static ModelRef of(String name, int version) {
    return new ModelRef(name, Optional.of(version), Optional.empty());
  }

  /** Whichever version {@code alias} of {@code name} points to when resolved. */
  public static ModelRef alias(String name, String alias) {
    return new ModelRef(name, Optional.empty(), Optional.of(alias));
  }

  /**
   * Parses {@code NAME}, {@code NAME@latest}, {@code NAME@V} or {@code NAME@ALIAS}; the inverse of
   * {@link #toString()}.
   *
   * @throws IllegalArgumentException for an invalid name or alias, or a version below 1
   */
  public static ModelRef parse(String text) {
    int at = text.lastIndexOf('@');
    if (at < 0) {
      return latest(text);
    }
    String name = text.substring(0, at);
    String rest = text.substring(at + 1);
    if (rest.equals("latest")) {
      return latest(name);
    }
    if (!rest.isEmpty() && rest.chars().allMatch(Character::isDigit)) {
      int v = Integer.parseInt(rest);
      if (v < 1) {
        throw new IllegalArgumentException("\"" + text + "\": versions start at 1");
      }
      return of(name, v);
    }
    return alias(name, rest);
  }

  @Override
  public String toString() {
    return name + version.map(v -> "@" + v).or(() -> alias.map(a -> "@" + a)).orElse("");
  }
}
