package dev.boostline.spark;

import dev.boostline.tracking.EngineFactory;
import dev.boostline.tracking.TrackedTraining;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;

/**
 * {@code training: {engine: {name: spark, ...}}} in a pipeline file: the final model trains on
 * Apache Spark through {@link SparkTrainer}.
 *
 * <pre>
 * engine:
 *   name: spark
 *   master: "spark://host:7077"   # default local[*]; local[N], yarn, ...
 *   workers: 2                    # XGBoost workers (default 2)
 *   threadsPerWorker: 1           # default 1
 *   dataPath: "hdfs://..."        # optional: read the version's Parquet there
 * </pre>
 *
 * The session is created (or joined: {@code getOrCreate}) when a run starts and left open for the
 * process's next runs.
 */
public final class SparkEngineFactory implements EngineFactory {
  private static final Set<String> KEYS =
      Set.of("master", "workers", "threadsPerWorker", "dataPath");

  /** Called by {@link java.util.ServiceLoader}. */
  public SparkEngineFactory() {}

  @Override
  public String name() {
    return "spark";
  }

  @Override
  public void validate(Map<String, Object> settings) {
    for (String k : settings.keySet()) {
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException(
            "engine." + k + ": unknown setting; expected one of " + new TreeSet<>(KEYS));
      }
    }
    positive(settings, "workers");
    positive(settings, "threadsPerWorker");
  }

  @Override
  public TrackedTraining.Engine create(Map<String, Object> settings, Path home) {
    validate(settings);
    String master = String.valueOf(settings.getOrDefault("master", "local[*]"));
    SparkSession spark = Sessions.connect(master, "boostline pipeline");
    return new SparkTrainer(
        spark,
        home,
        new SparkTrainer.Settings(
            positive(settings, "workers").orElse(2),
            positive(settings, "threadsPerWorker").orElse(1),
            Optional.ofNullable(settings.get("dataPath")).map(String::valueOf)));
  }

  private static Optional<Integer> positive(Map<String, Object> settings, String key) {
    Object v = settings.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() >= 1) {
      return Optional.of(n.intValue());
    }
    throw new IllegalArgumentException("engine." + key + ": expected an integer >= 1, got " + v);
  }
}
