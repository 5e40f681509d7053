package io.affinity.store.admin;

import io.affinity.store.manifest.Manifest;
import java.time.Duration;
import java.util.List;

/**
 * Administration of a store, local ({@link SnapshotAdmin}) or on object storage / HDFS
 * ({@link RemoteAdmin}): what the {@code snapshots} command and the server's admin routes use.
 */
public interface StoreAdmin {
  /** Every published snapshot, oldest first, with its headline metric. */
  List<SnapshotAdmin.Entry> list();

  /** The manifest of one snapshot. */
  Manifest show(String id);

  /** Points {@code _CURRENT} at {@code id} after checking it. */
  void promote(String id);

  /**
   * Points {@code _CURRENT} at the newest snapshot older than the current one that {@link #promote}
   * accepts, skipping those it refuses.
   *
   * @return the id now current
   * @throws io.affinity.store.StoreException when there is no current snapshot or nothing older is accepted
   */
  default String rollback() {
    List<SnapshotAdmin.Entry> all = list();
    String current = all.stream().filter(SnapshotAdmin.Entry::current).map(SnapshotAdmin.Entry::id).findFirst()
        .orElseThrow(() -> new io.affinity.store.StoreException("cannot roll back: the store has no _CURRENT"));
    List<String> refused = new java.util.ArrayList<>();
    for (int i = all.size() - 1; i >= 0; i--) {
      String id = all.get(i).id();
      if (id.compareTo(current) >= 0) {
        continue;
      }
      try {
        promote(id);
        return id;
      } catch (io.affinity.store.StoreException e) {
        refused.add(id + " (" + e.getMessage() + ")");
      }
    }
    throw new io.affinity.store.StoreException("cannot roll back from " + current
        + ": no older snapshot passes the checks" + (refused.isEmpty() ? "" : "; refused " + refused));
  }

  /** Deletes all but the newest {@code keep} snapshots (never the current one) and old leftovers. */
  SnapshotAdmin.GcResult gc(int keep, Duration minLeftoverAge);

  /** The admin for {@code location}: a directory, or a URI such as {@code s3a://bucket/prefix}. */
  static StoreAdmin of(String location, java.util.Map<String, String> settings) {
    return io.affinity.store.remote.RemoteStore.isRemote(location)
        ? new RemoteAdmin(io.affinity.store.remote.RemoteStore.open(location, settings))
        : new SnapshotAdmin(java.nio.file.Path.of(location), java.time.Clock.systemUTC());
  }
}
