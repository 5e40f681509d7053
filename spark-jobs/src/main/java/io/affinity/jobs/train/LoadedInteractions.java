package io.affinity.jobs.train;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Validated interactions and what was dropped.
 *
 * @param valid rows {@code user_id, item_id, weight (resolved, double), ts}
 * @param rowsRead rows read
 * @param dropped dropped rows by reason ({@code null_user_id}, {@code null_item_id},
 *     {@code null_ts}, {@code bad_weight}, {@code duplicate}); absent reasons are omitted
 * @param quarantinePath where dropped rows were written, or null when none were
 * @param eventLogOffset the highest event-log offset among the files read (rolled by the server's
 *     event log, {@code events-A-B.parquet}), or -1 when none was
 */
public record LoadedInteractions(
    Dataset<Row> valid, long rowsRead, Map<String, Long> dropped, String quarantinePath, long eventLogOffset) {

  /** Rows kept. */
  public long rowsKept() {
    return rowsRead - dropped.values().stream().mapToLong(Long::longValue).sum();
  }
}
