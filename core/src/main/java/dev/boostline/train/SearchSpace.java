package dev.boostline.train;

import dev.boostline.util.internal.SplitMix64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ranges of parameters to search, by XGBoost name. Immutable.
 *
 * <p>Each range is {@code uniform(lo, hi)}, {@code logUniform(lo, hi)} (both for doubles), {@code
 * intRange(lo, hi)} (inclusive) or {@code choice(a, b, ...)}. As text (the CLI's {@code
 * --search-param}): {@code eta=log:0.01:0.3}, {@code subsample=0.5:1}, {@code max_depth=int:3:10},
 * {@code tree_method=hist|approx}.
 */
public record SearchSpace(Map<String, Range> ranges) {
  public SearchSpace {
    ranges = Map.copyOf(new LinkedHashMap<>(ranges));
  }

  /** A sensible default space for gradient-boosted trees. */
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
    UNIFORM,
    LOG_UNIFORM,
    INT,
    CHOICE
  }

  /** One parameter's range. */
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

    /** Parses {@code log:lo:hi}, {@code int:lo:hi}, {@code lo:hi} or {@code a|b|c}. */
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
