package io.affinity.serving.snapshot;

import io.affinity.store.manifest.Manifest;
import java.time.Instant;
import java.util.Map;

/**
 * Everything one snapshot serves, immutable once built: a request that holds a reference to it
 * sees one consistent snapshot however many swaps happen meanwhile.
 *
 * @param manifest the snapshot's manifest
 * @param loadedAt when the server finished loading it
 * @param spaces spaces by name; {@code defaultSpace} is one of them
 * @param defaultSpace the space used when a request names none
 * @param popularIds item ids by descending popularity (distinct users)
 * @param popularUsers their distinct-user counts
 * @param titles item titles from the catalog (empty when the snapshot has none)
 * @param refs its reference count; the last release closes the spaces' mapped indexes
 */
public record LoadedSnapshot(
    Manifest manifest,
    Instant loadedAt,
    Map<String, LoadedSpace> spaces,
    String defaultSpace,
    String[] popularIds,
    long[] popularUsers,
    Map<String, String> titles,
    SnapshotRefs refs) {

  /** The snapshot id. */
  public String id() {
    return manifest.snapshotId();
  }

  /** Drops one reference (see {@link SnapshotRefs}). */
  public void release() {
    refs.release();
  }
}
