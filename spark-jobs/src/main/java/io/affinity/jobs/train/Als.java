package io.affinity.jobs.train;

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
   * @param spark the session (its parallelism sets the block count)
   */
  public static ALSModel fit(AlsParams p, SparkSession spark, Dataset<Row> data) {
    // Blocks per side: Spark's default parallelism, at most MLlib's default of 10.
    int blocks = Math.max(1, Math.min(10, spark.sparkContext().defaultParallelism()));
    return new ALS().setImplicitPrefs(true).setNumBlocks(blocks).setRank(p.rank()).setRegParam(p.regParam())
        .setAlpha(p.alpha()).setMaxIter(p.maxIter()).setSeed(p.seed())
        .setUserCol("u").setItemCol("i").setRatingCol("confidence")
        .setColdStartStrategy("drop")
        .fit(data);
  }
}
