package dev.boostline.data.store;

/** Compression of a dataset's Parquet file. */
public enum Compression {
  /** Smaller files (about half the CSV size); the default. */
  ZSTD,
  /** Faster to write, larger files. */
  SNAPPY
}
