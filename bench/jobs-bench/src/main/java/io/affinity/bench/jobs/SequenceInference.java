package io.affinity.bench.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

import io.affinity.jobs.sequence.SequenceVectors;
import io.affinity.jobs.util.SparkSessions;
import io.affinity.transformers.sequence.SequenceModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Sequence-model inference throughput: user vectors for {@code USERS} seeded random histories
 * (lengths 5 to the model's maximum, items uniform over the catalogue) computed the way the train
 * job does it (executors in Spark local[2], one model per JVM, batches of 512), against the
 * reference measured in the same run: the raw model called on the driver in the same batches,
 * one thread. Both are timed after a warm-up that loads the model.
 *
 * <p>Usage: {@code SequenceInference STORE USERS} (the current snapshot's {@code sequence} model)
 */
public final class SequenceInference {
  private SequenceInference() {}

  /** Runs the benchmark. */
  public static void main(String[] args) {
    io.affinity.store.read.Snapshot snap = new io.affinity.store.read.SnapshotStore(Path.of(args[0])).openCurrent()
        .orElseThrow(() -> new IllegalArgumentException("no current snapshot in " + args[0]));
    Path model = snap.dir().resolve("sequence/model");
    int numItems = snap.vectors("sequence", false).size();
    int users = Integer.parseInt(args[1]);
    int maxLen;
    int[][] histories = new int[users][];
    try (SequenceModel m = SequenceModel.load(model)) {
      maxLen = m.maxLen();
      SplittableRandom rnd = new SplittableRandom(42);
      for (int u = 0; u < users; u++) {
        histories[u] = rnd.ints(5 + rnd.nextInt(maxLen - 4), 0, numItems).toArray();
      }
      m.userVectors(java.util.Arrays.copyOf(histories, 512));
      long t0 = System.nanoTime();
      double check = 0;
      for (int from = 0; from < users; from += 512) {
        float[][] v = m.userVectors(java.util.Arrays.copyOfRange(histories, from, Math.min(users, from + 512)));
        check += v[0][0];
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf("reference (raw model on the driver, batches of 512): %,d users in %.1f s = %,.0f users/s"
          + " (checksum %.3f)%n", users, secs, users / secs, check);
      System.out.printf("REF_USERS_PER_S=%.0f%n", users / secs);
    }
    SparkSession spark = SparkSessions.create("sequence-inference-bench", null);
    List<Row> rows = new ArrayList<>(users);
    for (int u = 0; u < users; u++) {
      rows.add(RowFactory.create(u, java.util.Arrays.stream(histories[u]).boxed().toList()));
    }
    StructType schema = new StructType().add("u", DataTypes.IntegerType)
        .add("items", DataTypes.createArrayType(DataTypes.IntegerType, false));
    Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(8).cache();
    df.count();
    var shipped = io.affinity.jobs.sequence.ShippedModel.ship(spark, model, "sequence");
    SequenceVectors.users(df.limit(1024), shipped).count();
    long t0 = System.nanoTime();
    long dims = SequenceVectors.users(df, shipped).agg(sum(size(col("features")))).first().getLong(0);
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf("Spark local[2] executors (mapPartitions, batches of 512): %,d users in %.1f s = %,.0f users/s"
        + " (%,d floats)%n", users, secs, users / secs, dims);
    System.out.printf("SPARK_USERS_PER_S=%.0f%n", users / secs);
    spark.stop();
  }
}
