package io.affinity.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.testing.LocalSpark;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Item-kNN's ranked lists from Spark's blocked product equal the single-machine reference (dense
 * scores from {@link ItemKnn#score}, then {@link TopK}), item for item, in one chunk and in many.
 */
class KnnRankingIT {
  private static final int USERS = 300;
  private static final int ITEMS = 120;
  private static final int MAX_K = 20;

  @Test
  void ranked_lists_equal_the_dense_reference_in_one_chunk_and_in_many() {
    SparkSession s = LocalSpark.get();
    List<Row> rows = SparkItemKnnIT.skewedPairs(USERS, ITEMS);
    Map<Integer, List<Integer>> byUser = new TreeMap<>();
    for (Row row : rows) {
      byUser.computeIfAbsent(row.getInt(0), k -> new ArrayList<>()).add(row.getInt(1));
    }
    Dataset<Row> train = s.createDataFrame(rows, new StructType().add("u", DataTypes.IntegerType)
        .add("i", DataTypes.IntegerType));
    Dataset<Row> users = train.groupBy("u").agg(org.apache.spark.sql.functions.collect_list("i").as("train_items"));
    ItemKnn ref = ItemKnn.fit(rows.stream().mapToInt(x -> x.getInt(0)).toArray(),
        rows.stream().mapToInt(x -> x.getInt(1)).toArray(), ITEMS, 10);
    Map<Integer, int[]> expected = reference(ref, byUser);
    SparkItemKnn.Table table = SparkItemKnn.contributions(train, 10, Integer.MAX_VALUE);
    Dataset<Row> contributions = table.rows();
    for (long chunkEntries : new long[] {KnnRanking.DEFAULT_CHUNK_ENTRIES, 97}) {
      KnnRanking.Ranked ranked = KnnRanking.rank(users, contributions, ITEMS, MAX_K, chunkEntries);
      if (chunkEntries == 97) {
        assertTrue(ranked.chunks() > 5, "small chunks split the table: " + ranked.chunks() + " chunks of "
            + ranked.entries() + " entries");
      } else {
        assertEquals(1, ranked.chunks());
      }
      Map<Integer, int[]> got = new HashMap<>();
      for (Row row : ranked.lists().collectAsList()) {
        List<Integer> l = row.getList(1);
        got.put(row.getInt(0), l.stream().mapToInt(Integer::intValue).toArray());
      }
      ranked.release();
      assertEquals(expected.keySet(), got.keySet(), "every user ranked");
      for (var e : expected.entrySet()) {
        assertArrayEquals(e.getValue(), got.get(e.getKey()), "user " + e.getKey() + ", chunks " + ranked.chunks());
      }
    }
    table.release();
  }

  @Test
  void a_bad_chunk_setting_is_refused_by_name_and_value() {
    SparkSession s = LocalSpark.get();
    s.conf().set(KnnRanking.CHUNK_CONF, "lots");
    try {
      // Through the evaluator, which reads the setting when it ranks item-kNN.
      Dataset<Row> pairs = s.createDataFrame(List.of(RowFactory.create(0, 0), RowFactory.create(0, 1),
          RowFactory.create(1, 1)), new StructType().add("u", DataTypes.IntegerType).add("i", DataTypes.IntegerType));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Evaluator.on(pairs, pairs, 2).itemKnn(10).evaluate());
      assertTrue(e.getMessage().contains(KnnRanking.CHUNK_CONF) && e.getMessage().contains("'lots'"), e.getMessage());
      s.conf().set(KnnRanking.CHUNK_CONF, "0");
      assertThrows(IllegalArgumentException.class, () -> io.affinity.jobs.util.SparkSettings.positive(s,
          KnnRanking.CHUNK_CONF, KnnRanking.DEFAULT_CHUNK_ENTRIES, Long.MAX_VALUE));
      s.conf().set(KnnRanking.CHUNK_CONF, " 97 ");
      assertEquals(97, io.affinity.jobs.util.SparkSettings.positive(s, KnnRanking.CHUNK_CONF,
          KnnRanking.DEFAULT_CHUNK_ENTRIES, Long.MAX_VALUE));
    } finally {
      s.conf().unset(KnnRanking.CHUNK_CONF);
    }
    assertEquals(KnnRanking.DEFAULT_CHUNK_ENTRIES, io.affinity.jobs.util.SparkSettings.positive(s,
        KnnRanking.CHUNK_CONF, KnnRanking.DEFAULT_CHUNK_ENTRIES, Long.MAX_VALUE));
  }

  /** Dense scores summed over the user's items in ascending order, training items excluded, TopK's order. */
  private static Map<Integer, int[]> reference(ItemKnn ref, Map<Integer, List<Integer>> byUser) {
    Map<Integer, int[]> out = new HashMap<>();
    TopK top = new TopK(MAX_K);
    int[] excluded = new int[ITEMS];
    int stamp = 0;
    for (var e : byUser.entrySet()) {
      stamp++;
      List<Integer> items = new ArrayList<>(e.getValue());
      items.sort(null);
      float[] scores = new float[ITEMS];
      ref.score(items, scores);
      for (int i : items) {
        excluded[i] = stamp;
      }
      int[] list = new int[MAX_K];
      int got = top.select(scores, excluded, stamp, list);
      out.put(e.getKey(), java.util.Arrays.copyOf(list, got));
    }
    return out;
  }
}
