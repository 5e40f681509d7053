package io.affinity.serving.health;

import io.affinity.serving.snapshot.LoadedSnapshot;
import io.affinity.serving.snapshot.SnapshotHolder;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Liveness (the process answers) and readiness (a snapshot is loaded: 200, else 503 with the
 * reason, e.g. the store has no {@code _CURRENT} yet or the snapshot failed to verify).
 */
public final class HealthController {
  private final SnapshotHolder holder;

  /** Creates the controller. */
  public HealthController(SnapshotHolder holder) {
    this.holder = holder;
  }

  /** {@code GET /health/live}: always 200. */
  public void live(Context ctx) {
    ctx.json(Map.of("status", "live"));
  }

  /** {@code GET /health/ready}: 200 once a snapshot is loaded, else 503. */
  public void ready(Context ctx) {
    LoadedSnapshot snap = holder.current();
    Map<String, Object> body = new LinkedHashMap<>();
    if (snap == null) {
      body.put("status", "not_ready");
      body.put("reason", String.valueOf(holder.lastFailure()));
      ctx.status(503).json(body);
    } else {
      body.put("status", "ready");
      body.put("snapshot", snap.id());
      ctx.json(body);
    }
  }
}
