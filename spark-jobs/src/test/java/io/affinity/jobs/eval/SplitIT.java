package io.affinity.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.testing.LocalSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The three evaluation splits on real Spark: no test pair leaks into train, and each follows its rule. */
class SplitIT {
  private static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");

  /** 30 users; user u has u % 7 + 1 items, item j of user u last seen at T0 + (u + 3j) days. */
  private static Dataset<Row> interactions(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (int u = 0; u < 30; u++) {
      for (int j = 0; j <= u % 7; j++) {
        rows.add(RowFactory.create(u, (u * 13 + j * 5) % 40, 1.0, Timestamp.from(T0.plusSeconds(86_400L * (u + 3 * j)))));
      }
    }
    StructType schema = new StructType().add("u", DataTypes.IntegerType).add("i", DataTypes.IntegerType)
        .add("confidence", DataTypes.DoubleType).add("last_ts", DataTypes.TimestampType);
    return spark.createDataFrame(rows, schema);
  }

  private static Set<String> pairs(Dataset<Row> d) {
    Set<String> out = new HashSet<>();
    for (Row r : d.collectAsList()) {
      out.add(r.getInt(r.fieldIndex("u")) + ":" + r.getInt(r.fieldIndex("i")));
    }
    return out;
  }

  private static void assertDisjointAndComplete(Dataset<Row> all, HoldoutSplit split, boolean complete) {
    Set<String> train = pairs(split.train());
    Set<String> test = pairs(split.test());
    Set<String> overlap = new HashSet<>(train);
    overlap.retainAll(test);
    assertEquals(Set.of(), overlap, "no test pair is also in train");
    Set<String> union = new HashSet<>(train);
    union.addAll(test);
    if (complete) {
      assertEquals(pairs(all), union, "every pair lands on one side");
    }
    assertEquals(List.of("u", "i", "confidence", "last_ts"), List.of(split.test().columns()));
  }

  @Test
  void random_holdout_is_disjoint_complete_and_keeps_a_train_item_per_user() {
    SparkSession spark = LocalSpark.get();
    Dataset<Row> all = interactions(spark);
    HoldoutSplit split = SplitSpec.random(0.3).apply(all, 42);
    assertDisjointAndComplete(all, split, true);
    Set<Integer> trainUsers = new HashSet<>();
    split.train().collectAsList().forEach(r -> trainUsers.add(r.getInt(0)));
    split.test().collectAsList().forEach(r -> assertTrue(trainUsers.contains(r.getInt(0)), "user " + r.getInt(0)));
    assertEquals(pairs(split.test()), pairs(SplitSpec.random(0.3).apply(all, 42).test()), "same seed, same split");
  }

  @Test
  void with_more_eligible_users_than_evaluated_only_the_hash_sample_holds_out_pairs() {
    SparkSession spark = LocalSpark.get();
    Dataset<Row> all = interactions(spark);
    long eligible = all.groupBy("u").count().filter("count >= 2").count();
    for (SplitSpec spec : List.of(SplitSpec.random(0.3).withMaxUsers(8), SplitSpec.leaveLastOut().withMaxUsers(8))) {
      HoldoutSplit split = spec.apply(all, 42);
      assertDisjointAndComplete(all, split, true);
      assertEquals(eligible, split.sampledFrom(), spec.kind() + ": the eligible users are recorded");
      long keep = (long) Math.ceil(8.0 / eligible * 4294967296.0);
      Set<Integer> holders = new HashSet<>();
      split.test().collectAsList().forEach(r -> holders.add(r.getInt(0)));
      Set<Integer> sample = new HashSet<>();
      for (Row r : all.groupBy("u").count().filter("count >= 2").collectAsList()) {
        if (Evaluator.sampled(r.getInt(0), 42, keep)) {
          sample.add(r.getInt(0));
        }
      }
      assertEquals(sample, holders, spec.kind() + ": exactly the evaluation's hash sample holds out pairs");
      assertTrue(holders.size() < eligible / 2, spec.kind() + ": a sample, not everyone: " + holders.size());
      split.release();
    }
    HoldoutSplit whole = SplitSpec.random(0.3).withMaxUsers(1000).apply(all, 42);
    assertEquals(-1, whole.sampledFrom(), "fewer eligible users than evaluated: everyone holds out");
    assertEquals(pairs(SplitSpec.random(0.3).apply(all, 42).test()), pairs(whole.test()));
  }

  @Test
  void leave_last_out_holds_out_exactly_each_users_latest_item() {
    SparkSession spark = LocalSpark.get();
    Dataset<Row> all = interactions(spark);
    HoldoutSplit split = SplitSpec.leaveLastOut().apply(all, 0);
    assertDisjointAndComplete(all, split, true);
    List<Row> test = split.test().collectAsList();
    assertEquals(30 - 5, test.size(), "one per user with at least two items (users with u % 7 == 0 have one)");
    for (Row r : test) {
      int u = r.getInt(0);
      Timestamp last = r.getTimestamp(3);
      for (Row t : split.train().filter("u = " + u).collectAsList()) {
        assertTrue(t.getTimestamp(3).before(last), "train item of user " + u + " is older than the test item");
      }
    }
  }

  @Test
  void time_cut_puts_everything_from_the_cutoff_on_in_test() {
    SparkSession spark = LocalSpark.get();
    Dataset<Row> all = interactions(spark);
    Instant cut = T0.plusSeconds(86_400L * 20);
    HoldoutSplit split = SplitSpec.timeCut(cut).apply(all, 0);
    assertDisjointAndComplete(all, split, false);
    split.train().collectAsList().forEach(r -> assertTrue(r.getTimestamp(3).toInstant().isBefore(cut)));
    Set<Integer> trainUsers = new HashSet<>();
    split.train().collectAsList().forEach(r -> trainUsers.add(r.getInt(0)));
    List<Row> test = split.test().collectAsList();
    assertTrue(!test.isEmpty());
    for (Row r : test) {
      assertTrue(!r.getTimestamp(3).toInstant().isBefore(cut));
      assertTrue(trainUsers.contains(r.getInt(0)), "only users with training data are evaluated");
    }
  }

  @Test
  void bad_protocols_are_refused_naming_the_flag() {
    var e = assertThrows(IllegalArgumentException.class, () -> new SplitSpec("kfold", 0.2, null));
    assertTrue(e.getMessage().contains("--split"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SplitSpec.random(1.0));
    assertThrows(NullPointerException.class, () -> new SplitSpec("time", 0, null));
    assertEquals("leave-last-out-per-user", SplitSpec.leaveLastOut().describe(1).get("split"));
    assertEquals(T0.toString(), SplitSpec.timeCut(T0).describe(1).get("cutoff"));
  }
}
