package dev.boostline.features;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** A number derived from a date-time; each becomes one numeric feature. */
public enum DatetimePart {
  /** The calendar year, such as 2024. */
  YEAR,
  /** 1 (January) to 12 (December). */
  MONTH,
  /** The day of the month, 1 to 31. */
  DAY,
  /** 1 (Monday) to 7 (Sunday), ISO-8601. */
  DAY_OF_WEEK,
  /** The hour of the day, 0 to 23 (minutes and seconds are not a part). */
  HOUR,
  /** Seconds since 1970-01-01T00:00 of the local date-time, fractions dropped. */
  EPOCH_SECONDS;

  /**
   * The part's value for a local date-time, read as it is (no time zone is applied: the column's
   * values are local date-times already).
   */
  public double of(LocalDateTime t) {
    return switch (this) {
      case YEAR -> t.getYear();
      case MONTH -> t.getMonthValue();
      case DAY -> t.getDayOfMonth();
      case DAY_OF_WEEK -> t.getDayOfWeek().getValue();
      case HOUR -> t.getHour();
      case EPOCH_SECONDS -> t.toEpochSecond(ZoneOffset.UTC);
    };
  }

  /** Lower-case name used in feature names ({@code column.year}). */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
