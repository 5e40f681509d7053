package io.affinity.jobs.ingest;

import java.util.Map;

/**
 * What a generic import wrote and rejected.
 *
 * @param format the source format
 * @param interactions interaction rows written
 * @param dates date partitions written
 * @param items catalogue rows written (0 without {@code --items})
 * @param rejected rejected lines or rows by reason (empty when none)
 * @param quarantine the quarantine file (written only when something was rejected)
 */
public record LogImportReport(String format, long interactions, long dates, long items, Map<String, Long> rejected,
    String quarantine) {
  /** Copies the counts, sorted by reason. */
  public LogImportReport {
    rejected = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(rejected));
  }

  /** Total rejected lines and rows. */
  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }
}
