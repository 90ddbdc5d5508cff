package dev.boostline.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with left-aligned text and right-aligned numbers. Not thread-safe. */
final class TextTable {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  TextTable(String... headers) {
    this.headers = List.of(headers);
  }

  TextTable row(Object... cells) {
    List<String> r = new ArrayList<>();
    for (Object c : cells) {
      r.add(c == null ? "" : c.toString());
    }
    rows.add(r);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  @Override
  public String toString() {
    int n = headers.size();
    int[] width = new int[n];
    boolean[] numeric = new boolean[n];
    for (int i = 0; i < n; i++) {
      width[i] = headers.get(i).length();
      numeric[i] = !rows.isEmpty();
    }
    for (List<String> r : rows) {
      for (int i = 0; i < n; i++) {
        String c = i < r.size() ? r.get(i) : "";
        width[i] = Math.max(width[i], c.length());
        if (!c.isEmpty() && !c.matches("[-+]?[0-9.,%eE]+|NaN|-")) {
          numeric[i] = false;
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, headers, width, new boolean[n]);
    for (List<String> r : rows) {
      line(sb, r, width, numeric);
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells, int[] width, boolean[] right) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < width.length; i++) {
      String c = i < cells.size() ? cells.get(i) : "";
      String pad = " ".repeat(width[i] - c.length());
      line.append(right[i] ? pad + c : c + pad);
      if (i < width.length - 1) {
        line.append("  ");
      }
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }
}
