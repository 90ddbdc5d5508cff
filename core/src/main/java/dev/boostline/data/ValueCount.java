package dev.boostline.data;

/** A value of a categorical, boolean or text column and how many rows hold it. */
public record ValueCount(String value, long count) {}
