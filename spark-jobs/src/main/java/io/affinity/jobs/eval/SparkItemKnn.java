package io.affinity.jobs.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
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
 * <p>Nothing grows with the data on the driver: the table stays a Dataset, and {@link KnnRanking}
 * ranks each evaluated user's items against it in blocks.
 */
final class SparkItemKnn {
  /** Columns {@code i} int, {@code to} array&lt;int&gt; (candidates, ascending), {@code w} array&lt;float&gt;. */
  static final StructType CONTRIBUTIONS = new StructType().add("i", DataTypes.IntegerType)
      .add("to", DataTypes.createArrayType(DataTypes.IntegerType, false))
      .add("w", DataTypes.createArrayType(DataTypes.FloatType, false));

  private SparkItemKnn() {}

  /**
   * The contributions table of the train pairs (columns {@code u, i}).
   *
   * @param neighbours neighbours kept per item
   * @param userCap items of one user that enter the co-occurrence counts at most
   */
  static Dataset<Row> contributions(Dataset<Row> train, int neighbours, int userCap) {
    Dataset<Row> pairs = train.select(col("u"), col("i")).distinct();
    Dataset<Row> capped = userCap == Integer.MAX_VALUE ? pairs : pairs.withColumn("rank",
        row_number().over(Window.partitionBy("u").orderBy("i"))).filter(col("rank").leq(userCap)).drop("rank");
    Dataset<Row> sizes = pairs.groupBy("i").agg(count("u").as("n"));
    Dataset<Row> a = capped.select(col("u"), col("i"));
    Dataset<Row> b = capped.select(col("u"), col("i").as("j"));
    // Co-occurrence is symmetric: count each pair once (i < j), then mirror the counts (one pass,
    // where a union would run the self-join twice).
    Dataset<Row> half = a.join(b, "u").filter(col("i").lt(col("j"))).groupBy("i", "j").agg(count("u").as("c"));
    Dataset<Row> co = half.flatMap((FlatMapFunction<Row, Row>) r -> List.of(
        RowFactory.create(r.getInt(0), r.getInt(1), r.getLong(2)),
        RowFactory.create(r.getInt(1), r.getInt(0), r.getLong(2))).iterator(),
        Encoders.row(new StructType().add("i", DataTypes.IntegerType).add("j", DataTypes.IntegerType)
            .add("c", DataTypes.LongType)));
    Dataset<Row> withSizes = co.join(sizes, "i").withColumnRenamed("n", "ni")
        .join(sizes.withColumnRenamed("i", "j").withColumnRenamed("n", "nj"), "j");
    // Per source item i: its neighbours j with the float cosine, best `neighbours` by (cos desc, j asc).
    Dataset<Row> byItem = withSizes.select(col("i"), col("j"), col("c"), col("ni"), col("nj"))
        .groupBy("i").agg(collect_list(struct(col("j"), col("c"), col("ni"), col("nj"))).as("cands"));
    Dataset<Row> kept = byItem.flatMap((FlatMapFunction<Row, Row>) r -> {
      int i = r.getInt(0);
      List<Row> cands = r.getList(1);
      long[] keyed = new long[cands.size()];
      for (int x = 0; x < keyed.length; x++) {
        Row cand = cands.get(x);
        int j = cand.getInt(0);
        float cos = (float) (cand.getLong(1) / Math.sqrt((double) cand.getLong(2) * cand.getLong(3)));
        keyed[x] = ((long) Float.floatToIntBits(cos) << 32) | (Integer.MAX_VALUE - j);
      }
      java.util.Arrays.sort(keyed);
      List<Row> out = new ArrayList<>();
      for (int x = 0; x < Math.min(neighbours, keyed.length); x++) {
        long key = keyed[keyed.length - 1 - x];
        // source i keeps neighbour j: j's score gets this weight from users who have i... turned around below
        out.add(RowFactory.create(Integer.MAX_VALUE - (int) key, i, Float.intBitsToFloat((int) (key >>> 32))));
      }
      return out.iterator();
    }, Encoders.row(new StructType().add("neighbour", DataTypes.IntegerType).add("source", DataTypes.IntegerType)
        .add("w", DataTypes.FloatType)));
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
}
