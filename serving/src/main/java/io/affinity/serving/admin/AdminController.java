package io.affinity.serving.admin;

import io.affinity.serving.http.ApiException;
import io.affinity.serving.snapshot.LoadedSnapshot;
import io.affinity.serving.snapshot.SnapshotHolder;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The admin routes, each behind {@code Authorization: Bearer <admin token>}:
 *
 * <ul>
 *   <li>{@code POST /v1/admin/reload}: load the snapshot {@code _CURRENT} names now;</li>
 *   <li>{@code GET /v1/admin/snapshots}: the store's snapshots;</li>
 *   <li>{@code POST /v1/admin/snapshots/{id}/promote}: verify, point {@code _CURRENT} at it, load it;</li>
 *   <li>{@code POST /v1/admin/rollback}: back to the newest older snapshot that verifies;</li>
 *   <li>{@code POST /v1/admin/gc?keep=N}: delete old snapshots and publish leftovers.</li>
 * </ul>
 *
 * <p>Responses that change what is served report {@code snapshot} (served now) and
 * {@code lastLoadFailure}; a refused snapshot leaves the previous one serving.
 */
public final class AdminController {
  private final AdminAuth auth;
  private final BooleanSupplier refresh;
  private final AdminService service;
  private final SnapshotHolder holder;

  /** Creates the controller; {@code refresh} loads {@code _CURRENT} synchronously. */
  public AdminController(AdminAuth auth, BooleanSupplier refresh, AdminService service, SnapshotHolder holder) {
    this.auth = auth;
    this.refresh = refresh;
    this.service = service;
    this.holder = holder;
  }

  /** Before-handler for {@code /v1/admin/*}: the bearer token check. */
  public void authorize(Context ctx) {
    auth.require(ctx.header("Authorization"));
  }

  /** {@code POST /v1/admin/reload}. */
  public void reload(Context ctx) {
    ctx.json(served("reloaded", refresh.getAsBoolean()));
  }

  /** {@code GET /v1/admin/snapshots}. */
  public void list(Context ctx) {
    ctx.json(Map.of("snapshots", service.list()));
  }

  /** {@code POST /v1/admin/snapshots/{id}/promote}. */
  public void promote(Context ctx) {
    AdminService.Outcome outcome = service.promote(ctx.pathParam("id"));
    Map<String, Object> body = served("reloaded", outcome.reloaded());
    body.put("current", outcome.current());
    ctx.json(body);
  }

  /** {@code POST /v1/admin/rollback}. */
  public void rollback(Context ctx) {
    AdminService.Outcome outcome = service.rollback();
    Map<String, Object> body = served("reloaded", outcome.reloaded());
    body.put("current", outcome.current());
    ctx.json(body);
  }

  /** {@code POST /v1/admin/gc?keep=N} (default 5). */
  public void gc(Context ctx) {
    String raw = ctx.queryParam("keep");
    int keep;
    try {
      keep = raw == null ? 5 : Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("keep must be an integer >= 1, got '"
          + (raw.length() > 64 ? raw.substring(0, 64) + "..." : raw) + "'");
    }
    var result = service.gc(keep);
    ctx.json(Map.of("removedSnapshots", result.snapshots(), "removedLeftovers", result.leftovers()));
  }

  private Map<String, Object> served(String key, boolean value) {
    LoadedSnapshot snap = holder.current();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(key, value);
    body.put("snapshot", snap == null ? null : snap.id());
    body.put("lastLoadFailure", holder.lastFailure());
    return body;
  }
}
