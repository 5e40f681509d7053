package io.affinity.jobs.testing;

import io.affinity.jobs.util.SparkSessions;
import org.apache.spark.sql.SparkSession;

/** One local[2] Spark session shared by every integration test in the JVM (Spark start-up is slow). */
public final class LocalSpark {
  private static SparkSession session;

  private LocalSpark() {}

  /** The shared session, created on first use (and again if a CLI test's command stopped it). */
  public static synchronized SparkSession get() {
    if (session == null || session.sparkContext().isStopped()) {
      session = SparkSessions.create("affinity-tests", "local[2]");
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop, "spark-test-shutdown"));
    }
    return session;
  }
}
