package io.affinity.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.testing.LocalSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, "nothing sized by the data on the driver": the hybrid space's score spread (the scale of
 * each space's scores) once collected every item vector to the driver, over a gigabyte at a million
 * items. It is now computed in the executors against a broadcast sample of users.
 */
class HybridSpreadIT {
  private static final int DIM = 64;
  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.IntegerType, false)
      .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false);

  @Test
  void the_spread_is_the_standard_deviation_of_every_sampled_user_against_every_item() {
    SparkSession spark = LocalSpark.get();
    List<Row> users = rows(300, 1);
    List<Row> items = rows(2_000, 2);
    // The reference: the first 256 users by id against every item, on the driver, in doubles.
    List<Row> sample = users.subList(0, 256);
    double sum = 0;
    double sq = 0;
    long n = 0;
    for (Row u : sample) {
      for (Row i : items) {
        double s = 0;
        for (int d = 0; d < DIM; d++) {
          s += ((float[]) u.get(1))[d] * ((float[]) i.get(1))[d];
        }
        sum += s;
        sq += s * s;
        n++;
      }
    }
    double mean = sum / n;
    double expected = Math.sqrt(sq / n - mean * mean);
    // Reversed order and several partitions: the sample is by id, not by position.
    List<Row> reversed = new ArrayList<>(users);
    java.util.Collections.reverse(reversed);
    double got = HybridSpace.spread(spark.createDataFrame(reversed, SCHEMA).repartition(3),
        spark.createDataFrame(items, SCHEMA).repartition(5));
    assertEquals(expected, got, expected * 1e-9, "spread over 256 users x 2,000 items");
    assertEquals(got, HybridSpace.spread(spark.createDataFrame(reversed, SCHEMA).repartition(3),
        spark.createDataFrame(items, SCHEMA).repartition(5)), 0.0, "deterministic for a given partitioning");
  }

  @Test
  void an_item_table_larger_than_the_drivers_result_limit_never_reaches_the_driver() {
    SparkSession spark = LocalSpark.get();
    Dataset<Row> users = spark.createDataFrame(rows(300, 3), SCHEMA);
    // 20,000 items x 64 floats: about 5 MB serialized, five times the 1 MB limit set below.
    Dataset<Row> items = spark.createDataFrame(rows(20_000, 4), SCHEMA).repartition(4).cache();
    items.count();
    SparkConf conf = spark.sparkContext().conf();
    String before = conf.get("spark.driver.maxResultSize", "1g");
    conf.set("spark.driver.maxResultSize", "1m");
    try {
      Exception e = assertThrows(Exception.class, items::collectAsList,
          "the limit binds: collecting the item table fails");
      assertTrue(String.valueOf(e.getMessage()).contains("maxResultSize"), e.getMessage());
      double s = HybridSpace.spread(users, items);
      assertTrue(s > 0 && Double.isFinite(s), "spread " + s);
    } finally {
      conf.set("spark.driver.maxResultSize", before);
      items.unpersist();
    }
  }

  /** {@code n} rows (id, 64 floats in [-1, 1)), ids 0..n-1 in order, seeded. */
  private static List<Row> rows(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Row> out = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      float[] v = new float[DIM];
      for (int d = 0; d < DIM; d++) {
        v[d] = (float) (rnd.nextDouble() * 2 - 1);
      }
      out.add(RowFactory.create(r, v));
    }
    return out;
  }
}
