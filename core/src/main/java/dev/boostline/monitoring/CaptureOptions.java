package dev.boostline.monitoring;

import java.time.Duration;

/**
 * Limits of production data capture for one model.
 *
 * @param maxFileBytes a capture file is closed (and a new one started) once its encoded data
 *     reaches this size
 * @param maxFileAge ... or once it has been open this long, so captured rows become readable (a
 *     Parquet file is readable only when closed) within this delay
 * @param maxTotalBytes the model's capture files are capped at this total: when a file closes, the
 *     oldest files are deleted until the rest fit
 */
public record CaptureOptions(long maxFileBytes, Duration maxFileAge, long maxTotalBytes) {
  public CaptureOptions {
    if (maxFileBytes < 1024) {
      throw new IllegalArgumentException("maxFileBytes must be >= 1024, got " + maxFileBytes);
    }
    if (maxFileAge.isNegative() || maxFileAge.isZero()) {
      throw new IllegalArgumentException("maxFileAge must be positive, got " + maxFileAge);
    }
    if (maxTotalBytes < maxFileBytes) {
      throw new IllegalArgumentException(
          "maxTotalBytes ("
              + maxTotalBytes
              + ") must be at least maxFileBytes ("
              + maxFileBytes
              + ")");
    }
  }

  /** 64 MB files, closed at least every minute, 1 GB in total per model. */
  public static CaptureOptions defaults() {
    return new CaptureOptions(64L << 20, Duration.ofMinutes(1), 1L << 30);
  }
}
