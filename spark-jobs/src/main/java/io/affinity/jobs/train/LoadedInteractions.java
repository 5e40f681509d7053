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
 * @param cached the classified rows {@code valid} is filtered from, cached until {@link #release()}
 */
public record LoadedInteractions(Dataset<Row> valid, long rowsRead, Map<String, Long> dropped, String quarantinePath,
    long eventLogOffset, Dataset<Row> cached) {

  /**
   * Unpersists the classified rows: call it once what reads {@code valid} has been computed and
   * cached (the aggregated pairs); {@code valid} is re-read from the files if used after.
   */
  public void release() {
    cached.unpersist();
  }

  /** Rows kept. */
  public long rowsKept() {
    return rowsRead - dropped.values().stream().mapToLong(Long::longValue).sum();
  }
}
