package dev.boostline.ui;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the web UI runs: which home it shows, where it listens and whether actions need a key.
 * Immutable; build with {@link #builder(Path)}.
 */
public final class UiConfig {
  private final Path home;
  private final String host;
  private final int port;
  private final Optional<String> apiKey;
  private final int pageSize;

  private UiConfig(Builder b) {
    home = b.home.toAbsolutePath().normalize();
    host = b.host;
    port = b.port;
    apiKey = Optional.ofNullable(b.apiKey);
    pageSize = b.pageSize;
  }

  /** A configuration for the home at {@code home}. */
  public static Builder builder(Path home) {
    return new Builder(home);
  }

  /** The Boostline home shown (absolute). */
  public Path home() {
    return home;
  }

  /** The address listened on (default 127.0.0.1: only this machine). */
  public String host() {
    return host;
  }

  /** The port (default 8090; 0 picks a free one). */
  public int port() {
    return port;
  }

  /**
   * The key that promote and rollback need (typed into the confirmation form, or sent as {@code
   * Authorization: Bearer <key>}); absent: actions need only the confirmation. Pages are read-only
   * and need no key.
   */
  public Optional<String> apiKey() {
    return apiKey;
  }

  /** Rows per page of the runs table (default 50). */
  public int pageSize() {
    return pageSize;
  }

  @Override
  public String toString() {
    // The key is deliberately left out: it must never reach a log.
    return "UiConfig[home="
        + home
        + ", host="
        + host
        + ", port="
        + port
        + ", actions="
        + (apiKey.isPresent() ? "key" : "confirmation")
        + "]";
  }

  /** Builder for {@link UiConfig}; not thread-safe. */
  public static final class Builder {
    private final Path home;
    private String host = "127.0.0.1";
    private int port = 8090;
    private String apiKey;
    private int pageSize = 50;

    private Builder(Path home) {
      this.home = Objects.requireNonNull(home, "home");
    }

    /** The address to listen on. */
    public Builder host(String value) {
      host = Objects.requireNonNull(value, "host");
      return this;
    }

    /** The port, 0..65535 (0: any free port). */
    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("port must be in 0..65535, got " + value);
      }
      port = value;
      return this;
    }

    /** The key actions need (surrounding whitespace is dropped; it must not be blank). */
    public Builder apiKey(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("the API key must not be blank");
      }
      apiKey = value.strip();
      return this;
    }

    /** Rows per page of the runs table, 10..500. */
    public Builder pageSize(int value) {
      if (value < 10 || value > 500) {
        throw new IllegalArgumentException("pageSize must be in 10..500, got " + value);
      }
      pageSize = value;
      return this;
    }

    /** The configuration; the builder can go on to build more. */
    public UiConfig build() {
      return new UiConfig(this);
    }
  }
}
