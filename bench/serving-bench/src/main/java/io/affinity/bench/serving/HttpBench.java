package io.affinity.bench.serving;

import io.affinity.serving.ServingApp;
import io.affinity.serving.config.ServingConfig;
import io.affinity.store.ann.GraphParams;
import io.affinity.store.layout.StoreLayout;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.publish.SnapshotPublisher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server on a store's trained factors, end to end: first load (verify, parse, graph, warm), a
 * {@code _CURRENT} flip to a copy, then {@code wrk} with random users of the snapshot at 1 and 16
 * connections against {@code /health/live} (the HTTP floor of the same server), with the search's
 * share of the request time read from {@code /metrics} ({@code affinity_search_seconds} against
 * {@code affinity_http_request_seconds} of the route, sums over the run).
 *
 * <p>Usage: {@code HttpBench STORE WRK_SECONDS}. The store's current snapshot gets an {@code als}
 * graph first when it has none (stores trained with {@code --no-ann}). The server runs in this JVM
 * with the defaults {@code affinity serve} uses; pick the collector with the JVM's flags and the
 * worker threads with {@code -Daffinity.bench.threads=N}.
 */
public final class HttpBench {
  private HttpBench() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    Path store = Path.of(args[0]);
    int seconds = Integer.parseInt(args[1]);
    Manifest m = BenchStore.withGraph(store, GraphParams.DEFAULTS.withThreads(Runtime.getRuntime()
        .availableProcessors()));
    var gcs = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(java.lang.management.GarbageCollectorMXBean::getName).toList();
    System.out.printf(Locale.ROOT, "store %s, snapshot %s; JVM %s, collectors %s, heap %d MiB%n", store,
        m.snapshotId(), System.getProperty("java.version"), gcs, Runtime.getRuntime().maxMemory() >> 20);
    ServingConfig cfg = ServingConfig.defaults(store, 0).withHost("127.0.0.1")
        .withPollInterval(Duration.ofMillis(100));
    if (Integer.getInteger("affinity.bench.threads") != null) {
      cfg = cfg.withHttpThreads(Integer.getInteger("affinity.bench.threads"));
    }
    System.out.printf(Locale.ROOT, "  Jetty worker threads: %d%n", cfg.httpThreads());
    try (ServingApp app = new ServingApp(cfg).start()) {
      long t0 = System.nanoTime();
      while (app.holder().current() == null || !app.holder().current().id().equals(m.snapshotId())) {
        Thread.sleep(5);
      }
      var space = app.holder().current().spaces().get("als");
      System.out.printf(Locale.ROOT, "  first load (verify, parse, graph, warm) of %,d items x %d, %,d users: %.2f s;"
          + " search: %s%n", space.items().size(), space.items().dim(), space.users().size(),
          (System.nanoTime() - t0) / 1e9, space.itemsByDot().kind());
      flip(app, store, m);
      Path ids = java.nio.file.Files.createTempFile("affinity-users", ".txt");
      try {
        StringBuilder sb = new StringBuilder();
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
          sb.append(java.net.URLEncoder.encode(space.users().id(r.nextInt(space.users().size())),
              java.nio.charset.StandardCharsets.UTF_8)).append('\n');
        }
        java.nio.file.Files.writeString(ids, sb);
        for (int c : new int[] {1, 16}) {
          Metrics before = Metrics.scrape(app.port());
          Wrk.Result rec = Wrk.users(app.port(), ids, c, seconds);
          Metrics after = Metrics.scrape(app.port());
          Wrk.Result live = Wrk.url(app.port(), "/health/live", c, seconds);
          double search = after.searchSum - before.searchSum;
          double route = after.routeSum - before.routeSum;
          long n = after.routeCount - before.routeCount;
          System.out.printf(Locale.ROOT, "  c=%-2d recommendations %s%n        /health/live    %s%n"
              + "        server-side mean per recommendation %.0f µs, of which search %.0f µs (%.0f%%), over %,d"
              + " requests%n", c, rec, live, 1e6 * route / n, 1e6 * search / n, 100 * search / route, n);
        }
      } finally {
        java.nio.file.Files.deleteIfExists(ids);
      }
    }
  }

  private static void flip(ServingApp app, Path store, Manifest a) throws InterruptedException {
    Manifest b = BenchStore.copy(store, a);
    long t0 = System.nanoTime();
    new SnapshotPublisher(new StoreLayout(store)).promote(b.snapshotId());
    while (!app.holder().current().id().equals(b.snapshotId())) {
      Thread.sleep(2);
      if (System.nanoTime() - t0 > 300_000_000_000L) {
        throw new IllegalStateException("not served after 300 s: " + app.holder().lastFailure());
      }
    }
    System.out.printf(Locale.ROOT, "  _CURRENT flip -> serving the copy (poll 100 ms, verify, load, warm): %.2f s%n",
        (System.nanoTime() - t0) / 1e9);
  }

  /** Sums read from {@code /metrics}. */
  private record Metrics(double searchSum, double routeSum, long routeCount) {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    static Metrics scrape(int port) throws Exception {
      String text = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      String route = "\\{[^}]*route=\"/v1/users/\\{userId\\}/recommendations\"[^}]*\\} (\\S+)";
      return new Metrics(sum(text, "affinity_search_seconds_sum\\{[^}]*\\} (\\S+)"),
          sum(text, "affinity_http_request_seconds_sum" + route),
          (long) sum(text, "affinity_http_request_seconds_count" + route));
    }

    private static double sum(String text, String regex) {
      Matcher m = Pattern.compile(regex).matcher(text);
      double s = 0;
      while (m.find()) {
        s += Double.parseDouble(m.group(1));
      }
      return s;
    }
  }
}
