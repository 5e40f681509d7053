package io.affinity.serving;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.serving.admin.AdminAuth;
import io.affinity.serving.admin.AdminController;
import io.affinity.serving.admin.AdminService;
import io.affinity.serving.config.ServingConfig;
import io.affinity.serving.health.HealthController;
import io.affinity.serving.http.ApiException;
import io.affinity.serving.http.ApiKeyAuth;
import io.affinity.serving.http.ErrorMapper;
import io.affinity.serving.http.SnapshotContext;
import io.affinity.serving.http.UserIds;
import io.affinity.serving.info.SnapshotController;
import io.affinity.serving.metrics.MetricsController;
import io.affinity.serving.metrics.ServingMetrics;
import io.affinity.serving.events.EventParser;
import io.affinity.serving.events.EventRolls;
import io.affinity.serving.events.EventsController;
import io.affinity.serving.foldin.FoldInService;
import io.affinity.serving.recommend.ExplainController;
import io.affinity.serving.recommend.RecommendController;
import io.affinity.serving.recommend.SessionController;
import io.affinity.serving.recommend.RecommendService;
import io.affinity.serving.similar.SimilarController;
import io.affinity.serving.similar.SimilarService;
import io.affinity.serving.snapshot.SnapshotHolder;
import io.affinity.serving.snapshot.SnapshotLoader;
import io.affinity.serving.snapshot.SnapshotRefresher;
import io.affinity.serving.snapshot.SnapshotWarmer;
import io.affinity.store.admin.SnapshotAdmin;
import io.affinity.store.events.EventLog;
import io.affinity.store.events.FileEventLog;
import io.affinity.store.read.SnapshotStore;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server: wires every object through constructors and declares every route, so this one file
 * shows the whole HTTP surface.
 *
 * <pre>
 * GET /v1/users/{userId}/recommendations?k=&amp;space=   personalised (or popular) items
 * GET /v1/users/{userId}/recommendations/{itemId}/because?k=   the user's items behind that score
 * POST /v1/recommendations/session                  recommendations for an anonymous session's items
 * POST /v1/events                                   (bearer token) ingest events: durable, folded in
 * GET /v1/items/{itemId}/similar?k=&amp;space=           similar items (cosine)
 * GET /v1/snapshot                                  manifest summary of the served snapshot
 * GET /health/live                                  200 while the process runs
 * GET /health/ready                                 200 once a snapshot is loaded, else 503
 * GET /metrics                                     Prometheus metrics
 * POST /v1/admin/reload                             (bearer token) load _CURRENT now
 * GET /v1/admin/snapshots                           (bearer token) list the store's snapshots
 * POST /v1/admin/snapshots/{id}/promote             (bearer token) verify, promote and load
 * POST /v1/admin/rollback                           (bearer token) back to the previous snapshot
 * POST /v1/admin/gc?keep=N                          (bearer token) delete old snapshots
 * POST /v1/admin/events/roll                        (bearer token) roll the event log into Parquet now
 * GET /openapi.yaml                                 the OpenAPI document of all of the above
 * </pre>
 *
 * <p>Every response carries {@code X-Snapshot-Id} once a snapshot is loaded; every error is JSON.
 * The read routes under {@code /v1/users} and {@code /v1/items} and {@code /v1/snapshot} need the
 * API key when one is configured; health, metrics and the OpenAPI document are always open.
 */
