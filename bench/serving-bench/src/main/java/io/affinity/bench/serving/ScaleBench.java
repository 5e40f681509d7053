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
 *       ({@link RawJVector}), each query excluding the user's 20 known items, each path in its own
 *       loop over all queries (interleaving them lets the exact scan evict the graph from the caches);</li>
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
    int[] who = new SplittableRandom(5).ints(queries, 0, users).toArray();
    System.out.printf(Locale.ROOT, "  in-process, k=10, one thread, %,d queries (random users, known items excluded);"
        + " each path runs all queries in its own loop, after a warm-up loop:%n", queries);
    int[][] truth = new int[queries][10];
    Latencies exactLat = new Latencies(queries);
    float[] sc = new float[10];
    for (int pass = 0; pass < 2; pass++) {
      for (int q = 0; q < queries; q++) {
        long t0 = System.nanoTime();
        exact.search(s.users().vector(who[q]), 10, SearchFilter.excluding(s.knownByUser()[who[q]]), truth[q], sc);
        if (pass == 1) {
          exactLat.add(System.nanoTime() - t0);
        }
      }
    }
    System.out.println("    exact scan " + exactLat.summary());
    for (int ef : efs) {
      try (AnnIndex ann = new AnnIndex(dir, info, exact, ef); RawJVector raw = new RawJVector(dir, info, ef)) {
        int[][] ours = new int[queries][10];
        int[][] rawOut = new int[queries][10];
        Latencies oursLat = new Latencies(queries);
        Latencies rawLat = new Latencies(queries);
        for (int pass = 0; pass < 2; pass++) {
          for (int q = 0; q < queries; q++) {
            float[] query = s.users().vector(who[q]);
            long t0 = System.nanoTime();
            Searches.search(ann, query, 10, SearchFilter.excluding(s.knownByUser()[who[q]]), 0, ours[q], sc);
            if (pass == 1) {
              oursLat.add(System.nanoTime() - t0);
            }
          }
          for (int q = 0; q < queries; q++) {
            float[] query = s.users().vector(who[q]);
            long t0 = System.nanoTime();
            raw.search(query, 10, s.knownByUser()[who[q]], rawOut[q], sc);
            if (pass == 1) {
              rawLat.add(System.nanoTime() - t0);
            }
          }
        }
        System.out.printf(Locale.ROOT, "    ef=%-4d ours %s recall@10 %.4f | raw JVector %s recall@10 %.4f"
            + " | ours/raw p50 %.2fx%n", ef, oursLat.summary(), recall(ours, truth), rawLat.summary(),
            recall(rawOut, truth), oursLat.percentileMicros(50) / rawLat.percentileMicros(50));
      }
    }
  }

  private static double recall(int[][] got, int[][] truth) {
    int hits = 0;
    for (int q = 0; q < got.length; q++) {
      Set<Integer> t = new HashSet<>();
      for (int v : truth[q]) {
        t.add(v);
      }
      for (int v : got[q]) {
        hits += t.contains(v) ? 1 : 0;
      }
    }
    return hits / (10.0 * got.length);
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
