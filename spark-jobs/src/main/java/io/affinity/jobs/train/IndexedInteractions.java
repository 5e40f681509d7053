package io.affinity.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Valid interactions aggregated per (user, item) (confidence = sum of weights, last timestamp)
 * and indexed: users and items get dense int indices in id order, so identical data always gets
 * identical indices. Both datasets are cached; {@link #release()} frees them.
 *
 * @param aggregated columns {@code user_id, item_id, confidence, events, last_ts}
 * @param indexed columns {@code u, i, confidence, last_ts}
 * @param userIndex columns {@code user_id, u}: the user index as a (cached) dataset, joined where
 *     needed, never shipped inside task closures
 * @param itemIndex columns {@code item_id, i}, cached like the user index
 * @param numUsers the number of distinct users (indexes {@code 0..numUsers-1})
 * @param numItems the number of distinct items
 * @param pairs the number of (user, item) pairs
 */
public record IndexedInteractions(Dataset<Row> aggregated, Dataset<Row> indexed, Dataset<Row> userIndex,
    Dataset<Row> itemIndex, int numUsers, int numItems, long pairs) {

  /**
   * Aggregates and indexes {@code valid} (columns {@code user_id, item_id, weight, ts}). Ids are
   * numbered in ascending order by sorting the distinct ids and zipping them with their position
   * (Spark's {@code zipWithIndex}), then joined: a StringIndexer would collect every id to the
   * driver and put the whole id map into every task (43 MB per task at 400,000 users).
   */
  public static IndexedInteractions of(Dataset<Row> valid) {
    Dataset<Row> aggregated = valid.groupBy("user_id", "item_id")
        .agg(sum("weight").as("confidence"), count("*").as("events"), max("ts").as("last_ts"))
        .cache();
    Dataset<Row> userIndex = index(aggregated, "user_id", "u").cache();
    Dataset<Row> itemIndex = index(aggregated, "item_id", "i").cache();
    Dataset<Row> indexed = aggregated.join(userIndex, "user_id").join(itemIndex, "item_id")
        .select(col("u"), col("i"), col("confidence"), col("last_ts"))
        .cache();
    return new IndexedInteractions(aggregated, indexed, userIndex, itemIndex, Math.toIntExact(userIndex.count()),
        Math.toIntExact(itemIndex.count()), indexed.count());
  }

  /** {@code id → n}: distinct ids sorted ascending, numbered from 0. */
  static Dataset<Row> index(Dataset<Row> data, String idColumn, String indexColumn) {
    Dataset<Row> ids = data.select(col(idColumn)).distinct().orderBy(col(idColumn));
    StructType schema = new StructType().add(idColumn, DataTypes.StringType).add(indexColumn, DataTypes.IntegerType);
    return data.sparkSession().createDataFrame(ids.javaRDD().zipWithIndex()
        .map(t -> RowFactory.create(t._1().getString(0), (int) (long) t._2())), schema);
  }

  /** Unpersists the cached datasets. */
  public void release() {
    aggregated.unpersist();
    indexed.unpersist();
    userIndex.unpersist();
    itemIndex.unpersist();
  }

}