public final class ServingApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServingApp.class);
  /** Searches per space run on a new snapshot before it is swapped in. */
  private static final int WARM_UP_QUERIES = 500;
  /** Publish leftovers younger than this are spared by {@code POST /v1/admin/gc}. */
  private static final Duration GC_MIN_LEFTOVER_AGE = Duration.ofHours(1);
  private final ServingConfig config;
  private final SnapshotHolder holder = new SnapshotHolder();
  private final ServingMetrics metrics = new ServingMetrics(Clock.systemUTC());
  private final SnapshotRefresher refresher;
  private final EventLog eventLog;
  private final FoldInService foldIn;
  private final EventRolls rolls;
  private final UserIds userIds;
  private final Javalin app;
  private final io.affinity.serving.http.RequestLog requestLog;
  private final List<String> routes = new ArrayList<>();

  private final io.affinity.store.read.SnapshotSource source;
  private final io.affinity.store.admin.StoreAdmin storeAdmin;

  /** Builds the server (not started) over the local store {@code config.store()}. */
  public ServingApp(ServingConfig config) {
    this(config, new SnapshotStore(config.store()), new SnapshotAdmin(config.store(), Clock.systemUTC()));
  }

  /**
   * Builds the server (not started) reading snapshots from {@code source} and administering the
   * store through {@code storeAdmin} (a store on object storage is read through a local cache).
   */
  public ServingApp(ServingConfig config, io.affinity.store.read.SnapshotSource source,
      io.affinity.store.admin.StoreAdmin storeAdmin) {
    this.config = config;
    this.source = source;
    this.storeAdmin = storeAdmin;
    this.userIds = new UserIds(config.pseudonyms());
    this.eventLog = config.events() == null ? null : config.events().kafkaBootstrap() != null
        ? new io.affinity.serving.events.KafkaEventLog(config.events().kafkaBootstrap(), config.events().kafkaTopic())
        : FileEventLog.open(config.events().log());
    this.foldIn = new FoldInService(eventLog);
    this.rolls = new EventRolls(eventLog, config.events());
    this.refresher = new SnapshotRefresher(source,
        new SnapshotLoader(Clock.systemUTC(), config.exactBelow(), config.search(), config.maxK()), holder, metrics,
        new SnapshotWarmer(WARM_UP_QUERIES), (next, current) -> {
          String refusal = userIds.refusal(next.manifest().parameters());
          if (refusal != null) {
            throw new io.affinity.store.CorruptSnapshotException("snapshot " + next.id() + " cannot be served: "
                + refusal);
          }
          foldIn.prepare(next, current);
        });
    this.requestLog = config.requestLog() ? new io.affinity.serving.http.RequestLog() : null;
    this.app = createJavalin();
  }

  private Javalin createJavalin() {
    var recommendService = new RecommendService(metrics, config.exactBelow(), foldIn);
    var recommend = new RecommendController(recommendService, holder, config, userIds);
    var session = new SessionController(recommendService, holder, config);
    var explain = new ExplainController(foldIn, holder, config, userIds);
    var events = new EventsController(new EventParser(Clock.systemUTC(), config.maxIdLength(), userIds), foldIn);
    var similar = new SimilarController(new SimilarService(metrics, config.exactBelow()), holder, config);
    var metricsRoute = new MetricsController(metrics);
    var adminService = new AdminService(storeAdmin, refresher,
        GC_MIN_LEFTOVER_AGE);
    var admin = new AdminController(new AdminAuth(config.adminToken()), refresher::refresh, adminService, holder);
    var apiKey = new ApiKeyAuth(config.apiKey());
    var snapshot = new SnapshotController(holder);
    var health = new HealthController(holder);
    ObjectMapper json = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    return Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.jsonMapper(new JavalinJackson(json, false));
      cfg.jetty.host = config.host();
      cfg.jetty.port = config.port();
      var pool = new org.eclipse.jetty.util.thread.QueuedThreadPool(config.httpThreads(),
          Math.min(8, config.httpThreads()), 60_000);
      pool.setName("http");
      cfg.jetty.threadPool = pool;
      cfg.jetty.modifyServer(server -> server.setErrorHandler(new io.affinity.serving.http.JsonErrorHandler()));
      cfg.http.maxRequestSize = config.maxBodyBytes();
      if (!config.corsOrigins().isEmpty()) {
        cfg.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
          if (config.corsOrigins().contains("*")) {
            rule.anyHost();
          } else {
            rule.allowHost(config.corsOrigins().get(0), config.corsOrigins().subList(1,
                config.corsOrigins().size()).toArray(String[]::new));
          }
          rule.exposeHeader(SnapshotContext.HEADER);
        }));
      }
      cfg.requestLogger.http((ctx, ms) -> {
        metrics.request(ctx.method().name(), routeOf(ctx), ctx.status().getCode(), ms / 1000.0);
        if (requestLog != null) {
          requestLog.log(ctx.method().name(), ctx.path(), ctx.status().getCode(), ms);
        }
      });
      ErrorMapper.register(cfg);
      cfg.routes.before(ctx -> requireBodyWithinLimit(ctx, config.maxBodyBytes()));
      // Read a (size-checked) body before anything can reject the request: answering 401 or 404
      // with the body unread makes Jetty drop the connection mid-upload, and the client can lose
      // the answer to a TCP reset. Javalin keeps the bytes for the handler.
      cfg.routes.before(ServingApp::readBody);
      Handler readKey = ctx -> apiKey.require(ctx.header("X-Api-Key"), ctx.header("Authorization"));
      for (String readRoutes : List.of("/v1/users/*", "/v1/items/*", "/v1/snapshot", "/v1/recommendations/*")) {
        cfg.routes.before(readRoutes, readKey);
      }
      cfg.routes.before("/v1/admin/*", admin::authorize);
      cfg.routes.before("/v1/events", admin::authorize);
      cfg.routes.before(ctx -> SnapshotContext.pin(ctx, holder));
      cfg.routes.after(SnapshotContext::release);
      get(cfg, "/v1/users/{userId}/recommendations", recommend::get);
      get(cfg, "/v1/users/{userId}/recommendations/{itemId}/because", explain::get);
      post(cfg, "/v1/recommendations/session", session::post);
      post(cfg, "/v1/events", events::post);
      get(cfg, "/v1/items/{itemId}/similar", similar::get);
      get(cfg, "/v1/snapshot", snapshot::get);
      get(cfg, "/health/live", health::live);
      get(cfg, "/health/ready", health::ready);
      get(cfg, "/metrics", metricsRoute::get);
      post(cfg, "/v1/admin/reload", admin::reload);
      get(cfg, "/v1/admin/snapshots", admin::list);
      post(cfg, "/v1/admin/snapshots/{id}/promote", admin::promote);
      post(cfg, "/v1/admin/rollback", admin::rollback);
      post(cfg, "/v1/admin/gc", admin::gc);
      post(cfg, "/v1/admin/events/roll", ctx -> ctx.json(rolls.rollNow()));
      get(cfg, "/openapi.yaml", OpenApi::serve);
    });
  }

  /** The matched route template, or {@code unmatched}: bounded label values for metrics. */
  private static String routeOf(io.javalin.http.Context ctx) {
    try {
      var endpoint = ctx.endpoints().lastHttpEndpoint();
      return endpoint == null ? "unmatched" : endpoint.path;
    } catch (RuntimeException e) {
      return "unmatched";
    }
  }

  /** Registers a GET route and records it, so the OpenAPI document can be checked against it. */
  private void get(JavalinConfig cfg, String path, Handler handler) {
    cfg.routes.get(path, handler);
    routes.add("GET " + path);
  }

  /** Registers a POST route and records it. */
  private void post(JavalinConfig cfg, String path, Handler handler) {
    cfg.routes.post(path, handler);
    routes.add("POST " + path);
  }

  private static void readBody(io.javalin.http.Context ctx) {
    if (ctx.req().getContentLengthLong() != 0) {
      ctx.bodyAsBytes();
      ctx.attribute(io.affinity.serving.http.ErrorMapper.BODY_READ, Boolean.TRUE);
    }
  }

  /** 413 before reading a body whose declared length is over the limit. */
  private static void requireBodyWithinLimit(io.javalin.http.Context ctx, long max) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > max) {
      throw new ApiException(413, "payload_too_large", "request body of " + declared + " bytes is over the limit of "
          + max + " bytes");
    }
  }

  /** Every registered route as {@code "METHOD /path"}, in declaration order. */
  public List<String> routes() {
    return List.copyOf(routes);
  }

  /** Starts HTTP and the snapshot refresher; returns this. */
  public ServingApp start() {
    app.start();
    primeServlet();
    refresher.start(config.pollInterval());
    rolls.start();
    return this;
  }

  /**
   * Sends one request to ourselves before anyone else can. Javalin 7.2.3 builds its servlet context
   * config in a non-thread-safe lazy on the first request; two first requests at once can make one
   * of them fail with a NullPointerException (a 500). SwapUnderLoadIT hit it with four clients.
   */
  private void primeServlet() {
    String host = config.host() == null || config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
    java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
        .connectTimeout(java.time.Duration.ofSeconds(5)).build();
    try {
      client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + host + ":" + app.port()
          + "/health/live")).timeout(java.time.Duration.ofSeconds(5)).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding());
    } catch (java.io.IOException e) {
      LOG.warn("could not prime the HTTP servlet with a first request: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return app.port();
  }

  /** The snapshot holder (for tests and the example printer). */
  public SnapshotHolder holder() {
    return holder;
  }

  /**
   * Loads the current snapshot synchronously if it changed (waiting for a load in progress).
   *
   * @return true when the server now serves the snapshot {@code _CURRENT} names
   */
  public boolean refreshNow() {
    refresher.refresh();
    var served = holder.current();
    try {
      return served != null && source.current().map(served.id()::equals).orElse(false);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Graceful shutdown: stops accepting connections and lets in-flight requests finish (Jetty's
   * stop), then stops the refresher and releases the served snapshot's mapped files.
   */
  @Override
  public void close() {
    app.stop();
    if (requestLog != null) {
      requestLog.close();
    }
    rolls.close();
    refresher.close();
    holder.clear();
    if (eventLog != null) {
      eventLog.close();
    }
  }
}
