package io.affinity.store.publish;

import io.affinity.store.layout.StoreLayout;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A snapshot being written: its future id, creation time and staging directory. Producers write
 * tables under {@link #tableDir(String)}; nothing here is visible to readers until published.
 *
 * @param id the id it will be published under
 * @param createdAt its creation instant
 * @param dir the staging directory
 */
public record StagedSnapshot(String id, Instant createdAt, Path dir) {

  /** The directory of a table (created by the caller), e.g. {@code tableDir("als/users")}. */
  public Path tableDir(String table) {
    return dir.resolve(table);
  }

  /** Convenience: the table directory of a space's user or item vectors. */
  public Path vectorTableDir(String space, boolean users) {
    return tableDir(StoreLayout.vectorTable(space, users));
  }
}
