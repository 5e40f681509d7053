package io.affinity.serving.admin;

import io.affinity.serving.snapshot.LoadedSnapshot;
import io.affinity.serving.snapshot.SnapshotHolder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import io.javalin.http.Context;

/**
 * {@code POST /v1/admin/reload} (bearer token): loads the snapshot {@code _CURRENT} names now,
 * verified, and swaps it in. 200 with {@code {"reloaded": bool, "snapshot": id, "lastLoadFailure": …}};
 * a refused snapshot leaves the previous one serving and says why.
 */
public final class AdminController {
  private final AdminAuth auth;
  private final BooleanSupplier refresh;
  private final SnapshotHolder holder;

  /** Creates the controller; {@code refresh} loads {@code _CURRENT} synchronously. */
  public AdminController(AdminAuth auth, BooleanSupplier refresh, SnapshotHolder holder) {
    this.auth = auth;
    this.refresh = refresh;
    this.holder = holder;
  }

  /** Handles the route. */
  public void reload(Context ctx) {
    auth.require(ctx.header("Authorization"));
    boolean swapped = refresh.getAsBoolean();
    LoadedSnapshot snap = holder.current();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reloaded", swapped);
    body.put("snapshot", snap == null ? null : snap.id());
    body.put("lastLoadFailure", holder.lastFailure());
    ctx.json(body);
  }
}
