package io.affinity.serving.metrics;

import io.javalin.http.Context;

/** {@code GET /metrics}: the Prometheus text exposition of {@link ServingMetrics}. */
public final class MetricsController {
  private final ServingMetrics metrics;

  /** Creates the controller. */
  public MetricsController(ServingMetrics metrics) {
    this.metrics = metrics;
  }

  /** Handles the route. */
  public void get(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.render());
  }
}
