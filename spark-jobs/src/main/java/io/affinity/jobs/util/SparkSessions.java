package io.affinity.jobs.util;

import org.apache.spark.sql.SparkSession;

/**
 * Creates the jobs' Spark session. Under spark-submit the master comes from spark-submit; locally
 * it is {@code --master} or {@code local[*]}, with the UI off and few shuffle partitions.
 */
public final class SparkSessions {
  private SparkSessions() {}

  /** Cores of a local master URL: local → 1, local[N] → N, local[*] → available processors. */
  static int localCores(String master) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\d+|\\*)").matcher(master);
    if (!m.lookingAt()) {
      return 1;
    }
    return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
  }

  /**
   * Returns a session for {@code appName}.
   *
   * @param master the master URL, or null to use spark-submit's (or {@code local[*]})
   */
  public static SparkSession create(String appName, String master) {
    String submitted = System.getProperty("spark.master");
    String effective = master != null ? master : submitted != null ? submitted : "local[*]";
    SparkSession.Builder b = SparkSession.builder()
        .appName(appName)
        .master(effective)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    if (effective.startsWith("local")) {
      // Local runs: small data, few cores. Spark's 200 shuffle partitions cost more than they give.
      String parts = Integer.toString(2 * localCores(effective));
      b.config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.sql.shuffle.partitions", parts)
          .config("spark.default.parallelism", parts);
    }
    if (System.getProperty("spark.driver.maxResultSize") == null) {
      // Everything the job collects to the driver is bounded (docs/scaling.md); 2g leaves room over
      // Spark's 1g default for large catalogues' ids, and a run over it fails with a clear message.
      b.config("spark.driver.maxResultSize", "2g");
    }
    SparkSession spark = b.getOrCreate();
    if (spark.sparkContext().isLocal() && spark.sparkContext().getCheckpointDir().isEmpty()) {
      // ALS checkpoints every 10 iterations; without a directory long runs overflow the stack. On a
      // cluster the jobs choose a shared directory themselves (Checkpoints).
      try {
        java.nio.file.Path tmp = java.nio.file.Files.createTempDirectory("affinity-checkpoints");
        // Ours to clean: a temporary directory left behind by every run fills /tmp over time.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> io.affinity.store.StoreFiles.deleteTree(tmp),
            "checkpoint-cleanup"));
        spark.sparkContext().setCheckpointDir(tmp.toString());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot create a checkpoint directory", e);
      }
    }
    return spark;
  }
}
