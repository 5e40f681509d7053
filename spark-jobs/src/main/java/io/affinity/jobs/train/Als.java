package io.affinity.jobs.train;

import io.affinity.jobs.util.SparkProgress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Fits implicit ALS the same way everywhere (evaluation, gate refits, tuning, the final fit). */
public final class Als {
  private Als() {}

  /**
   * A fitted model and the factor RDDs MLlib cached for it ({@code userFactors}, {@code itemFactors},
   * persisted with its final storage level). Nothing else holds them strongly: without
   * {@link #release()} they stay on the executors until a garbage collection lets Spark's context
   * cleaner find them, which in a long-lived session (a notebook) can be never.
   *
   * @param model the model
   * @param cached the factor RDDs the fit left persisted
   */
  public record Fitted(ALSModel model, List<RDD<?>> cached) {
    /** Unpersists the factor RDDs; the model's factors are recomputed (the whole fit) if read after. */
    public void release() {
      cached.forEach(r -> r.unpersist(false));
    }
  }

  /**
   * Fits on {@code data} (columns {@code u}, {@code i}, {@code confidence}); the caller
   * {@link Fitted#release() releases} the model's cached factors when it is done with them.
   *
   * @param p the hyper-parameters
   * @param spark the session: its parallelism sets the block count
   */
  public static Fitted fit(AlsParams p, SparkSession spark, Dataset<Row> data) {
    int blocks = blocks(spark);
    // Tags the fit's jobs so that SparkProgress can say which iteration runs (thread-local).
    org.apache.spark.SparkContext sc = spark.sparkContext();
    String outer = sc.getLocalProperty(SparkProgress.ALS_FIT_PROPERTY);
    sc.setLocalProperty(SparkProgress.ALS_FIT_PROPERTY, SparkProgress.alsFitTag(p.maxIter()));
    Set<Object> before = new HashSet<>(persisted(sc).keySet());
    try {
      ALSModel model = new ALS().setImplicitPrefs(true).setNumBlocks(blocks).setRank(p.rank())
          .setRegParam(p.regParam()).setAlpha(p.alpha()).setMaxIter(p.maxIter()).setSeed(p.seed())
          .setUserCol("u").setItemCol("i").setRatingCol("confidence")
          .setColdStartStrategy("drop")
          .fit(data);
      List<RDD<?>> cached = new ArrayList<>();
      // MLlib names the two RDDs it leaves persisted; matching the names too keeps out anything
      // another thread of the driver persisted during the fit.
      persisted(sc).forEach((id, rdd) -> {
        if (!before.contains(id) && FACTOR_RDD_NAMES.contains(String.valueOf(rdd.name()))) {
          cached.add(rdd);
        }
      });
      return new Fitted(model, List.copyOf(cached));
    } finally {
      sc.setLocalProperty(SparkProgress.ALS_FIT_PROPERTY, outer);
    }
  }

  /** The names MLlib gives the factor RDDs it persists for a model. */
  static final Set<String> FACTOR_RDD_NAMES = Set.of("userFactors", "itemFactors");

  private static Map<Object, RDD<?>> persisted(org.apache.spark.SparkContext sc) {
    Map<Object, RDD<?>> out = new HashMap<>();
    scala.jdk.javaapi.CollectionConverters.asJava(sc.getPersistentRDDs()).forEach(out::put);
    return out;
  }

  /**
   * ALS blocks per side: {@code --conf spark.affinity.als.blocks=N}, else the cluster's default
   * parallelism (its executor cores), so every core gets a block; MLlib's default of 10 left a
   * 64-core cluster with 10 tasks per ALS stage.
   */
  static int blocks(SparkSession spark) {
    return (int) io.affinity.jobs.util.SparkSettings.positive(spark, BLOCKS_CONF,
        Math.max(1, spark.sparkContext().defaultParallelism()), Integer.MAX_VALUE);
  }

  /** The Spark setting that overrides the ALS block count. */
  public static final String BLOCKS_CONF = "spark.affinity.als.blocks";
}
