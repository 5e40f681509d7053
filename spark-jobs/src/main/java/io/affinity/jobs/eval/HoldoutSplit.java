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
 * <p>The two per-user rules can hold out pairs of a sample of the users only ({@link
 * SplitSpec#apply}: when more users are eligible than are evaluated): the others keep every pair
 * on the train side, where they inform the models and cost the evaluation nothing.
 *
 * @param train the training interactions
 * @param test the held-out interactions
 * @param cached what the split cached and {@link #release()} unpersists: the marked pairs both
 *     sides read (unpersisting {@code train} itself, a filter of it, would release nothing)
 * @param sampledFrom when only a hash sample of the eligible users held out pairs, how many users
 *     were eligible (the test side then holds the evaluation's sample, {@link Evaluator#on(
 *     HoldoutSplit, int)}); -1 when every eligible user held out pairs
 */
public record HoldoutSplit(Dataset<Row> train, Dataset<Row> test, Dataset<Row> cached, long sampledFrom) {

  /** A split where every eligible user held out pairs. */
  public HoldoutSplit(Dataset<Row> train, Dataset<Row> test, Dataset<Row> cached) {
    this(train, test, cached, -1);
  }

  /** Whether only a sample of the eligible users held out pairs. */
  public boolean sampled() {
    return sampledFrom >= 0;
  }

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
    return randomPerUser(interactions, fraction, seed, lit(true), -1);
  }

  /**
   * Like {@link #randomPerUser(Dataset, double, long)}, holding out pairs only of the users for whom
   * {@code heldOut} is true.
   *
   * @param sampledFrom the eligible users the holders were sampled from, -1 when {@code heldOut}
   *     is true for all
   */
  public static HoldoutSplit randomPerUser(Dataset<Row> interactions, double fraction, long seed, Column heldOut,
      long sampledFrom) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("test fraction must be in (0, 1), got " + fraction);
    }
    Dataset<Row> ranked = interactions
        .withColumn("_rn", row_number().over(Window.partitionBy("u")
            .orderBy(xxhash64(col("u"), col("i"), lit(seed)), col("i"))))
        .withColumn("_n", count(lit(1)).over(Window.partitionBy("u")));
    Column testCount = when(col("_n").geq(2).and(heldOut),
        least(greatest(floor(col("_n").multiply(fraction)), lit(1)), col("_n").minus(1)))
        .otherwise(lit(0));
    Dataset<Row> marked = ranked.withColumn("_test", col("_rn").leq(testCount))
        .drop("_rn", "_n").cache();
    return new HoldoutSplit(marked.filter(col("_test").equalTo(false)).drop("_test"),
        marked.filter(col("_test")).drop("_test"), marked, sampledFrom);
  }

  /**
   * Leave-last-out: for every user with at least two items, the item with the latest
   * {@code last_ts} (ties: the higher item index) is test; everything else is train.
   */
  public static HoldoutSplit leaveLastOut(Dataset<Row> interactions) {
    return leaveLastOut(interactions, lit(true), -1);
  }

  /**
   * Leave-last-out for the users for whom {@code heldOut} is true only.
   *
   * @param sampledFrom the eligible users the holders were sampled from, -1 when {@code heldOut}
   *     is true for all
   */
  public static HoldoutSplit leaveLastOut(Dataset<Row> interactions, Column heldOut, long sampledFrom) {
    Dataset<Row> marked = interactions
        .withColumn("_rn", row_number().over(Window.partitionBy("u")
            .orderBy(col("last_ts").desc(), col("i").desc())))
        .withColumn("_n", count(lit(1)).over(Window.partitionBy("u")))
        .withColumn("_test", col("_rn").equalTo(1).and(col("_n").geq(2)).and(heldOut))
        .drop("_rn", "_n").cache();
    return new HoldoutSplit(marked.filter(col("_test").equalTo(false)).drop("_test"),
        marked.filter(col("_test")).drop("_test"), marked, sampledFrom);
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
