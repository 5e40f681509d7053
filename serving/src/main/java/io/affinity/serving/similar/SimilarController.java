package io.affinity.serving.similar;

import io.affinity.serving.config.ServingConfig;
import io.affinity.serving.http.JsonResponses;
import io.affinity.serving.http.Params;
import io.affinity.serving.http.SnapshotContext;
import io.affinity.serving.snapshot.SnapshotHolder;
import io.javalin.http.Context;

/**
 * {@code GET /v1/items/{itemId}/similar?k=10&space=als&exclude=a,b&tags=t}.
 *
 * <p>404 for an unknown item; 400 for a bad {@code k} or unknown space; 503 before a snapshot.
 */
public final class SimilarController {
  private final SimilarService service;
  private final SnapshotHolder holder;
  private final ServingConfig config;

  /** Creates the controller. */
  public SimilarController(SimilarService service, SnapshotHolder holder, ServingConfig config) {
    this.service = service;
    this.holder = holder;
    this.config = config;
  }

  /** Handles the route. */
  public void get(Context ctx) {
    var snap = SnapshotContext.require(ctx, holder);
    int k = Params.k(ctx.queryParam("k"), config.defaultK(), config.maxK());
    JsonResponses.write(ctx, service.similar(snap, Params.id(ctx.pathParam("itemId"), "item id", config.maxIdLength()),
        ctx.queryParam("space"), k,
        Params.itemFilter(ctx.queryParams("exclude"), ctx.queryParams("tags"), config.maxIdLength())));
  }
}
