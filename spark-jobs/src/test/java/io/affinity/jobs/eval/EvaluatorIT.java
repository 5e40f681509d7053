package io.affinity.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.testing.LocalSpark;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The public evaluation API on real Spark against numbers computed by hand on a tiny fixture. */
class EvaluatorIT {
  private static final StructType PAIRS = new StructType().add("u", DataTypes.IntegerType).add("i", DataTypes.IntegerType);
  private static final StructType VECTORS = new StructType().add("id", DataTypes.IntegerType)
      .add("features", DataTypes.createArrayType(DataTypes.FloatType));

  private static Dataset<Row> pairs(SparkSession s, int[][] p) {
    return s.createDataFrame(java.util.Arrays.stream(p).map(x -> RowFactory.create(x[0], x[1])).toList(), PAIRS);
  }

  private static Row vec(int id, float... f) {
    java.util.List<Float> l = new java.util.ArrayList<>();
    for (float x : f) {
      l.add(x);
    }
    return RowFactory.create(id, scala.jdk.javaapi.CollectionConverters.asScala(l).toSeq());
  }

  @Test
  void metrics_coverage_gini_and_segments_match_hand_computed_values() {
    SparkSession s = LocalSpark.get();
    // Train: u0 {0,1}, u1 {0,2}, u2 {0}; test: u0 {2}, u1 {1}, u2 {3}. Popularity: 3,1,1,0,0.
    // (1, 2) is repeated: a repeated pair counts once in popularity (training users per item).
    Dataset<Row> train = pairs(s, new int[][] {{0, 0}, {0, 1}, {1, 0}, {1, 2}, {1, 2}, {2, 0}});
    Dataset<Row> test = pairs(s, new int[][] {{0, 2}, {1, 1}, {2, 3}});
    Dataset<Row> items = s.createDataFrame(List.of(vec(0, 1, 0), vec(1, 0, 1), vec(2, 1, 1), vec(3, 2, 0)), VECTORS);
    Dataset<Row> users = s.createDataFrame(List.of(vec(0, 1, 0), vec(1, 0, 1)), VECTORS); // u2 has no vector
    Dataset<Row> attrs = s.createDataFrame(List.of(RowFactory.create(0, "a"), RowFactory.create(1, "b"),
        RowFactory.create(2, null)), new StructType().add("u", DataTypes.IntegerType).add("group", DataTypes.StringType));

    EvaluationResult r = Evaluator.on(train, test, 5).factors("f", users, items).popularity()
        .userAttributes(attrs).cutoffs(2).k(2).evaluate();

    assertEquals(3, r.usersEvaluated());
    // popularity: u0 -> [2,3] hit@1; u1 -> [1,3] hit@1; u2 -> [1,2] miss
    Map<String, Double> pop = r.models().get("popularity");
    assertEquals(2.0 / 3, pop.get("ndcg@2"), 1e-9);
    assertEquals(1.0 / 3, pop.get("precision@2"), 1e-9);
    assertEquals(0.6, pop.get("coverage@2"), 1e-12, "items 1, 2, 3 of 5");
    assertEquals(12.0 / 30, pop.get("gini@2"), 1e-12, "exposure 0,2,2,2,0: sorted weights -4,-2,0,2,4");
    assertEquals(Math.log(3) / Math.log(2), pop.get("novelty@2"), 1e-6, "every listed item has 1 training user of 3");
    // factors: u0 (1,0) -> [3,2], hit at rank 2; u1 (0,1) -> [1,3] hit at rank 1; u2 has no vector: zeros
    Map<String, Double> f = r.models().get("f");
    assertEquals((1 / (Math.log(3) / Math.log(2)) + 1 + 0) / 3, f.get("ndcg@2"), 1e-9);
    assertEquals((0.5 + 1 + 0) / 3, f.get("mrr@2"), 1e-9);
    // embedding diversity of u0's list [3,2]: 1 - cos((2,0),(1,1)); u1's [1,3]: 1 - 0; u2: no list
    assertEquals(((1 - 1 / Math.sqrt(2)) + 1) / 2, f.get("ild_embedding@2"), 1e-6);

    Map<String, EvaluationResult.SegmentResult> seg = r.segments().stream()
        .collect(Collectors.toMap(EvaluationResult.SegmentResult::name, x -> x));
    assertEquals(Map.of("activity=1-4", 3L, "group=(null)", 1L, "group=a", 1L, "group=b", 1L),
        seg.values().stream().collect(Collectors.toMap(EvaluationResult.SegmentResult::name,
            EvaluationResult.SegmentResult::users)));
    assertEquals(1.0, seg.get("group=a").models().get("popularity").get("ndcg@2"), 1e-9);
    assertEquals(0.0, seg.get("group=(null)").models().get("popularity").get("ndcg@2"), 1e-9);
    assertEquals(1.0, seg.get("group=b").models().get("f").get("ndcg@2"), 1e-9);
    assertEquals(6, java.util.Arrays.stream(r.exposureByPopularityDecile().get("popularity")).sum(),
        "3 users x 2 slots");
    assertEquals(4, java.util.Arrays.stream(r.exposureByPopularityDecile().get("f")).sum(),
        "u2 has no vector, so no list");
  }

