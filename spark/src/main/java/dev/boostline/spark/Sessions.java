package dev.boostline.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Spark sessions for Boostline jobs: a local one ({@code local[N]}) for tests and one machine, or
 * one attached to a cluster master URL. The caller stops the session it gets.
 */
public final class Sessions {
  /**
   * The JVM options Spark 3.5 needs on Java 17 (the list Spark's own launcher passes), for drivers
   * started without {@code spark-submit} and for executors.
   */
  public static final String JAVA17_OPTIONS =
      "--add-opens=java.base/java.lang=ALL-UNNAMED"
          + " --add-opens=java.base/java.lang.invoke=ALL-UNNAMED"
          + " --add-opens=java.base/java.lang.reflect=ALL-UNNAMED"
          + " --add-opens=java.base/java.io=ALL-UNNAMED"
          + " --add-opens=java.base/java.net=ALL-UNNAMED"
          + " --add-opens=java.base/java.nio=ALL-UNNAMED"
          + " --add-opens=java.base/java.util=ALL-UNNAMED"
          + " --add-opens=java.base/java.util.concurrent=ALL-UNNAMED"
          + " --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED"
          + " --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
          + " --add-opens=java.base/sun.nio.cs=ALL-UNNAMED"
          + " --add-opens=java.base/sun.security.action=ALL-UNNAMED"
          + " --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
          + " -Djdk.reflect.useDirectMethodHandle=false";

  private Sessions() {}

  /** A local session with {@code cores} worker threads, bound to loopback, without the web UI. */
  public static SparkSession local(int cores) {
    return builder("local[" + cores + "]")
        .config("spark.sql.shuffle.partitions", cores)
        .getOrCreate();
  }

  /**
   * A session on a cluster ({@code spark://host:port}, {@code yarn}, ...), or local when the URL
   * starts with {@code local}. A task that fails is not retried (a training task cannot resume), so
   * a worker that dies fails the job with its cause.
   */
  public static SparkSession connect(String master, String appName) {
    SparkSession.Builder b = builder(master).appName(appName);
    if (!master.startsWith("local")) {
      b.config("spark.executor.extraJavaOptions", JAVA17_OPTIONS)
          .config("spark.task.maxFailures", 1);
    }
    return b.getOrCreate();
  }

  private static SparkSession.Builder builder(String master) {
    return SparkSession.builder()
        .master(master)
        .appName("boostline")
        .config("spark.ui.enabled", false)
        .config("spark.ui.showConsoleProgress", false)
        .config("spark.driver.host", System.getProperty("boostline.spark.host", "127.0.0.1"))
        .config("spark.driver.bindAddress", System.getProperty("boostline.spark.bind", "127.0.0.1"))
        .config("spark.sql.session.timeZone", "UTC");
  }
}
