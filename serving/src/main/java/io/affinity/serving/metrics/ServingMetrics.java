package io.affinity.serving.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's metrics, rendered at {@code GET /metrics} in the Prometheus text format (0.0.4).
 *
 * <p>Routes are recorded by their template ({@code /v1/users/{userId}/recommendations}), never by
 * the raw path, so label cardinality stays bounded; unmatched requests count as {@code unmatched}.
 * Thread-safe.
 */
public final class ServingMetrics {
  private final Clock clock;
  /** method → route template → stats. */
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, RouteStats>> routes = new ConcurrentHashMap<>();
  /** search kind → latency. */
  private final Map<String, Histogram> searchLatency = new ConcurrentHashMap<>();
  private final LongAdder loads = new LongAdder();
  private final LongAdder refusedLoads = new LongAdder();
  private final AtomicReference<Loaded> loaded = new AtomicReference<>();

  private record Loaded(String id, Instant createdAt, double loadSeconds) {}

  /** Creates empty metrics; {@code clock} gives the snapshot age. */
  public ServingMetrics(Clock clock) {
    this.clock = clock;
  }

  /**
   * Records one finished HTTP request. Lookups use the strings the caller already has (method,
   * route template) and the status as an index, so the hot path builds no label strings; labels
   * are formatted when {@link #render} runs.
   */
  public void request(String method, String route, int status, double seconds) {
    RouteStats r = routes.computeIfAbsent(method, m -> new ConcurrentHashMap<>())
        .computeIfAbsent(route, x -> new RouteStats());
    r.status(status).increment();
    r.latency.observe(seconds);
  }

  /** Records one vector search ({@code kind}: {@code ann} or {@code exact}). */
  public void search(String kind, long nanos) {
    searchLatency.computeIfAbsent(kind, k -> new Histogram()).observe(nanos / 1e9);
  }

  /** One route's latency and its responses by status code. */
  private static final class RouteStats {
    final Histogram latency = new Histogram();
    final java.util.concurrent.atomic.AtomicReferenceArray<LongAdder> byStatus =
        new java.util.concurrent.atomic.AtomicReferenceArray<>(600);

    LongAdder status(int code) {
      int i = code >= 100 && code < 600 ? code : 0;
      LongAdder a = byStatus.get(i);
      if (a == null) {
        byStatus.compareAndSet(i, null, new LongAdder());
        a = byStatus.get(i);
      }
      return a;
    }
  }

  /** Records a snapshot swapped in. */
  public void snapshotLoaded(String id, Instant createdAt, long loadNanos) {
    loads.increment();
    loaded.set(new Loaded(id, createdAt, loadNanos / 1e9));
  }

  /** Records a snapshot refused (failed verification or loading). */
  public void snapshotRefused() {
    refusedLoads.increment();
  }

  /** The metrics in Prometheus text format. */
  public String render() {
    StringBuilder out = new StringBuilder(4096);
    out.append("# HELP affinity_http_requests_total HTTP requests by method, route template and status.\n")
        .append("# TYPE affinity_http_requests_total counter\n");
    TreeMap<String, RouteStats> byLabels = new TreeMap<>();
    routes.forEach((method, byRoute) -> byRoute.forEach((route, stats) ->
        byLabels.put("method=\"" + method + "\",route=\"" + escape(route) + "\",", stats)));
    TreeMap<String, Long> counts = new TreeMap<>();
    byLabels.forEach((labels, stats) -> {
      for (int code = 0; code < 600; code++) {
        LongAdder n = stats.byStatus.get(code);
        if (n != null) {
          counts.put(labels + "status=\"" + code + "\"", n.sum());
        }
      }
    });
    counts.forEach((labels, n) ->
        out.append("affinity_http_requests_total{").append(labels).append("} ").append(n).append('\n'));
    out.append("# HELP affinity_http_request_seconds HTTP request latency by method and route template.\n")
        .append("# TYPE affinity_http_request_seconds histogram\n");
    byLabels.forEach((labels, stats) -> stats.latency.render(out, "affinity_http_request_seconds", labels));
    out.append("# HELP affinity_search_seconds Vector search latency by path (ann or exact).\n")
        .append("# TYPE affinity_search_seconds histogram\n");
    new TreeMap<>(searchLatency).forEach((kind, h) -> h.render(out, "affinity_search_seconds",
        "search=\"" + escape(kind) + "\","));
    out.append("# HELP affinity_snapshot_loads_total Snapshots loaded and swapped in.\n")
        .append("# TYPE affinity_snapshot_loads_total counter\n")
        .append("affinity_snapshot_loads_total ").append(loads.sum()).append('\n')
        .append("# HELP affinity_snapshot_refused_total Snapshots refused (verification or load failed).\n")
        .append("# TYPE affinity_snapshot_refused_total counter\n")
        .append("affinity_snapshot_refused_total ").append(refusedLoads.sum()).append('\n');
    Loaded l = loaded.get();
    if (l != null) {
      out.append("# HELP affinity_snapshot_info The served snapshot (value 1).\n")
          .append("# TYPE affinity_snapshot_info gauge\n")
          .append("affinity_snapshot_info{snapshot=\"").append(escape(l.id())).append("\"} 1\n")
          .append("# HELP affinity_snapshot_age_seconds Age of the served snapshot.\n")
          .append("# TYPE affinity_snapshot_age_seconds gauge\n")
          .append("affinity_snapshot_age_seconds ")
          .append(Histogram.format((clock.millis() - l.createdAt().toEpochMilli()) / 1000.0)).append('\n')
          .append("# HELP affinity_snapshot_load_seconds How long loading the served snapshot took.\n")
          .append("# TYPE affinity_snapshot_load_seconds gauge\n")
          .append("affinity_snapshot_load_seconds ").append(Histogram.format(l.loadSeconds())).append('\n');
    }
    return out.toString();
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
