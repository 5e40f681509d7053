package io.affinity.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Valid interactions aggregated per (user, item) (confidence = sum of weights, last timestamp)
 * and indexed: users and items get dense int indices in id order, so identical data always gets
 * identical indices. Both datasets are cached; {@link #release()} frees them.
 *
 * @param aggregated columns {@code user_id, item_id, confidence, events, last_ts}
 * @param indexed columns {@code u, i, confidence, last_ts}
 * @param userIndex maps {@code user_id} to {@code u}
 * @param users user ids by index
 * @param items item ids by index
 * @param pairs the number of (user, item) pairs
 */
public record IndexedInteractions(Dataset<Row> aggregated, Dataset<Row> indexed, StringIndexerModel userIndex,
    String[] users, String[] items, long pairs) {

  /** Aggregates and indexes {@code valid} (columns {@code user_id, item_id, weight, ts}). */
  public static IndexedInteractions of(Dataset<Row> valid) {
    Dataset<Row> aggregated = valid.groupBy("user_id", "item_id")
        .agg(sum("weight").as("confidence"), count("*").as("events"), max("ts").as("last_ts"))
        .cache();
    StringIndexerModel userIndex = indexer("user_id", "u").fit(aggregated);
    StringIndexerModel itemIndex = indexer("item_id", "i").fit(aggregated);
    Dataset<Row> indexed = itemIndex.transform(userIndex.transform(aggregated))
        .select(col("u").cast(DataTypes.IntegerType), col("i").cast(DataTypes.IntegerType),
            col("confidence"), col("last_ts"))
        .cache();
    return new IndexedInteractions(aggregated, indexed, userIndex, userIndex.labelsArray()[0],
        itemIndex.labelsArray()[0], indexed.count());
  }

  /** Unpersists both cached datasets. */
  public void release() {
    aggregated.unpersist();
    indexed.unpersist();
  }

  private static StringIndexer indexer(String in, String out) {
    return new StringIndexer().setInputCol(in).setOutputCol(out).setStringOrderType("alphabetAsc");
  }
}
