package io.affinity.serving.recommend;

import io.affinity.serving.config.ServingConfig;
import io.affinity.serving.foldin.FoldInService;
import io.affinity.serving.http.Params;
import io.affinity.serving.http.SnapshotContext;
import io.affinity.serving.http.UserIds;
import io.affinity.serving.snapshot.SnapshotHolder;
import io.javalin.http.Context;

/**
 * {@code GET /v1/users/{userId}/recommendations/{itemId}/because?k=5}: the user's items that
 * contribute most to the item's score in the {@code als} space (with real-time events folded in),
 * with their contributions, which sum to the score. 404 for an unknown user or item.
 */
public final class ExplainController {
  private final FoldInService foldIn;
  private final SnapshotHolder holder;
  private final ServingConfig config;
  private final UserIds ids;

  /** Creates the controller. */
  public ExplainController(FoldInService foldIn, SnapshotHolder holder, ServingConfig config, UserIds ids) {
    this.ids = ids;
    this.foldIn = foldIn;
    this.holder = holder;
    this.config = config;
  }

  /** Handles the route. */
  public void get(Context ctx) {
    var snap = SnapshotContext.require(ctx, holder);
    int k = Params.k(ctx.queryParam("k"), Math.min(5, config.maxK()), config.maxK());
    String user = Params.id(ctx.pathParam("userId"), "user id", config.maxIdLength());
    ctx.json(foldIn.explain(snap, ids.internal(user), Params.id(ctx.pathParam("itemId"), "item id",
        config.maxIdLength()), k).withUser(user));
  }
}
