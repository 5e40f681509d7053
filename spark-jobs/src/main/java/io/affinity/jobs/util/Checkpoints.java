package io.affinity.jobs.util;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Where a run's RDD checkpoints go (ALS checkpoints every 10 iterations; without a directory long
 * fits overflow the task-deserialisation stack). Executors write checkpoint files and the driver
 * reads them back, so on a cluster the directory must be on storage every node sees:
 *
 * <ul>
 *   <li>{@code --checkpoint-dir URI} when given (e.g. {@code hdfs://nn/affinity/checkpoints},
 *       {@code s3a://bucket/checkpoints} or a shared mount {@code file:///mnt/shared/checkpoints});</li>
 *   <li>else, on a local master, a temporary directory on this machine;</li>
 *   <li>else, when the store is on a Hadoop file system ({@code s3a://}, {@code hdfs://}),
 *       {@code STORE/_checkpoints};</li>
 *   <li>else the run fails before any work, naming the setting: a cluster has nothing shared to
 *       put them on.</li>
 * </ul>
 *
 * <p>Each run writes under its own sub-directory (the application id), deleted when the run ends.
 */
public final class Checkpoints implements AutoCloseable {
  private final SparkSession spark;
  private final String dir;

  private Checkpoints(SparkSession spark, String dir) {
    this.spark = spark;
    this.dir = dir;
  }

  /**
   * Sets the session's checkpoint directory.
   *
   * @param flag {@code --checkpoint-dir}, or null
   * @param store the store location (a directory or a Hadoop URI), or null when the job has none
   * @throws IllegalArgumentException on a cluster with no shared place for checkpoints
   */
  public static Checkpoints configure(SparkSession spark, String flag, String store) {
    String dir = resolve(spark.sparkContext().isLocal(), spark.sparkContext().master(), flag, store,
        spark.sparkContext().applicationId());
    if (dir == null) {
      // SparkSessions gave a local session a temporary directory on this machine.
      return new Checkpoints(spark, null);
    }
    try {
      spark.sparkContext().setCheckpointDir(dir);
    } catch (Exception e) { // Scala throws the IOException unchecked
      if (!(e instanceof java.io.FileNotFoundException)) {
        throw e instanceof RuntimeException re ? re : new IllegalStateException("cannot use checkpoint directory "
            + dir + ": " + e.getMessage(), e);
      }
      // Spark creates DIR/<uuid> and reads its status back; object stores without directory
      // markers (s3proxy's file backend, some S3-compatible servers) report an empty "directory"
      // as missing. Checkpoint files themselves are ordinary objects, so point Spark at DIR
      // directly: ALS writes DIR/rdd-N/part-* and lists them, which every S3 API supports.
      spark.sparkContext().checkpointDir_$eq(scala.Option.apply(dir));
    }
    return new Checkpoints(spark, dir);
  }

  /**
   * The run's checkpoint directory by the rules above, or null for a local session's temporary
   * directory.
   *
   * @throws IllegalArgumentException on a cluster with nothing shared to put checkpoints on
   */
  static String resolve(boolean local, String master, String flag, String store, String run) {
    if (flag == null && local) {
      return null;
    }
    String root;
    if (flag != null) {
      root = flag;
    } else if (store != null && io.affinity.store.remote.RemoteStore.isRemote(store)) {
      root = store.replaceAll("/+$", "") + "/_checkpoints";
    } else {
      throw new IllegalArgumentException("--checkpoint-dir is required on a cluster (master " + master + "):"
          + " executors write ALS checkpoints that the driver reads back, so they must go to storage every node"
          + " sees, e.g. --checkpoint-dir hdfs://namenode/affinity/checkpoints, s3a://bucket/checkpoints or"
          + " file:///mnt/shared/checkpoints" + (store == null ? ""
          : "; the store " + store + " is a local path, so it gives no default (a store on s3a:// or hdfs:// does)"));
    }
    return root.replaceAll("/+$", "") + "/" + run;
  }

  /** The directory checkpoints of this run go to. */
  public String directory() {
    return dir != null ? dir : spark.sparkContext().getCheckpointDir().getOrElse(() -> "(none)");
  }

  /** Deletes this run's checkpoints (a local session's temporary directory goes at JVM exit). */
  @Override
  public void close() {
    if (dir == null) {
      return;
    }
    try {
      Path p = new Path(dir);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(p, true);
    } catch (IOException | RuntimeException e) {
      System.err.println("warning: could not delete checkpoints " + dir + ": " + e.getMessage());
    }
  }
}
