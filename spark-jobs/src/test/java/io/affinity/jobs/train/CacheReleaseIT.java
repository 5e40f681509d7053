package io.affinity.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.eval.SplitSpec;
import io.affinity.jobs.generate.GeneratorConfig;
import io.affinity.jobs.generate.SyntheticGenerator;
import io.affinity.jobs.testing.LocalSpark;
import io.affinity.jobs.util.Progress;
import io.affinity.transformers.content.ContentConfig;
import io.affinity.transformers.sequence.SequenceConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: "release every cached dataset when its stage is done". A run with every stage that
 * caches (evaluation with item-kNN and the bootstrap, the sequence and content spaces, the export of
 * every table and graph, and a final fit on all data; then a run whose gate refits the incumbent and
 * whose evaluated users are folded in) must leave no RDD or Dataset cached in the session it ran in: a long-lived
 * session (a notebook, a scheduler that reuses its driver) would otherwise fill its executors'
 * storage with one run's leftovers after another.
 */
class CacheReleaseIT {
  private static final SequenceConfig SEQ = new SequenceConfig(16, 1, 2, 20, 1, 64, 200, 0.005f, 0.1f, 100, 2, 42);
  private static final ContentConfig CONTENT = new ContentConfig(16, 1, 2, 16, 5000, 64, 200, 0.005f, 0.1f, 100, 2, 42);
  @TempDir Path tmp;

  @Test
  void a_full_run_leaves_nothing_cached_in_its_session() {
    Path data = tmp.resolve("gen");
    new SyntheticGenerator(GeneratorConfig.of(300, 400, 12_000, 7)).write(data);
    SparkSession spark = LocalSpark.get();
    Map<Integer, String> before = persisted(spark);
    boolean noDatasetCachedBefore = spark.sharedState().cacheManager().isEmpty();
    TrainConfig cfg = TrainConfig.defaults(data.resolve("interactions").toString(), data.resolve("items").toString(),
        tmp.resolve("store")).withAls(new AlsParams(8, 0.1, 0.3, 5, 42)).withSplit(SplitSpec.leaveLastOut())
        .withSequence(SEQ).withContent(CONTENT);
    TrainResult r = TrainJob.run(spark, cfg, new Progress(System.out, TrainJob.STAGES));
    assertTrue(r.manifest().space("sequence").isPresent() && r.manifest().space("content").isPresent(),
        "the run went through the stages that cache the most");
    // A second run into the same store with another protocol (the default random split) makes the
    // gate refit the first snapshot's parameters on this run's train side: one more ALS fit and split.
    // It folds the evaluated users in instead of a final fit (the first run refit on all data).
    TrainResult again = TrainJob.run(spark, TrainConfig.defaults(data.resolve("interactions").toString(), null,
        tmp.resolve("store")).withAls(new AlsParams(8, 0.1, 0.3, 5, 42)).withFinalFit(FinalFit.FOLD_IN),
        new Progress(System.out, TrainJob.STAGES));
    assertEquals("refit", again.manifest().evaluation().gate().get("method"), "the incumbent was refit");
    assertTrue(String.valueOf(again.manifest().evaluation().protocol().get("fit")).startsWith(
        "the published item vectors are the evaluated model's"), "the evaluated users were folded in");
    assertTrue(String.valueOf(r.manifest().evaluation().protocol().get("fit")).contains("refit on all data"),
        "the first run refit on all data");

    Map<Integer, String> left = persisted(spark);
    left.keySet().removeAll(before.keySet());
    assertEquals(Map.of(), left, "RDDs still persisted after the run (id -> name @ creation site)");
    if (noDatasetCachedBefore) {
      assertTrue(spark.sharedState().cacheManager().isEmpty(),
          "a Dataset the run persisted (even one never computed) is still in the session's cache manager");
    }
  }

  /** Every RDD the context has persisted, by id, with its name and where it was created. */
  private static Map<Integer, String> persisted(SparkSession spark) {
    Map<Integer, String> out = new TreeMap<>();
    for (Map.Entry<Integer, JavaRDD<?>> e : JavaSparkContext.fromSparkContext(spark.sparkContext())
        .getPersistentRDDs().entrySet()) {
      var rdd = e.getValue().rdd();
      out.put(e.getKey(), rdd.name() + " @ " + rdd.creationSite().shortForm());
    }
    return out;
  }
}