  /** 400 users, each with 6 training and 2 test items among 50, by a fixed rule. */
  private static Dataset<Row>[] many(SparkSession s) {
    java.util.List<int[]> train = new java.util.ArrayList<>();
    java.util.List<int[]> test = new java.util.ArrayList<>();
    for (int u = 0; u < 400; u++) {
      for (int j = 0; j < 8; j++) {
        int item = (u * 7 + j * 11) % 50;
        (j < 6 ? train : test).add(new int[] {u, item});
      }
    }
    @SuppressWarnings("unchecked")
    Dataset<Row>[] out = new Dataset[] {pairs(s, train.toArray(int[][]::new)), pairs(s, test.toArray(int[][]::new))};
    return out;
  }

  @Test
  void past_the_user_limit_a_deterministic_sample_is_evaluated_with_intervals() {
    SparkSession s = LocalSpark.get();
    Dataset<Row>[] d = many(s);
    EvaluationResult all = Evaluator.on(d[0], d[1], 50).popularity().cutoffs(10).k(10).evaluate();
    EvaluationResult a = Evaluator.on(d[0], d[1], 50).popularity().cutoffs(10).k(10).sample(100, 7).evaluate();
    EvaluationResult b = Evaluator.on(d[0], d[1], 50).popularity().cutoffs(10).k(10).sample(100, 7).evaluate();
    assertEquals(400, all.usersEvaluated());
    assertEquals(400, a.usersWithTestItems());
    assertTrue(a.sampled() && a.usersEvaluated() > 60 && a.usersEvaluated() < 140, "about 100: " + a.usersEvaluated());
    assertEquals(a.usersEvaluated(), b.usersEvaluated(), "the same users every run");
    assertEquals(a.models(), b.models(), "bit-identical");
    double[] ci = a.intervals().get("popularity").get("ndcg@10");
    double point = a.models().get("popularity").get("ndcg@10");
    assertTrue(ci[0] <= point && point <= ci[1] && ci[0] < ci[1], java.util.Arrays.toString(ci) + " around " + point);
    double[] full = all.intervals().get("popularity").get("ndcg@10");
    assertTrue(full[1] - full[0] < ci[1] - ci[0], "four times the users, a narrower interval");
  }

  @Test
  void a_blend_family_is_scored_in_the_same_pass_and_a_pure_weight_equals_its_model() {
    SparkSession s = LocalSpark.get();
    Dataset<Row>[] d = many(s);
    java.util.List<Row> vectors = new java.util.ArrayList<>();
    java.util.List<Row> users = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      vectors.add(vec(i, (float) Math.sin(i), (float) Math.cos(i * 0.7)));
    }
    for (int u = 0; u < 400; u++) {
      users.add(vec(u, (float) Math.cos(u), (float) Math.sin(u * 0.3)));
    }
    Dataset<Row> iv = s.createDataFrame(vectors, VECTORS);
    Dataset<Row> uv = s.createDataFrame(users, VECTORS);
    Dataset<Row> flipped = s.createDataFrame(users.stream().map(r -> vec(r.getInt(0),
        -((Number) r.getList(1).get(0)).floatValue(), ((Number) r.getList(1).get(1)).floatValue())).toList(), VECTORS);
    EvaluationResult r = Evaluator.on(d[0], d[1], 50).factors("a", uv, iv).factors("b", flipped, iv)
        .blends("w=", "a", "b", 2, 3, 0.0, 0.5, 1.0).cutoffs(10).k(10).evaluate();
    assertEquals(r.models().get("a").get("ndcg@10"), r.models().get("w=1.0").get("ndcg@10"));
    assertEquals(r.models().get("b").get("ndcg@10"), r.models().get("w=0.0").get("ndcg@10"));
    assertTrue(r.models().containsKey("w=0.5"));
  }

  @Test
  void misuse_is_refused_with_a_clear_message() {
    SparkSession s = LocalSpark.get();
    Dataset<Row> d = pairs(s, new int[][] {{0, 0}});
    assertThrows(IllegalStateException.class, () -> Evaluator.on(d, d, 1).evaluate());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Evaluator.on(d, d, 1).popularity().popularity());
    assertEquals("a model named 'popularity' was already added", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Evaluator.on(d, d, 0));
    Evaluator once = Evaluator.on(d, d, 1).popularity();
    once.evaluate();
    IllegalStateException again = assertThrows(IllegalStateException.class, once::evaluate);
    assertTrue(again.getMessage().contains("already evaluated"), again.getMessage());
  }
}
