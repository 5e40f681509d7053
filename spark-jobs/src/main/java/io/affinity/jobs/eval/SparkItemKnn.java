package io.affinity.jobs.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The item-kNN baseline computed by Spark, with the same numbers as {@link ItemKnn} (which does it
 * on one machine): co-occurrence counts by a self-join of each user's training items (users with
 * more than {@code userCap} items contribute their first {@code userCap} by item index), cosine
 * {@code |U(i) ∩ U(j)| / sqrt(|U(i)| |U(j)|)} rounded to float exactly as {@link ItemKnn#fit} does,
 * each item's {@code neighbours} best by (cosine, then lower index), and the result turned around:
 * per item {@code i}, the candidates {@code j} that keep {@code i} as a neighbour, with the weight.
 *
 * <p>Nothing grows with the events on the driver: the table stays a Dataset, and {@link KnnRanking}
 * ranks each evaluated user's items against it in blocks. The driver holds one number per item (its
 * user count, broadcast to the tasks that compute cosines), as it does for the popularity baseline.
 */
final class SparkItemKnn {
  /** Columns {@code i} int, {@code to} array&lt;int&gt; (candidates, ascending), {@code w} array&lt;float&gt;. */
  static final StructType CONTRIBUTIONS = new StructType().add("i", DataTypes.IntegerType)
      .add("to", DataTypes.createArrayType(DataTypes.IntegerType, false))
      .add("w", DataTypes.createArrayType(DataTypes.FloatType, false));

  private SparkItemKnn() {}

  /**
   * A contributions table with the broadcast its tasks read: {@link #release()} destroys the
   * broadcast once the table has been used.
   *
   * @param rows the table
   * @param sizes users per item, read by the table's tasks
   */
  record Table(Dataset<Row> rows, Broadcast<long[]> sizes) {
    /** Destroys the broadcast: the table cannot be computed again after. */
    void release() {
      sizes.destroy();
    }
  }

  /**
   * The contributions table of the train pairs (columns {@code u, i}), counting users per item
   * itself (the evaluator shares its counts with the popularity baseline instead).
   *
   * @param neighbours neighbours kept per item
   * @param userCap items of one user that enter the co-occurrence counts at most
   */
  static Table contributions(Dataset<Row> train, int neighbours, int userCap) {
    Dataset<Row> pairs = train.select(col("u"), col("i")).distinct();
    Row max = pairs.agg(org.apache.spark.sql.functions.max("i")).first();
    long[] sizes = usersPerItem(pairs, max.isNullAt(0) ? 0 : max.getInt(0) + 1);
    Broadcast<long[]> shipped = JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext())
        .broadcast(sizes);
    return new Table(contributions(pairs, shipped, neighbours, userCap), shipped);
  }

  /**
   * The contributions table.
   *
   * @param pairs distinct training pairs, columns {@code u, i}
   * @param sizes users per item index ({@link #usersPerItem}), one number per item, broadcast to
   *     the tasks that turn co-occurrence counts into cosines (joining them twice onto every
   *     co-occurring pair cost two shuffles of the whole pair table); alive until the table is used
   * @param neighbours neighbours kept per item
   * @param userCap items of one user that enter the co-occurrence counts at most
   */
  static Dataset<Row> contributions(Dataset<Row> pairs, Broadcast<long[]> sizes, int neighbours, int userCap) {
    Dataset<Row> capped = userCap == Integer.MAX_VALUE ? pairs : pairs.withColumn("rank",
        row_number().over(Window.partitionBy("u").orderBy("i"))).filter(col("rank").leq(userCap)).drop("rank");
    Dataset<Row> a = capped.select(col("u"), col("i"));
    Dataset<Row> b = capped.select(col("u"), col("i").as("j"));
    // Co-occurrence is symmetric: count each pair once (i < j), then mirror the counts (one pass,
    // where a union would run the self-join twice). Each side gets its candidate as one long,
    // (float cosine bits, MAX - j): ascending order is (cosine, then higher index) as TopK ranks.
    Dataset<Row> half = a.join(b, "u").filter(col("i").lt(col("j"))).groupBy("i", "j").agg(count("u").as("c"));
    Dataset<Row> candidates = half.flatMap((FlatMapFunction<Row, Row>) r -> {
      int i = r.getInt(0);
      int j = r.getInt(1);
      long[] n = sizes.value();
      float cos = (float) (r.getLong(2) / Math.sqrt((double) n[i] * n[j]));
      long bits = (long) Float.floatToIntBits(cos) << 32;
      return List.of(RowFactory.create(i, bits | (Integer.MAX_VALUE - j)),
          RowFactory.create(j, bits | (Integer.MAX_VALUE - i))).iterator();
    }, Encoders.row(new StructType().add("i", DataTypes.IntegerType).add("key", DataTypes.LongType)));
    // Per source item i: its best `neighbours` candidates by (cos desc, j asc).
    Dataset<Row> kept = candidates.groupBy("i").agg(collect_list(col("key")).as("keys"))
        .flatMap((FlatMapFunction<Row, Row>) r -> {
          int i = r.getInt(0);
          long[] sorted = io.affinity.jobs.util.SparkArrays.longs(r.<Long>getList(1));
          java.util.Arrays.sort(sorted);
          List<Row> out = new ArrayList<>();
          for (int x = 0; x < Math.min(neighbours, sorted.length); x++) {
            long key = sorted[sorted.length - 1 - x];
            // source i keeps neighbour j: turned around below, per neighbour
            out.add(RowFactory.create(Integer.MAX_VALUE - (int) key, i, Float.intBitsToFloat((int) (key >>> 32))));
          }
          return out.iterator();
        }, Encoders.row(new StructType().add("neighbour", DataTypes.IntegerType)
            .add("source", DataTypes.IntegerType).add("w", DataTypes.FloatType)));
    // contributesTo[neighbour] = sources j that keep it, ascending, with the weight.
    return kept.groupBy("neighbour").agg(collect_list(struct(col("source"), col("w"))).as("l"))
        .map((org.apache.spark.api.java.function.MapFunction<Row, Row>) r -> {
          List<Row> l = r.getList(1);
          long[] keyed = new long[l.size()];
          float[] w = new float[l.size()];
          for (int x = 0; x < keyed.length; x++) {
            keyed[x] = ((long) l.get(x).getInt(0) << 32) | x;
          }
          java.util.Arrays.sort(keyed);
          int[] to = new int[keyed.length];
          for (int x = 0; x < keyed.length; x++) {
            to[x] = (int) (keyed[x] >>> 32);
            w[x] = l.get((int) keyed[x]).getFloat(1);
          }
          return RowFactory.create(r.getInt(0), to, w);
        }, Encoders.row(CONTRIBUTIONS));
  }

  /**
   * Users per item index of distinct training pairs (0 for items without any).
   *
   * @param pairs distinct pairs, columns {@code u, i} with {@code 0 <= i < numItems}
   */
  static long[] usersPerItem(Dataset<Row> pairs, int numItems) {
    long[] sizes = new long[numItems];
    for (Row r : pairs.groupBy("i").agg(count("u").as("n")).collectAsList()) {
      int i = r.getInt(0);
      if (i < 0 || i >= numItems) {
        throw new IllegalArgumentException("training item index " + i + " is outside the index 0.." + (numItems - 1));
      }
      sizes[i] = r.getLong(1);
    }
    return sizes;
  }
}
