package dev.boostline.data.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Metadata and storage choices for a registration. Immutable; build with {@link #builder()}.
 * Defaults: no note, no tags, ZSTD compression.
 */
public final class RegisterOptions {
  private final String note;
  private final Map<String, String> tags;
  private final Compression compression;

  private RegisterOptions(Builder b) {
    this.note = b.note;
    this.tags = Map.copyOf(b.tags);
    this.compression = b.compression;
  }

  /** No note, no tags, ZSTD. */
  public static RegisterOptions defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The free-text note the manifest will keep, if one was set. */
  public Optional<String> note() {
    return Optional.ofNullable(note);
  }

  /** The tags the manifest will keep; unmodifiable, empty by default. */
  public Map<String, String> tags() {
    return tags;
  }

  /** How the Parquet data file is compressed, ZSTD by default. */
  public Compression compression() {
    return compression;
  }

  /** Builder for {@link RegisterOptions}; not thread-safe. */
  public static final class Builder {
    private String note;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private Compression compression = Compression.ZSTD;

    private Builder() {}

    /** A free-text note kept in the manifest. Default: none. */
    public Builder note(String note) {
      this.note = note;
      return this;
    }

    /**
     * Adds a tag, replacing the value of an existing key; a null value is stored as {@code ""}.
     *
     * @throws IllegalArgumentException when the key is null or blank
     */
    public Builder tag(String key, String value) {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("tag key must not be blank");
      }
      tags.put(key, value == null ? "" : value);
      return this;
    }

    /** Compression of the Parquet file: ZSTD (smaller, default) or SNAPPY (faster to write). */
    public Builder compression(Compression codec) {
      this.compression = codec;
      return this;
    }

    /** The options; the builder can go on to build more. */
    public RegisterOptions build() {
      return new RegisterOptions(this);
    }
  }
}
