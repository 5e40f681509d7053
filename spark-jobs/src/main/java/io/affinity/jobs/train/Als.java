package io.affinity.jobs.train;

import io.affinity.jobs.util.SparkProgress;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Fits implicit ALS the same way everywhere (evaluation, gate refits, tuning, the final fit). */
public final class Als {
  private Als() {}

  /**
   * Fits on {@code data} (columns {@code u}, {@code i}, {@code confidence}).
   *
   * @param p the hyper-parameters
   * @param spark the session: its parallelism sets the block count
   */
  public static ALSModel fit(AlsParams p, SparkSession spark, Dataset<Row> data) {
    int blocks = blocks(spark);
    // Tags the fit's jobs so that SparkProgress can say which iteration runs (thread-local).
    org.apache.spark.SparkContext sc = spark.sparkContext();
    String outer = sc.getLocalProperty(SparkProgress.ALS_FIT_PROPERTY);
    sc.setLocalProperty(SparkProgress.ALS_FIT_PROPERTY, SparkProgress.alsFitTag(p.maxIter()));
    try {
      return new ALS().setImplicitPrefs(true).setNumBlocks(blocks).setRank(p.rank()).setRegParam(p.regParam())
          .setAlpha(p.alpha()).setMaxIter(p.maxIter()).setSeed(p.seed())
          .setUserCol("u").setItemCol("i").setRatingCol("confidence")
          .setColdStartStrategy("drop")
          .fit(data);
    } finally {
      sc.setLocalProperty(SparkProgress.ALS_FIT_PROPERTY, outer);
    }
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
