package io.affinity.serving.http;

import io.affinity.serving.snapshot.LoadedSnapshot;
import io.affinity.serving.snapshot.SnapshotHolder;
import io.javalin.http.Context;

/**
 * Pins one snapshot to each request: a before-handler acquires the holder's snapshot once, stores
 * it on the context and sets {@code X-Snapshot-Id}; handlers read it back from the context, so a
 * response never mixes two snapshots even when a swap happens mid-request. An after-handler
 * releases it, so a replaced snapshot's files are closed only when its last request is done.
 */
public final class SnapshotContext {
  /** The response header naming the snapshot that answered. */
  public static final String HEADER = "X-Snapshot-Id";
  private static final String ATTRIBUTE = "affinity.snapshot";

  private SnapshotContext() {}

  /** Before-handler: pins the current snapshot (if any) to the request. */
  public static void pin(Context ctx, SnapshotHolder holder) {
    LoadedSnapshot snap = holder.acquire();
    if (snap != null) {
      ctx.attribute(ATTRIBUTE, snap);
      ctx.header(HEADER, snap.id());
    }
  }

  /** After-handler: releases the request's snapshot (once). */
  public static void release(Context ctx) {
    LoadedSnapshot snap = get(ctx);
    if (snap != null) {
      ctx.attribute(ATTRIBUTE, null);
      snap.release();
    }
  }

  /** The request's snapshot, or null when none was loaded when it arrived. */
  public static LoadedSnapshot get(Context ctx) {
    return ctx.attribute(ATTRIBUTE);
  }

  /**
   * The request's snapshot.
   *
   * @throws ApiException 503 when none is loaded
   */
  public static LoadedSnapshot require(Context ctx, SnapshotHolder holder) {
    LoadedSnapshot snap = get(ctx);
    if (snap == null) {
      String why = holder.lastFailure();
      throw ApiException.unavailable("no snapshot loaded yet" + (why == null ? "" : ": " + why));
    }
    return snap;
  }
}
