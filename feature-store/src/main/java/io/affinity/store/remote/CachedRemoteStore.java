package io.affinity.store.remote;

import io.affinity.store.CorruptSnapshotException;
import io.affinity.store.StoreFiles;
import io.affinity.store.read.Snapshot;
import io.affinity.store.read.SnapshotSource;
import io.affinity.store.read.SnapshotStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads a {@link RemoteStore} through a local cache directory: the pointer is read remotely, a
 * snapshot is downloaded once, verified, and then opened (memory-mapped) from the cache. Keeps the
 * {@code keep} most recent snapshots in the cache (the one being opened and the one it replaces
 * by default) and deletes older ones.
 */
public final class CachedRemoteStore implements SnapshotSource {
  private final RemoteStore remote;
  private final SnapshotStore cache;
  private final int keep;

  /** Reads {@code remote} through a cache at {@code cacheRoot}, keeping {@code keep} (>= 2) snapshots. */
  public CachedRemoteStore(RemoteStore remote, Path cacheRoot, int keep) {
    if (keep < 2) {
      throw new IllegalArgumentException("the cache must keep >= 2 snapshots (the new and the served one), got " + keep);
    }
    this.remote = remote;
    this.cache = new SnapshotStore(cacheRoot);
    this.keep = keep;
  }

  /** The remote store. */
  public RemoteStore remote() {
    return remote;
  }

  @Override
  public Optional<String> current() {
    return remote.current();
  }

  /**
   * Downloads (unless cached), verifies and opens {@code id}. A cached copy that no longer
   * verifies (damaged on local disk) is deleted and downloaded again once.
   */
  @Override
  public synchronized Snapshot open(String id) {
    remote.pull(id, cache);
    Snapshot s;
    try {
      s = cache.open(id);
    } catch (CorruptSnapshotException e) {
      StoreFiles.deleteTree(cache.layout().snapshotDir(id));
      remote.pull(id, cache);
      s = cache.open(id);
    }
    prune(id);
    return s;
  }

  private void prune(String opened) {
    List<String> ids = cache.list();
    int excess = ids.size() - keep;
    for (String id : ids) {
      if (excess <= 0) {
        break;
      }
      if (!id.equals(opened)) {
        StoreFiles.deleteTree(cache.layout().snapshotDir(id));
        excess--;
      }
    }
  }

  @Override
  public String describe() {
    return remote.uri() + " (cached in " + cache.layout().root() + ")";
  }
}
