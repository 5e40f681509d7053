package io.affinity.jobs.sequence;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;

import io.affinity.transformers.sequence.SequenceModel;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Item histories and batched inference. Histories are each user's items ordered by the last
 * time they touched them (ties by item index). Inference runs in executors: each partition feeds
 * {@value #BATCH} users (or items) at a time to the executor's shared model.
 */
public final class SequenceVectors {
  /** Rows per inference call. */
  static final int BATCH = 512;
  /** The vector-table layout the exporters read: {@code id} int, {@code features} array&lt;float&gt;. */
  public static final StructType SCHEMA = new StructType().add("id", DataTypes.IntegerType)
      .add("features", DataTypes.createArrayType(DataTypes.FloatType, false));

  private SequenceVectors() {}

  /** Per user, the ordered item indices: columns {@code u, items}. */
  public static Dataset<Row> histories(Dataset<Row> pairs) {
    return pairs.groupBy("u").agg(sort_array(collect_list(struct(col("last_ts"), col("i")))).as("events"))
        .select(col("u"), col("events.i").as("items"));
  }

  /**
   * Like {@link #histories(Dataset)}, each cut in Spark to its last {@code keep} items (the model
   * reads at most its maximum length plus the item that follows), so no row grows with a heavy
   * user's history.
   */
  public static Dataset<Row> histories(Dataset<Row> pairs, int keep) {
    Dataset<Row> h = histories(pairs);
    return h.select(col("u"), org.apache.spark.sql.functions.when(org.apache.spark.sql.functions.size(col("items"))
        .gt(keep), org.apache.spark.sql.functions.slice(col("items"), -keep, keep)).otherwise(col("items"))
        .as("items"));
  }

  /** The Spark setting bounding the users whose histories train the model (default {@value #DEFAULT_TRAIN_USERS}). */
  public static final String TRAIN_USERS_CONF = "spark.affinity.seq.trainUsers";
  /** Users whose histories reach the driver to train the model, at most, by default. */
  public static final long DEFAULT_TRAIN_USERS = 200_000;

  /**
   * The training histories on the driver, in user order: all of them when at most {@code maxUsers}
   * users have one, else a deterministic hash sample of about that many, chosen in Spark so only
   * the sample is collected. Users without a history take no slot (an array indexed by user was
   * 20 bytes per user of the whole log, sampled or not); the trainer reads them in this order.
   */
  public static int[][] collect(Dataset<Row> histories, long maxUsers, long seed) {
    long have = histories.count();
    Dataset<Row> chosen = histories;
    if (have > maxUsers) {
      long keep = (long) Math.ceil((double) maxUsers / have * 4294967296.0);
      chosen = histories.filter((org.apache.spark.api.java.function.FilterFunction<Row>) r ->
          io.affinity.jobs.eval.Evaluator.sampled(r.getInt(0), seed, keep));
    }
    return collect(chosen);
  }

  /** The histories on the driver in user order, one entry per row of {@code histories}. */
  public static int[][] collect(Dataset<Row> histories) {
    List<Row> rows = histories.orderBy("u").collectAsList();
    int[][] out = new int[rows.size()][];
    for (int r = 0; r < out.length; r++) {
      out[r] = io.affinity.jobs.util.SparkArrays.ints(rows.get(r).<Integer>getList(1));
    }
    return out;
  }

  /** User vectors computed in executors from {@code histories} (columns {@code u, items}). */
  public static Dataset<Row> users(Dataset<Row> histories, ShippedModel model) {
    return histories.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> {
      SequenceModel m = model.load(SequenceModel::load);
      List<Row> out = new ArrayList<>();
      List<Integer> ids = new ArrayList<>(BATCH);
      List<int[]> batch = new ArrayList<>(BATCH);
      while (rows.hasNext()) {
        Row r = rows.next();
        ids.add(r.getInt(0));
        batch.add(r.<Integer>getList(1).stream().mapToInt(Integer::intValue).toArray());
        if (batch.size() == BATCH || !rows.hasNext()) {
          float[][] v = m.userVectors(batch.toArray(int[][]::new));
          for (int x = 0; x < v.length; x++) {
            out.add(RowFactory.create(ids.get(x), v[x]));
          }
          ids.clear();
          batch.clear();
        }
      }
      return out.iterator();
    }, Encoders.row(SCHEMA));
  }

  /** Item vectors for indices {@code 0 .. numItems-1}, computed in executors. */
  public static Dataset<Row> items(SparkSession spark, int numItems, ShippedModel model) {
    return spark.range(numItems).mapPartitions((MapPartitionsFunction<Long, Row>) ids -> {
      SequenceModel m = model.load(SequenceModel::load);
      List<Row> out = new ArrayList<>();
      List<Integer> batch = new ArrayList<>(BATCH);
      while (ids.hasNext()) {
        batch.add(ids.next().intValue());
        if (batch.size() == BATCH || !ids.hasNext()) {
          float[][] v = m.itemVectors(batch.stream().mapToInt(Integer::intValue).toArray());
          for (int x = 0; x < v.length; x++) {
            out.add(RowFactory.create(batch.get(x), v[x]));
          }
          batch.clear();
        }
      }
      return out.iterator();
    }, Encoders.row(SCHEMA));
  }
}
