package io.affinity.serving.recommend;

import io.affinity.serving.config.ServingConfig;
import io.affinity.serving.http.JsonResponses;
import io.affinity.serving.http.Params;
import io.affinity.serving.http.SnapshotContext;
import io.affinity.serving.http.UserIds;
import io.affinity.serving.snapshot.SnapshotHolder;
import io.javalin.http.Context;

/**
 * {@code GET /v1/users/{userId}/recommendations?k=10&space=als&exclude=a,b&tags=t}.
 *
 * <p>{@code k}: 1..max (default 10); {@code space}: an embedding space of the snapshot (default:
 * its first). 400 for a bad {@code k} or unknown space; 503 before a snapshot is loaded.
 */
public final class RecommendController {
  private final RecommendService service;
  private final SnapshotHolder holder;
  private final ServingConfig config;
  private final UserIds ids;

  /** Creates the controller. */
  public RecommendController(RecommendService service, SnapshotHolder holder, ServingConfig config, UserIds ids) {
    this.ids = ids;
    this.service = service;
    this.holder = holder;
    this.config = config;
  }

  /** Handles the route. */
  public void get(Context ctx) {
    var snap = SnapshotContext.require(ctx, holder);
    int k = Params.k(ctx.queryParam("k"), config.defaultK(), config.maxK());
    String user = Params.id(ctx.pathParam("userId"), "user id", config.maxIdLength());
    JsonResponses.write(ctx, service.recommend(snap, ids.internal(user), ctx.queryParam("space"), k,
        Params.itemFilter(ctx.queryParams("exclude"), ctx.queryParams("tags"), config.maxIdLength())).withUser(user));
  }
}
