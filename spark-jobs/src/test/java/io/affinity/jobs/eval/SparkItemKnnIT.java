package io.affinity.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.affinity.jobs.testing.LocalSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Item-kNN computed by Spark equals the single-machine reference, neighbour for neighbour and bit for bit. */
class SparkItemKnnIT {
  @Test
  void contributions_equal_the_single_machine_reference() {
    SparkSession s = LocalSpark.get();
    int users = 300;
    int items = 120;
    List<Row> rows = skewedPairs(users, items);
    Dataset<Row> train = s.createDataFrame(rows, new StructType().add("u", DataTypes.IntegerType)
        .add("i", DataTypes.IntegerType));
    ItemKnn ref = ItemKnn.fit(rows.stream().mapToInt(x -> x.getInt(0)).toArray(),
        rows.stream().mapToInt(x -> x.getInt(1)).toArray(), items, 10);
    int checked = 0;
    SparkItemKnn.Table table = SparkItemKnn.contributions(train, 10, Integer.MAX_VALUE);
    List<Row> computed = table.rows().collectAsList();
    table.release();
    for (Row c : computed) {
      int i = c.getInt(0);
      List<Integer> to = c.getList(1);
      List<Float> w = c.getList(2);
      assertArrayEquals(ref.contributesTo()[i], to.stream().mapToInt(Integer::intValue).toArray(), "item " + i);
      float[] ws = new float[w.size()];
      for (int x = 0; x < ws.length; x++) {
        ws[x] = w.get(x);
      }
      assertArrayEquals(ref.contributions()[i], ws, 0f, "weights of item " + i);
      checked++;
    }
    long nonEmpty = java.util.Arrays.stream(ref.contributesTo()).filter(t -> t.length > 0).count();
    assertEquals(nonEmpty, checked, "every item some candidate keeps as a neighbour");
  }

  /**
   * Distinct (u, i) training pairs of {@code users} users with 1 to 25 items each, item popularity
   * skewed towards low indices (seed 11).
   */
  static List<Row> skewedPairs(int users, int items) {
    SplittableRandom r = new SplittableRandom(11);
    List<Row> rows = new ArrayList<>();
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (int u = 0; u < users; u++) {
      int n = 1 + r.nextInt(25);
      for (int x = 0; x < n; x++) {
        int i = (int) Math.min(items - 1, Math.abs(r.nextGaussian()) * items / 3);
        if (seen.add((long) u * items + i)) {
          rows.add(RowFactory.create(u, i));
        }
      }
    }
    return rows;
  }
}
