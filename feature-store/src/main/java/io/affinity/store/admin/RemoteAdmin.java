package io.affinity.store.admin;

import io.affinity.store.manifest.Manifest;
import io.affinity.store.remote.RemoteStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link StoreAdmin} for a {@link RemoteStore}. Promotion checks that every file is present with
 * its size (a reader verifies checksums when it downloads the snapshot); gc also removes the
 * uploads of crashed publishes (files under {@code snapshots/ID/} without a manifest).
 */
public final class RemoteAdmin implements StoreAdmin {
  private final RemoteStore store;

  /** Administers {@code store}. */
  public RemoteAdmin(RemoteStore store) {
    this.store = store;
  }

  @Override
  public List<SnapshotAdmin.Entry> list() {
    String current = store.current().orElse(null);
    List<SnapshotAdmin.Entry> out = new ArrayList<>();
    for (String id : store.list()) {
      out.add(SnapshotAdmin.entry(id, store.manifest(id), current));
    }
    return out;
  }

  @Override
  public Manifest show(String id) {
    return store.manifest(id);
  }

  @Override
  public void promote(String id) {
    store.promote(id);
  }

  @Override
  public SnapshotAdmin.GcResult gc(int keep, Duration minLeftoverAge) {
    return store.gc(keep, minLeftoverAge, java.time.Instant.now());
  }
}
