package io.affinity.jobs.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * A train/test split of aggregated interactions (see {@link SplitSpec}). Random per-user holdout:
 * for every user with at least two items, {@code max(1, floor(n * f))} of their items (never all
 * of them) go to the test side, chosen by a seeded hash of (user, item), so the split is the same
 * on every run and every cluster layout. Leave-last-out and the global time cut use each pair's
 * {@code last_ts}.
 *
 * @param train the training interactions
 * @param test the held-out interactions
 * @param cached what the split cached and {@link #release()} unpersists: the marked pairs both
 *     sides read (unpersisting {@code train} itself, a filter of it, would release nothing)
 */
public record HoldoutSplit(Dataset<Row> train, Dataset<Row> test, Dataset<Row> cached) {

  /** Unpersists what the split cached; both sides are recomputed from their input if read after. */
  public void release() {
    cached.unpersist();
  }

  /**
   * Splits aggregated interactions with integer columns {@code u} and {@code i}.
   *
   * @param fraction the share held out per user, in (0, 1)
   * @param seed the split seed
   */
  public static HoldoutSplit randomPerUser(Dataset<Row> interactions, double fraction, long seed) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("test fraction must be in (0, 1), got " + fraction);
    }
    Dataset<Row> ranked = interactions
        .withColumn("_rn", row_number().over(Window.partitionBy("u")
            .orderBy(xxhash64(col("u"), col("i"), lit(seed)), col("i"))))
        .withColumn("_n", count(lit(1)).over(Window.partitionBy("u")));
    Column testCount = when(col("_n").geq(2),
        least(greatest(floor(col("_n").multiply(fraction)), lit(1)), col("_n").minus(1)))
        .otherwise(lit(0));
    Dataset<Row> marked = ranked.withColumn("_test", col("_rn").leq(testCount))
        .drop("_rn", "_n").cache();
    return new HoldoutSplit(marked.filter(col("_test").equalTo(false)).drop("_test"),
        marked.filter(col("_test")).drop("_test"), marked);
  }

  /**
   * Leave-last-out: for every user with at least two items, the item with the latest
   * {@code last_ts} (ties: the higher item index) is test; everything else is train.
   */
  public static HoldoutSplit leaveLastOut(Dataset<Row> interactions) {
    Dataset<Row> marked = interactions
        .withColumn("_rn", row_number().over(Window.partitionBy("u")
            .orderBy(col("last_ts").desc(), col("i").desc())))
        .withColumn("_n", count(lit(1)).over(Window.partitionBy("u")))
        .withColumn("_test", col("_rn").equalTo(1).and(col("_n").geq(2)))
        .drop("_rn", "_n").cache();
    return new HoldoutSplit(marked.filter(col("_test").equalTo(false)).drop("_test"),
        marked.filter(col("_test")).drop("_test"), marked);
  }

  /**
   * Global time cut: pairs last seen before {@code cutoff} are train, the others test; test pairs
   * of users with no train pair are dropped (they cannot be ranked for).
   */
  public static HoldoutSplit timeCut(Dataset<Row> interactions, java.time.Instant cutoff) {
    Column isTest = col("last_ts").geq(lit(java.sql.Timestamp.from(cutoff)));
    Dataset<Row> train = interactions.filter(isTest.equalTo(false)).cache();
    Dataset<Row> test = interactions.filter(isTest)
        .join(train.select("u").distinct(), "u");
    return new HoldoutSplit(train, test.select(interactions.columns()[0], java.util.Arrays.copyOfRange(
        interactions.columns(), 1, interactions.columns().length)), train);
  }
}
