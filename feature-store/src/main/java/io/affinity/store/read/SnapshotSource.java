package io.affinity.store.read;

import java.util.Optional;

/**
 * Where a reader gets snapshots from: a local {@link SnapshotStore}, or a store on object storage
 * read through a local cache ({@link io.affinity.store.remote.CachedRemoteStore}).
 */
public interface SnapshotSource {
  /**
   * The id {@code _CURRENT} names, or empty when the store has none yet.
   *
   * @throws io.affinity.store.StoreException when the pointer cannot be read or is not an id
   */
  Optional<String> current();

  /**
   * Opens a published snapshot with every file verified against its manifest.
   *
   * @throws io.affinity.store.CorruptSnapshotException when it does not verify
   */
  Snapshot open(String id);

  /** Where the store is, for messages. */
  String describe();
}
