package io.affinity.bench.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.affinity.jobs.util.Progress;
import io.affinity.jobs.util.SparkSessions;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * The reference for the train-job benchmark: what a hand-rolled Spark script does at minimum: read
 * the Parquet log, sum weights per (user, item), index ids and fit MLlib ALS once with the same
 * parameters, with no validation, evaluation or publishing. Prints wall time and peak RSS.
 *
 * <p>Usage: {@code AlsBaseline INTERACTIONS RANK ITER REG ALPHA}
 */
public final class AlsBaseline {
  private AlsBaseline() {}

  /** Runs the baseline. */
  public static void main(String[] args) {
    long t0 = System.nanoTime();
    SparkSession spark = SparkSessions.create("als-baseline", null);
    Dataset<Row> log = spark.read().parquet(args[0]);
    Dataset<Row> agg = log.groupBy("user_id", "item_id").agg(sum(
        org.apache.spark.sql.functions.coalesce(col("weight"), org.apache.spark.sql.functions.lit(1.0))).as("c"));
    Dataset<Row> idx = new StringIndexer().setInputCol("item_id").setOutputCol("i").fit(agg).transform(
        new StringIndexer().setInputCol("user_id").setOutputCol("u").fit(agg).transform(agg))
        .select(col("u").cast(DataTypes.IntegerType), col("i").cast(DataTypes.IntegerType), col("c"));
    int blocks = Math.max(1, Math.min(10, spark.sparkContext().defaultParallelism()));
    var model = new ALS().setImplicitPrefs(true).setRank(Integer.parseInt(args[1]))
        .setMaxIter(Integer.parseInt(args[2])).setRegParam(Double.parseDouble(args[3]))
        .setAlpha(Double.parseDouble(args[4])).setNumBlocks(blocks).setSeed(42)
        .setUserCol("u").setItemCol("i").setRatingCol("c").fit(idx);
    long users = model.userFactors().count();
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf("baseline: raw MLlib ALS fit of %d users in %.1fs, peak RSS %d MiB%n", users, secs,
        Progress.peakRssMiB());
    System.out.printf("BASELINE_SECONDS=%.1f%nBASELINE_PEAK_MIB=%d%n", secs, Progress.peakRssMiB());
    spark.stop();
  }
}
