package io.affinity.jobs.train;

import static org.apache.spark.sql.functions.bit_xor;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * An order-independent fingerprint of the aggregated interactions: the pair count and the XOR of
 * a 64-bit hash of every (user, item, confidence, last timestamp) row. Equal data gives an equal
 * fingerprint whatever the file layout or partitioning; the gate uses it to decide whether two
 * evaluations saw the same data.
 */
final class DataFingerprint {
  private DataFingerprint() {}

  static String of(Dataset<Row> aggregated) {
    Row r = aggregated.agg(count("*"), bit_xor(xxhash64(col("user_id"), col("item_id"),
        col("confidence"), col("last_ts")))).first();
    long hash = r.isNullAt(1) ? 0 : r.getLong(1);
    return r.getLong(0) + ":" + String.format("%016x", hash);
  }
}
