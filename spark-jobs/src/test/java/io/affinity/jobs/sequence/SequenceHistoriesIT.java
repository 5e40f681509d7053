package io.affinity.jobs.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.testing.LocalSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: the sequence model's training histories reach the driver as the sample and nothing
 * else. They used to arrive in an array indexed by user, one slot and an empty array for every user
 * of the log (20 bytes a user, sampled or not: 200 MB at 10M users).
 */
class SequenceHistoriesIT {
  private static final StructType PAIRS = new StructType()
      .add("u", DataTypes.IntegerType, false)
      .add("i", DataTypes.IntegerType, false)
      .add("last_ts", DataTypes.LongType, false);

  @Test
  void only_users_with_a_history_take_a_slot_in_user_order_each_in_time_order() {
    SparkSession spark = LocalSpark.get();
    // User indices far apart, as in a log of millions of users where a few are sampled.
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create(9_000_000, 4, 30L));
    rows.add(RowFactory.create(9_000_000, 7, 10L));
    rows.add(RowFactory.create(12, 3, 5L));
    rows.add(RowFactory.create(12, 1, 6L));
    rows.add(RowFactory.create(12, 2, 4L));
    rows.add(RowFactory.create(400, 8, 1L));
    Dataset<Row> h = SequenceVectors.histories(spark.createDataFrame(rows, PAIRS).repartition(3));
    int[][] got = SequenceVectors.collect(h, Long.MAX_VALUE, 42);
    assertEquals(3, got.length, "one entry per user with a history, none for the 9M others");
    assertArrayEquals(new int[] {2, 3, 1}, got[0], "user 12, oldest first");
    assertArrayEquals(new int[] {8}, got[1], "user 400");
    assertArrayEquals(new int[] {7, 4}, got[2], "user 9,000,000");
  }

  @Test
  void a_sample_brings_about_max_users_histories_and_the_same_ones_every_run() {
    SparkSession spark = LocalSpark.get();
    List<Row> rows = new ArrayList<>();
    for (int u = 0; u < 2_000; u++) {
      rows.add(RowFactory.create(u * 1_000, u % 50, 1L));
      rows.add(RowFactory.create(u * 1_000, (u + 1) % 50, 2L));
    }
    Dataset<Row> h = SequenceVectors.histories(spark.createDataFrame(rows, PAIRS).repartition(4));
    int[][] a = SequenceVectors.collect(h, 500, 7);
    int[][] b = SequenceVectors.collect(h, 500, 7);
    assertTrue(a.length > 400 && a.length < 600, "about 500 of 2,000 histories: " + a.length);
    assertEquals(a.length, b.length);
    for (int x = 0; x < a.length; x++) {
      assertArrayEquals(a[x], b[x], "entry " + x);
    }
  }
}
