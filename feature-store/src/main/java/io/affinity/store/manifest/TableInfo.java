package io.affinity.store.manifest;

import java.util.Objects;

/**
 * A Parquet table of a snapshot: a directory of part files.
 *
 * @param name the table's logical name, e.g. {@code als/users} or {@code popularity}
 * @param path the directory, relative to the snapshot root
 * @param rows the number of rows over all its part files
 */
public record TableInfo(String name, String path, long rows) {
  /** Requires a relative path that does not escape the snapshot. */
  public TableInfo {
    Objects.requireNonNull(name, "name");
    ManifestPaths.requireRelative(path);
    if (rows < 0) {
      throw new IllegalArgumentException("table '" + name + "' rows must be >= 0, got " + rows);
    }
  }
}
