package io.affinity.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.testing.LocalSpark;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * {@link UserFoldIn} against its exact reference, MLlib itself: every ALS iteration ends by solving
 * each user against the final item vectors, so folding every user in on the pairs the model was
 * fit on must give back the model's own user vectors (up to the order MLlib sums {@code YᵀY} in).
 */
class UserFoldInIT {
  private static final AlsParams P = new AlsParams(8, 0.1, 0.3, 5, 42);
  private static final int USERS = 300;
  private static final int ITEMS = 200;

  @Test
  void folding_in_every_user_gives_back_mllibs_own_user_vectors() {
    SparkSession spark = LocalSpark.get();
    Dataset<Row> pairs = pairs(spark, randomPairs(7));
    Als.Fitted fit = Als.fit(P, spark, pairs);
    ALSModel m = fit.model();
    UserFoldIn.Result r = UserFoldIn.refresh(spark, P, m.userFactors(), m.itemFactors(), pairs,
        pairs.select("u").distinct(), ITEMS);
    try {
      assertEquals(USERS, r.refreshed(), "every user re-solved");
      Map<Integer, float[]> mllib = vectors(m.userFactors());
      Map<Integer, float[]> folded = vectors(r.users());
      assertEquals(mllib.keySet(), folded.keySet());
      double worst = 0;
      for (var e : mllib.entrySet()) {
        float[] a = e.getValue();
        float[] b = folded.get(e.getKey());
        for (int q = 0; q < a.length; q++) {
          worst = Math.max(worst, Math.abs(a[q] - b[q]) / (1 + Math.abs(a[q])));
        }
      }
      System.out.printf("UserFoldInIT: largest difference from MLlib's user vectors %.2e%n", worst);
      assertTrue(worst < 1e-4, "fold-in differs from MLlib's own user update by " + worst);
    } finally {
      r.releaseAll();
      fit.release();
    }
  }

  @Test
  void only_the_chosen_users_change_and_a_pair_of_an_item_without_a_vector_adds_nothing() {
    SparkSession spark = LocalSpark.get();
    List<Row> base = randomPairs(11);
    Dataset<Row> fitOn = pairs(spark, base);
    Als.Fitted fit = Als.fit(P, spark, fitOn);
    ALSModel m = fit.model();
    // Users 0..24 gain a pair of an item the model has a vector for (their vectors must move);
    // users 25..49 one of item 250, which has none (their solve must stay MLlib's own).
    List<Row> more = new ArrayList<>(base);
    for (int u = 0; u < 50; u++) {
      more.add(RowFactory.create(u, u < 25 ? unseen(base, u) : 250, 5.0));
    }
    Dataset<Row> all = pairs(spark, more);
    UserFoldIn.Result r = UserFoldIn.refresh(spark, P, m.userFactors(), m.itemFactors(), all,
        all.select("u").filter("u < 50").distinct(), 300);
    try {
      assertEquals(50, r.refreshed());
      Map<Integer, float[]> before = vectors(m.userFactors());
      Map<Integer, float[]> after = vectors(r.users());
      assertEquals(USERS, after.size(), "every user kept a vector");
      for (int u = 0; u < USERS; u++) {
        float[] a = before.get(u);
        float[] b = after.get(u);
        double moved = 0;
        for (int q = 0; q < P.rank(); q++) {
          moved = Math.max(moved, Math.abs(a[q] - b[q]) / (1 + Math.abs(a[q])));
        }
        if (u >= 50) {
          assertArrayEquals(a, b, "user " + u + " was not chosen: untouched");
        } else if (u >= 25) {
          assertTrue(moved < 1e-4, "user " + u + ": item 250 has no vector, so the solve is MLlib's own: " + moved);
        } else {
          assertTrue(moved > 1e-3, "user " + u + ": a new pair moved the vector: " + moved);
        }
      }
    } finally {
      r.releaseAll();
      fit.release();
    }
  }

  /** The first item index user {@code u} has no pair with. */
  private static int unseen(List<Row> rows, int u) {
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    rows.stream().filter(r -> r.getInt(0) == u).forEach(r -> seen.add(r.getInt(1)));
    int i = 0;
    while (seen.contains(i)) {
      i++;
    }
    return i;
  }

  /** Each user about 15 distinct items; confidences 0 (a zero-weight event), 1, 2, 3 or 4.5. */
  private static List<Row> randomPairs(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] weights = {0, 1, 1, 2, 3, 4.5};
    List<Row> rows = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      java.util.Set<Integer> seen = new java.util.TreeSet<>();
      int n = 5 + rnd.nextInt(20);
      while (seen.size() < n) {
        seen.add(rnd.nextInt(ITEMS));
      }
      for (int i : seen) {
        rows.add(RowFactory.create(u, i, weights[rnd.nextInt(weights.length)]));
      }
    }
    return rows;
  }

  private static Dataset<Row> pairs(SparkSession spark, List<Row> rows) {
    StructType schema = new StructType().add("u", DataTypes.IntegerType, false).add("i", DataTypes.IntegerType, false)
        .add("confidence", DataTypes.DoubleType, false);
    return spark.createDataFrame(rows, schema).repartition(3);
  }

  private static Map<Integer, float[]> vectors(Dataset<Row> table) {
    Map<Integer, float[]> out = new HashMap<>();
    for (Row r : table.collectAsList()) {
      out.put(r.getInt(0), io.affinity.jobs.util.SparkArrays.floats(r.get(1)));
    }
    return out;
  }
}
