package io.affinity.jobs.ingest;

import java.nio.file.Path;
import java.util.Map;

/**
 * What an import wrote and rejected.
 *
 * @param layout the detected source layout
 * @param interactions interaction rows written
 * @param items catalog rows written
 * @param rejected rejected lines by reason (empty when none)
 * @param quarantine where rejected lines were written (exists only when some were)
 */
public record ImportReport(
    MovieLensLayout layout, long interactions, long items, Map<String, Long> rejected, Path quarantine) {

  /** Total rejected lines. */
  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }
}
