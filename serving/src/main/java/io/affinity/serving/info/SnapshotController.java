package io.affinity.serving.info;

import io.affinity.serving.http.SnapshotContext;
import io.affinity.serving.snapshot.LoadedSnapshot;
import io.affinity.serving.snapshot.SnapshotHolder;
import io.affinity.store.manifest.Manifest;
import io.javalin.http.Context;

/** {@code GET /v1/snapshot}: 200 with {@link SnapshotSummary}; 503 before a snapshot is loaded. */
public final class SnapshotController {
  private final SnapshotHolder holder;

  /** Creates the controller. */
  public SnapshotController(SnapshotHolder holder) {
    this.holder = holder;
  }

  /** Handles the route. */
  public void get(Context ctx) {
    LoadedSnapshot snap = SnapshotContext.require(ctx, holder);
    ctx.json(summarize(snap, holder.lastFailure()));
  }

  /** Builds the summary (no HTTP involved). */
  static SnapshotSummary summarize(LoadedSnapshot snap, String failure) {
    Manifest m = snap.manifest();
    return new SnapshotSummary(m.snapshotId(), m.createdAt(), snap.loadedAt().toString(), m.producer(),
        m.spaces(), m.inputs(), m.parameters(), m.evaluation(), m.files().size(), failure);
  }
}
