package io.affinity.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.eval.SplitSpec;
import io.affinity.jobs.gate.GateSpec;
import io.affinity.jobs.generate.GeneratorConfig;
import io.affinity.jobs.generate.SyntheticGenerator;
import io.affinity.jobs.testing.LocalSpark;
import io.affinity.jobs.util.Progress;
import io.affinity.store.manifest.IndexInfo;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.read.Snapshot;
import io.affinity.store.read.SnapshotStore;
import io.affinity.store.read.VectorTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train job in local[2] Spark over real Parquet files, publishing into a real store. */
class TrainJobIT {
  private static final AlsParams SMALL = new AlsParams(16, 0.1, 0.3, 8, 42);
  @TempDir static Path shared;
  private static Path generated;
  @TempDir Path tmp;

  @BeforeAll
  static void generate() {
    generated = shared.resolve("gen");
    new SyntheticGenerator(GeneratorConfig.of(600, 1_500, 30_000, 5)).write(generated);
  }

  private static TrainResult train(TrainConfig cfg) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    TrainResult r = TrainJob.run(LocalSpark.get(), cfg, new Progress(new PrintStream(buf, true, StandardCharsets.UTF_8), TrainJob.STAGES));
    System.out.print(buf.toString(StandardCharsets.UTF_8));
    return r;
  }

  @Test
  void als_beats_popularity_on_ndcg_and_the_snapshot_is_complete_and_current() throws Exception {
    Path store = tmp.resolve("store");
    Path usersTable = tmp.resolve("users");
    List<Row> attrs = new ArrayList<>();
    LocalSpark.get().read().parquet(generated.resolve("interactions").toString()).select("user_id").distinct()
        .collectAsList().forEach(r -> attrs.add(RowFactory.create(r.getString(0),
            Math.floorMod(r.getString(0).hashCode(), 2) == 0 ? "even" : "odd")));
    LocalSpark.get().createDataFrame(attrs, new StructType().add("user_id", DataTypes.StringType)
        .add("cohort", DataTypes.StringType)).write().parquet(usersTable.toString());
    TrainConfig cfg = TrainConfig.defaults(generated.resolve("interactions").toString(),
        generated.resolve("items").toString(), store).withAls(SMALL).withUsers(usersTable.toString());
    TrainResult result = train(cfg);
    Manifest m = result.manifest();
    assertEquals("passed", result.gate().outcome(), "no current snapshot: nothing to beat");
    assertEquals("none", m.evaluation().gate().get("method"));

    for (String model : List.of("als", "popularity", "item_knn")) {
      var mm = m.evaluation().models().get(model);
      for (String metric : List.of("coverage@10", "gini@10", "novelty@10", "pop_percentile@10", "ild_tags@10",
          "ild_embedding@10")) {
        assertTrue(mm.containsKey(metric), model + " " + metric + " in " + mm.keySet());
      }
    }
    var pm = m.evaluation().models().get("popularity");
    var am = m.evaluation().models().get("als");
    assertTrue(am.get("coverage@10") > 5 * pm.get("coverage@10"),
        "ALS covers far more of the catalogue than popularity: " + am.get("coverage@10") + " vs " + pm.get("coverage@10"));
    assertTrue(pm.get("gini@10") > am.get("gini@10"), "popularity concentrates exposure more than ALS");
    assertTrue(pm.get("pop_percentile@10") > am.get("pop_percentile@10"));
    assertTrue(am.get("novelty@10") > pm.get("novelty@10"));
    for (String f : List.of("metrics.json", "report.html")) {
      assertTrue(m.files().stream().anyMatch(e -> e.path().equals(f)), f + " is listed and checksummed");
    }
    var metricsJson = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(store.resolve("snapshots").resolve(m.snapshotId()).resolve("metrics.json").toFile());
    List<String> segmentNames = new ArrayList<>();
    long activityUsers = 0;
    for (var seg : metricsJson.get("segments")) {
      segmentNames.add(seg.get("name").asText());
      if (seg.get("name").asText().startsWith("activity=")) {
        activityUsers += seg.get("users").asLong();
      }
      assertTrue(seg.get("models").get("als").has("ndcg@10"), seg.toString());
    }
    assertEquals(metricsJson.get("usersEvaluated").asLong(), activityUsers, "activity buckets partition the users");
    assertTrue(segmentNames.stream().filter(n -> n.startsWith("activity=")).count() >= 3,
        "users with 1-4, 5-19 and 20-99 training items exist in this data: " + segmentNames);
    assertTrue(segmentNames.containsAll(List.of("cohort=even", "cohort=odd")), segmentNames.toString());

    double als = m.evaluation().metric("als", "ndcg@10");
    double pop = m.evaluation().metric("popularity", "ndcg@10");
    assertTrue(als > pop + 0.05, "ALS NDCG@10 " + als + " should clearly beat popularity " + pop);
    double knn = m.evaluation().metric("item_knn", "ndcg@10");
    assertTrue(knn > pop, "item-kNN NDCG@10 " + knn + " should beat popularity " + pop + " on clustered tastes");
    var alsMetrics = m.evaluation().models().get("als");
    assertTrue(alsMetrics.get("recall@5") <= alsMetrics.get("recall@10")
        && alsMetrics.get("recall@10") <= alsMetrics.get("recall@20"), "recall grows with k: " + alsMetrics);
    assertTrue(alsMetrics.get("hit_rate@20") >= alsMetrics.get("hit_rate@5"), "hit rate grows with k");
    for (String metric : List.of("precision@10", "recall@10", "ndcg@10", "map@10", "mrr@10", "ndcg@5", "ndcg@20")) {
      assertTrue(m.evaluation().models().get("als").containsKey(metric), metric);
      assertTrue(m.evaluation().models().get("popularity").containsKey(metric), metric);
      assertTrue(m.evaluation().models().get("item_knn").containsKey(metric), metric);
    }
    assertEquals("random-per-user-holdout", m.evaluation().protocol().get("split"));
    assertEquals(30_000L, m.inputs().get(0).rowsRead());
    assertEquals(16, m.space("als").orElseThrow().dimension());
    assertEquals(16, ((Number) m.parameters().get("rank")).intValue());

    SnapshotStore store2 = new SnapshotStore(store);
    assertEquals(m.snapshotId(), store2.current().orElseThrow());
    Snapshot snap = store2.openCurrent().orElseThrow();
    VectorTable users = snap.vectors("als", true);
    VectorTable items = snap.vectors("als", false);
    assertEquals(600, users.size());
    assertTrue(items.size() > 1_000 && items.size() <= 1_500, "items with interactions: " + items.size());
    assertEquals(16, users.dim());
    List<String> known = new ArrayList<>();
    snap.forEachKnownItems(r -> known.add(r.userId()));
    assertEquals(600, known.size());
    assertTrue(m.table("catalog").isPresent());
    var graph = m.index("als", IndexInfo.GRAPH).orElseThrow();
    assertEquals(items.size(), graph.nodes(), "one graph node per item vector");
    assertEquals(16, graph.dimension(), "the graph is over the item directions, no MIPS dimension");
    assertEquals(IndexInfo.GRAPH_ALGORITHM, graph.algorithm());
    assertEquals(1, graph.parts().size());
    assertTrue(m.index("als", IndexInfo.RECOMMEND).isEmpty() && m.index("als", IndexInfo.SIMILAR).isEmpty(),
        "no legacy per-purpose indexes");
    for (String path : List.of("als/items.graph")) {
      assertTrue(m.files().stream().anyMatch(f -> f.path().equals(path)), path + " is listed and checksummed");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void a_baseline_that_beats_als_is_warned_about_in_the_manifest_and_the_report() throws Exception {
    // One iteration of a rank-2, heavily regularised ALS: item-kNN beats it by far.
    TrainConfig cfg = TrainConfig.defaults(generated.resolve("interactions").toString(), null, tmp.resolve("weak"))
        .withAls(new AlsParams(2, 50, 0.3, 1, 42));
    Manifest m = train(cfg).manifest();
    double als = m.evaluation().metric("als", "ndcg@10");
    double knn = m.evaluation().metric("item_knn", "ndcg@10");
    assertTrue(knn > als * 1.01, "the fixture must make the baseline win: item_knn " + knn + " vs als " + als);
    Map<String, Object> served = (Map<String, Object>) m.parameters().get("servedSpace");
    assertEquals("als", served.get("space"), "the only trained space still serves");
    String warning = (String) served.get("baselineWarning");
    assertTrue(warning != null && warning.contains("item_knn baseline beats every trained model on ndcg@10")
        && warning.contains("affinity tune"), String.valueOf(warning));
    Path dir = tmp.resolve("weak/snapshots").resolve(m.snapshotId());
    assertTrue(Files.readString(dir.resolve("metrics.json")).contains("baselineWarning"));
    assertTrue(Files.readString(dir.resolve("report.html")).contains("baseline-warning"));

    Manifest strong = train(TrainConfig.defaults(generated.resolve("interactions").toString(), null,
        tmp.resolve("strong")).withAls(SMALL)).manifest();
    Map<String, Object> ok = (Map<String, Object>) strong.parameters().get("servedSpace");
    assertEquals("als", ok.get("space"));
    assertTrue(!ok.containsKey("baselineWarning") || strong.evaluation().metric("item_knn", "ndcg@10")
        > strong.evaluation().metric("als", "ndcg@10") * 1.01, "no warning when ALS is within tolerance: " + ok);
  }

  @Test
  void training_twice_with_the_same_seed_gives_the_same_metrics() {
    TrainConfig a = TrainConfig.defaults(generated.resolve("interactions").toString(), null, tmp.resolve("a")).withAls(SMALL);
    TrainConfig b = TrainConfig.defaults(generated.resolve("interactions").toString(), null, tmp.resolve("b")).withAls(SMALL);
    Manifest first = train(a).manifest();
    Manifest second = train(b).manifest();
    assertEquals(first.evaluation().models(), second.evaluation().models());
  }

  private static final StructType LOG_SCHEMA = new StructType()
      .add("user_id", DataTypes.StringType).add("item_id", DataTypes.StringType)
      .add("event_type", DataTypes.StringType).add("weight", DataTypes.DoubleType)
      .add("ts", DataTypes.TimestampType);

  private static Row row(String u, String i, String type, Double w, Timestamp ts) {
    return RowFactory.create(u, i, type, w, ts);
  }

  @Test
  void the_split_protocol_is_recorded_with_the_metrics() {
    TrainConfig cfg = TrainConfig.defaults(generated.resolve("interactions").toString(), null, tmp.resolve("last"))
        .withAls(SMALL).withSplit(SplitSpec.leaveLastOut());
    Manifest m = train(cfg).manifest();
    assertEquals("leave-last-out-per-user", m.evaluation().protocol().get("split"));
    assertFalse(m.evaluation().protocol().containsKey("testFraction"), "no random-split parameters recorded");
    double ndcg = m.evaluation().metric("als", "ndcg@10");
    assertTrue(ndcg > 0 && ndcg <= 1, "leave-last-out NDCG@10 " + ndcg);
    assertTrue(((Number) m.evaluation().protocol().get("testPairs")).longValue() <= 600, "one test item per user");
  }

  @Test
  void every_bad_row_kind_is_counted_by_reason_and_quarantined() {
    SparkSession spark = LocalSpark.get();
    Timestamp t = Timestamp.valueOf("2026-01-01 00:00:00");
    List<Row> rows = new ArrayList<>();
    for (int u = 0; u < 30; u++) {
      for (int i = 0; i < 8; i++) {
        rows.add(row("u" + u, "i" + ((u + i) % 20), "view", null, new Timestamp(t.getTime() + i * 1000L)));
      }
    }
    rows.add(row(null, "i1", "view", 1.0, t));
    rows.add(row("  ", "i1", "view", 1.0, t));
    rows.add(row("u1", null, "view", 1.0, t));
    rows.add(row("u1", "i1", "view", 1.0, null));
    rows.add(row("u1", "i1", "view", Double.NaN, t));
    rows.add(row("u1", "i1", "view", -2.0, t));
    rows.add(row("u2", "i2", "view", Double.POSITIVE_INFINITY, t));
    rows.add(row("u3", "i3", "purchase", 2.0, t));
    rows.add(row("u3", "i3", "purchase", 2.0, t)); // exact duplicate of the previous row
    Path log = tmp.resolve("log");
    spark.createDataFrame(rows, LOG_SCHEMA).coalesce(1).write().parquet(log.toString());

    TrainConfig cfg = new TrainConfig(log.toString(), null, tmp.resolve("store"), SMALL, null, true, SplitSpec.DEFAULT, 10,
        true, tmp.resolve("quarantine"), false, null, GateSpec.defaults(10), null, null);
    Manifest m = train(cfg).manifest();
    Map<String, Long> dropped = m.inputs().get(0).rowsDropped();
    assertEquals(Map.of("null_user_id", 2L, "null_item_id", 1L, "null_ts", 1L, "bad_weight", 3L, "duplicate", 1L), dropped);
    assertEquals(rows.size(), m.inputs().get(0).rowsRead());
    assertEquals(rows.size() - 8, m.inputs().get(0).rowsKept());

    Dataset<Row> q = spark.read().parquet(tmp.resolve("quarantine").toString());
    assertEquals(8, q.count());
    Set<String> reasons = new HashSet<>();
    q.select("reason").collectAsList().forEach(r -> reasons.add(r.getString(0)));
    assertEquals(dropped.keySet(), reasons);

    // Above the configured bad-row ratio the job fails, names the ratio, and still quarantines.
    double ratio = 8.0 / rows.size();
    TrainConfig strict = new TrainConfig(log.toString(), null, tmp.resolve("store-strict"), SMALL, null, true,
        SplitSpec.DEFAULT, 10, true, tmp.resolve("quarantine-strict"), false, null, GateSpec.defaults(10), null, null)
        .withMaxBadRowRatio(ratio / 2);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> train(strict));
    assertTrue(e.getMessage().contains("above --max-bad-row-ratio " + ratio / 2) && e.getMessage().contains("8 of "),
        e.getMessage());
    assertEquals(8, spark.read().parquet(tmp.resolve("quarantine-strict").toString()).count(), "nothing lost");
    assertTrue(new io.affinity.store.read.SnapshotStore(tmp.resolve("store-strict")).current().isEmpty(),
        "nothing published");
  }

  @Test
  void a_missing_or_mistyped_column_is_an_error_naming_it() {
    SparkSession spark = LocalSpark.get();
    Path noTs = tmp.resolve("no-ts");
    spark.createDataFrame(List.of(RowFactory.create("u", "i")), new StructType()
        .add("user_id", DataTypes.StringType).add("item_id", DataTypes.StringType)).write().parquet(noTs.toString());
    IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class,
        () -> train(TrainConfig.defaults(noTs.toString(), null, tmp.resolve("s1")).withAls(SMALL)));
    assertTrue(e1.getMessage().contains("missing required column 'ts'"), e1.getMessage());
    assertEquals(List.of(), new SnapshotStore(tmp.resolve("s1")).list(), "nothing published");
    assertTrue(isEmptyOrAbsent(tmp.resolve("s1/_staging")), "failed run leaves no staging directory");

    Path badWeight = tmp.resolve("bad-weight");
    spark.createDataFrame(List.of(RowFactory.create("u", "i", "heavy", Timestamp.valueOf("2026-01-01 00:00:00"))),
        new StructType().add("user_id", DataTypes.StringType).add("item_id", DataTypes.StringType)
            .add("weight", DataTypes.StringType).add("ts", DataTypes.TimestampType)).write().parquet(badWeight.toString());
    IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
        () -> train(TrainConfig.defaults(badWeight.toString(), null, tmp.resolve("s2")).withAls(SMALL)));
    assertTrue(e2.getMessage().contains("column 'weight' has type string"), e2.getMessage());

    IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class,
        () -> train(TrainConfig.defaults(tmp.resolve("nothing-here").toString(), null, tmp.resolve("s3")).withAls(SMALL)));
    assertTrue(e3.getMessage().contains("nothing-here"), e3.getMessage());
  }

  private static boolean isEmptyOrAbsent(Path dir) {
    if (!java.nio.file.Files.exists(dir)) {
      return true;
    }
    try (var s = java.nio.file.Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void input_can_be_a_glob_a_hive_partitioned_tree_or_a_nested_date_tree() {
    SparkSession spark = LocalSpark.get();
    Dataset<Row> all = spark.read().parquet(generated.resolve("interactions").toString());
    Path hive = tmp.resolve("hive");
    all.withColumn("dt", org.apache.spark.sql.functions.to_date(all.col("ts")))
        .write().partitionBy("dt").parquet(hive.toString());
    Path nested = tmp.resolve("nested");
    all.filter("ts < '2026-02-15'").write().parquet(nested.resolve("2026/01").toString());
    all.filter("ts >= '2026-02-15'").write().parquet(nested.resolve("2026/02").toString());
    long expected = all.count();
    for (String input : List.of(hive.toString(), nested.toString(),
        generated.resolve("interactions").resolve("part-*.parquet").toString())) {
      TrainConfig cfg = new TrainConfig(input, null, tmp.resolve("s-" + Math.abs(input.hashCode())),
          new AlsParams(4, 0.1, 0.3, 2, 1), null, false, SplitSpec.DEFAULT, 10, true, null, false, null,
          GateSpec.defaults(10), null, null);
      assertEquals(expected, train(cfg).manifest().inputs().get(0).rowsRead(), input);
    }
  }
}
