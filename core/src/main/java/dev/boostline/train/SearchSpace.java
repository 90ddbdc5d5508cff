package dev.boostline.train;

import dev.boostline.util.internal.SplitMix64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ranges of parameters to search, by XGBoost name. Immutable.
 *
 * <p>Each range is uniform or log-uniform between two doubles, an inclusive integer range, or a
 * choice among values (see {@link Kind}). As text (the CLI's {@code --search-param}, read by {@link
 * Range#parse}): {@code eta=log:0.01:0.3}, {@code subsample=0.5:1}, {@code max_depth=int:3:10},
 * {@code tree_method=hist|approx}.
 *
 * @param ranges by XGBoost parameter name (as {@link XgbParams.Builder#set} takes it); copied
 */
public record SearchSpace(Map<String, Range> ranges) {
  public SearchSpace {
    // Insertion order, not Map.copyOf's (randomized per JVM): the search draws the parameters in
    // this order, so the same seed must give the same trials in every process.
    ranges = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ranges));
  }

  /**
   * A sensible default space for gradient-boosted trees: eta log-uniform in [0.01, 0.3], max_depth
   * 3 to 10, min_child_weight log-uniform in [0.5, 20], subsample and colsample_bytree uniform in
   * [0.5, 1], lambda log-uniform in [0.1, 10].
   */
  public static SearchSpace defaults() {
    Map<String, Range> m = new LinkedHashMap<>();
    m.put("eta", new Range(Kind.LOG_UNIFORM, 0.01, 0.3, List.of()));
    m.put("max_depth", new Range(Kind.INT, 3, 10, List.of()));
    m.put("min_child_weight", new Range(Kind.LOG_UNIFORM, 0.5, 20, List.of()));
    m.put("subsample", new Range(Kind.UNIFORM, 0.5, 1, List.of()));
    m.put("colsample_bytree", new Range(Kind.UNIFORM, 0.5, 1, List.of()));
    m.put("lambda", new Range(Kind.LOG_UNIFORM, 0.1, 10, List.of()));
    return new SearchSpace(m);
  }

  /** How a range is sampled. */
  public enum Kind {
    /** A double drawn uniformly from [lo, hi]. */
    UNIFORM,
    /** A double whose logarithm is uniform in [log lo, log hi]: for scales such as eta; lo > 0. */
    LOG_UNIFORM,
    /** An integer drawn uniformly from lo to hi, both included. */
    INT,
    /** One of the choices, each equally likely, passed to XGBoost as text. */
    CHOICE
  }

  /**
   * One parameter's range. Doubles are passed to XGBoost with 6 significant digits.
   *
   * @param kind how values are drawn
   * @param lo the lower bound (ignored for CHOICE)
   * @param hi the upper bound, at least {@code lo} (ignored for CHOICE)
   * @param choices the values of a CHOICE, at least one (copied); empty for other kinds
   */
  public record Range(Kind kind, double lo, double hi, List<String> choices) {
    public Range {
      choices = List.copyOf(choices);
      if (kind == Kind.CHOICE && choices.isEmpty()) {
        throw new IllegalArgumentException("a choice needs at least one value");
      }
      if (kind != Kind.CHOICE && !(lo <= hi)) {
        throw new IllegalArgumentException("range low " + lo + " is above high " + hi);
      }
      if (kind == Kind.LOG_UNIFORM && !(lo > 0)) {
        throw new IllegalArgumentException("a log-uniform range needs low > 0, got " + lo);
      }
    }

    String sample(SplitMix64 rng) {
      double u = rng.nextDouble();
      return switch (kind) {
        case UNIFORM -> fmt(lo + u * (hi - lo));
        case LOG_UNIFORM -> fmt(Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))));
        case INT -> Long.toString((long) lo + rng.nextInt((int) (hi - lo) + 1));
        case CHOICE -> choices.get(rng.nextInt(choices.size()));
      };
    }

    private static String fmt(double v) {
      return String.format(Locale.ROOT, "%.6g", v).trim();
    }

    /**
     * Parses {@code log:lo:hi}, {@code int:lo:hi}, {@code lo:hi} or {@code a|b|c}.
     *
     * @throws IllegalArgumentException saying the accepted forms when {@code text} is none of them
     *     or its bounds are out of order
     */
    public static Range parse(String text) {
      String t = text.trim();
      try {
        if (t.contains("|")) {
          return new Range(Kind.CHOICE, 0, 0, List.of(t.split("\\|")));
        }
        String[] parts = t.split(":");
        if (parts.length == 3 && parts[0].equals("log")) {
          return new Range(
              Kind.LOG_UNIFORM,
              Double.parseDouble(parts[1]),
              Double.parseDouble(parts[2]),
              List.of());
        }
        if (parts.length == 3 && parts[0].equals("int")) {
          return new Range(Kind.INT, Long.parseLong(parts[1]), Long.parseLong(parts[2]), List.of());
        }
        if (parts.length == 2) {
          return new Range(
              Kind.UNIFORM, Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), List.of());
        }
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
      throw new IllegalArgumentException(
          "search range \"" + text + "\": expected lo:hi, log:lo:hi, int:lo:hi or a|b|c");
    }
  }

  /** One seeded sample of every range. */
  Map<String, String> sample(SplitMix64 rng) {
    Map<String, String> out = new LinkedHashMap<>();
    ranges.forEach((name, range) -> out.put(name, range.sample(rng)));
    return out;
  }
}
