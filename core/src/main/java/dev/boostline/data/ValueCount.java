package dev.boostline.data;

/**
 * A value of a categorical, boolean or text column and how many rows hold it.
 *
 * @param value the value as text ({@code true}/{@code false} for booleans); never missing
 * @param count rows holding it, at least 1 (a lower bound when the profile is approximate)
 */
public record ValueCount(String value, long count) {}
