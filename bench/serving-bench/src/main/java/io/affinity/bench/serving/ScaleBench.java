package io.affinity.bench.serving;

import io.affinity.serving.ServingApp;
import io.affinity.serving.config.ServingConfig;
import io.affinity.serving.index.AnnIndex;
import io.affinity.serving.index.FlatVectors;
import io.affinity.serving.index.SearchFilter;
import io.affinity.serving.index.Searches;
import io.affinity.serving.snapshot.LoadedSpace;
import io.affinity.store.ann.AnnParams;
import io.affinity.store.layout.StoreLayout;
import io.affinity.store.manifest.IndexInfo;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.publish.SnapshotPublisher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The serving-at-scale benchmark, in one run over one generated snapshot:
 *
 * <ol>
 *   <li>build time of the recommendation ANN index (norm-partitioned JVector graphs);</li>
 *   <li>in-process search latency p50/p99 and recall@10 against the exact scan, for our path
 *       ({@link Searches} over {@link AnnIndex}) and for raw JVector calls on the same graphs and ef
 *       ({@link RawJVector}), each query excluding the user's 20 known items;</li>
 *   <li>time from the {@code _CURRENT} flip to serving the new snapshot (poller at 100 ms);</li>
 *   <li>HTTP latency and throughput with {@code wrk} at 1 and 16 connections, for the
 *       recommendation route and for {@code /health/live} (the HTTP floor).</li>
 * </ol>
 *
 * <p>Usage: {@code ScaleBench ITEMS USERS QUERIES EF[,EF...] [WRK_SECONDS [als|flat-norms]]}: {@code als}
 * (default) draws ALS-like vectors with popularity-skewed norms; {@code flat-norms} draws norms
 * uniformly from 0.5 to 1.5, a harder case for MIPS (the top items of a cluster are then scattered
 * through it).
 */
public final class ScaleBench {
  private static final int DIM = 64;

  private ScaleBench() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    int items = Integer.parseInt(args[0]);
    int users = Integer.parseInt(args[1]);
    int queries = Integer.parseInt(args[2]);
    int[] efs = java.util.Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray();
    int wrkSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    boolean flatNorms = args.length > 5 && args[5].equals("flat-norms");
    int threads = Runtime.getRuntime().availableProcessors();
    int clusters = Math.max(50, items / 5000);
    float[] iv = flatNorms ? Vectors.clustered(items, DIM, clusters, 1, 11) : Vectors.alsLike(items, DIM, clusters, 1, 11);
    float[] uv = flatNorms ? Vectors.clustered(users, DIM, clusters, 1, 12) : Vectors.alsLike(users, DIM, clusters, 1, 12);
    Path store = Files.createTempDirectory("affinity-scale-bench");
    try {
      System.out.printf(Locale.ROOT, "%,d items x %d (%d clusters, %s), %,d users%n", items, DIM, clusters,
          flatNorms ? "norms uniform 0.5..1.5" : "ALS-like, norms 0.2..2.2 skewed to short", users);
      long t0 = System.nanoTime();
      Manifest a = BenchStore.publish(store, iv, uv, DIM, AnnParams.DEFAULTS, threads);
      IndexInfo info = a.index("als", IndexInfo.RECOMMEND).orElseThrow();
      System.out.printf(Locale.ROOT, "  snapshot written, ANN %s (%d norm ranges) built on %d threads: %.1f s%n",
          AnnParams.DEFAULTS, info.parts().size(), threads, (System.nanoTime() - t0) / 1e9);
      ServingConfig cfg = ServingConfig.defaults(store, 0).withHost("127.0.0.1").withRequestLog(false)
          .withPollInterval(Duration.ofMillis(100));
      try (ServingApp app = new ServingApp(cfg).start()) {
        long t1 = System.nanoTime();
        while (app.holder().current() == null || !app.holder().current().id().equals(a.snapshotId())) {
          Thread.sleep(5);
        }
        System.out.printf(Locale.ROOT, "  first load (verify, parse, map, warm): %.2f s%n", (System.nanoTime() - t1) / 1e9);
        search(app, store, a, info, efs, queries, users);
        flip(app, store, a);
        if (wrkSeconds > 0) {
          Wrk.run(app.port(), users, wrkSeconds);
        }
      }
    } finally {
      io.affinity.store.StoreFiles.deleteTree(store);
    }
  }

  private static void search(ServingApp app, Path store, Manifest m, IndexInfo info, int[] efs, int queries,
      int users) throws IOException {
    LoadedSpace s = app.holder().current().spaces().get("als");
    FlatVectors exact = s.itemsByDot().exact();
    Path dir = new StoreLayout(store).snapshotDir(m.snapshotId());
    System.out.printf(Locale.ROOT, "  in-process, k=10, one thread, %,d queries (random users, known items excluded):%n",
        queries);
    for (int ef : efs) {
      try (AnnIndex ann = new AnnIndex(dir, info, exact, ef); RawJVector raw = new RawJVector(dir, info, ef)) {
        Latencies ours = new Latencies(queries);
        Latencies rawLat = new Latencies(queries);
        Latencies exactLat = new Latencies(queries);
        int[] o = new int[10];
        int[] e = new int[10];
        float[] sc = new float[10];
        int oursHits = 0;
        int rawHits = 0;
        SplittableRandom r = new SplittableRandom(5);
        for (int pass = 0; pass < 2; pass++) { // pass 0 warms the JIT
          oursHits = 0;
          rawHits = 0;
          for (int q = 0; q < queries; q++) {
            int u = r.nextInt(users);
            float[] query = s.users().vector(u);
            int[] known = s.knownByUser()[u];
            SearchFilter f = SearchFilter.excluding(known);
            long t0 = System.nanoTime();
            Searches.search(ann, query, 10, f, 0, o, sc);
            long t1 = System.nanoTime();
            raw.search(query, 10, known, e, sc);
            long t2 = System.nanoTime();
            int[] truth = new int[10];
            exact.search(query, 10, f, truth, sc);
            long t3 = System.nanoTime();
            if (pass == 1) {
              ours.add(t1 - t0);
              rawLat.add(t2 - t1);
              exactLat.add(t3 - t2);
            }
            Set<Integer> t = new HashSet<>();
            for (int v : truth) {
              t.add(v);
            }
            for (int i = 0; i < 10; i++) {
              oursHits += t.contains(o[i]) ? 1 : 0;
              rawHits += t.contains(e[i]) ? 1 : 0;
            }
          }
        }
        System.out.printf(Locale.ROOT, "    ef=%-4d ours %s recall@10 %.4f | raw JVector %s recall@10 %.4f"
            + " | ours/raw p50 %.2fx | exact scan %s%n", ef, ours.summary(), oursHits / (10.0 * queries),
            rawLat.summary(), rawHits / (10.0 * queries),
            ours.percentileMicros(50) / rawLat.percentileMicros(50), exactLat.summary());
      }
    }
  }

  private static void flip(ServingApp app, Path store, Manifest a) throws InterruptedException {
    for (int round = 0; round < 3; round++) {
      Manifest b = BenchStore.copy(store, round % 2 == 0 ? a : app.holder().current().manifest());
      long t0 = System.nanoTime();
      new SnapshotPublisher(new StoreLayout(store)).promote(b.snapshotId());
      while (!app.holder().current().id().equals(b.snapshotId())) {
        Thread.sleep(2);
        if (System.nanoTime() - t0 > 120_000_000_000L) {
          throw new IllegalStateException("not served after 120 s: " + app.holder().lastFailure());
        }
      }
      System.out.printf(Locale.ROOT, "  _CURRENT flip -> serving the new snapshot (poll 100 ms, verify, load, warm): %.2f s%n",
          (System.nanoTime() - t0) / 1e9);
    }
  }
}
