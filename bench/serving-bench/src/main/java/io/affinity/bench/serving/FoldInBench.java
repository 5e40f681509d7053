package io.affinity.bench.serving;

import io.affinity.serving.ServingApp;
import io.affinity.serving.config.ServingConfig;
import io.affinity.serving.foldin.ImplicitAls;
import io.affinity.serving.index.SearchFilter;
import io.affinity.serving.index.Searches;
import io.affinity.serving.snapshot.LoadedSpace;
import io.affinity.store.ann.GraphParams;
import io.affinity.store.events.Event;
import io.affinity.store.events.FileEventLog;
import io.affinity.store.manifest.Manifest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Real-time fold-in cost: for users with 10, 100 and 500 items over a snapshot with its neighbour
 * graph (a store's trained factors, or {@code ITEMS} × 64 generated ALS-like vectors), the time to fold a user in
 * (implicit-ALS normal equations, {@link ImplicitAls}) and then take the top 10 through the served
 * index, against plain recommendation (the top 10 for the same vector and exclusions) in the same
 * run. Then the event log's sustained ingest rate with an fsync per batch (1 and 100 events),
 * against bare {@code write + fsync} of the same bytes on the same disk.
 *
 * <p>Usage: {@code FoldInBench STORE|ITEMS QUERIES}: a store directory (its current snapshot, with
 * a graph added when it has none), or a number of items to generate. Folded users pick their items
 * by popularity (the snapshot's popularity table when it has one), as real users do.
 */
public final class FoldInBench {
  private static final int DIM = 64;

  private FoldInBench() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    boolean generated = args[0].matches("\\d+");
    int queries = Integer.parseInt(args[1]);
    GraphParams graph = GraphParams.DEFAULTS.withThreads(Runtime.getRuntime().availableProcessors());
    Path store = generated ? Files.createTempDirectory("affinity-foldin-bench") : Path.of(args[0]);
    try {
      long t0 = System.nanoTime();
      Manifest m;
      if (generated) {
        int n = Integer.parseInt(args[0]);
        int clusters = Math.max(50, n / 5000);
        m = BenchStore.publish(store, Vectors.alsLike(n, DIM, clusters, 1, 11), Vectors.alsLike(1000, DIM, clusters,
            1, 12), DIM, graph);
      } else {
        m = BenchStore.withGraph(store, graph);
      }
      System.out.printf(Locale.ROOT, "snapshot %s with its graph ready in %.1f s%n", m.snapshotId(),
          (System.nanoTime() - t0) / 1e9);
      ServingConfig cfg = ServingConfig.defaults(store, 0).withHost("127.0.0.1").withRequestLog(false)
          .withPollInterval(Duration.ofMillis(100));
      try (ServingApp app = new ServingApp(cfg).start()) {
        while (app.holder().current() == null || !app.holder().current().id().equals(m.snapshotId())) {
          Thread.sleep(5);
        }
        LoadedSpace s = app.holder().current().spaces().get("als");
        int items = s.items().size();
        long g0 = System.nanoTime();
        double[] gram = ImplicitAls.gram(s.items().data(), s.items().dim());
        System.out.printf(Locale.ROOT, "%,d items x %d; YtY (once per snapshot): %.2f s%n", items, s.items().dim(),
            (System.nanoTime() - g0) / 1e9);
        int[] popular = popularOrdinals(app.holder().current(), s);
        for (int known : new int[] {10, 100, 500}) {
          foldIn(s, gram, popular, known, queries);
        }
      }
      ingest(store.resolve("events-1"), 1, 5);
      ingest(store.resolve("events-100"), 100, 5);
    } finally {
      if (generated) {
        io.affinity.store.StoreFiles.deleteTree(store);
      }
    }
  }

  /**
   * Item ordinals to draw folded events from, weighted by popularity: item {@code i} of the
   * snapshot's popularity list appears {@code users(i)} times (capped), so a folded user's items
   * follow the catalogue's popularity; every ordinal once when there is no popularity table.
   */
  private static int[] popularOrdinals(io.affinity.serving.snapshot.LoadedSnapshot snap, LoadedSpace s) {
    java.util.List<Integer> pool = new ArrayList<>();
    for (int i = 0; i < snap.popularIds().length; i++) {
      int o = s.items().ordinal(snap.popularIds()[i]);
      for (long c = 0; o >= 0 && c < Math.min(snap.popularUsers()[i], 1000); c++) {
        pool.add(o);
      }
    }
    if (pool.size() < 10_000) {
      for (int i = 0; i < s.items().size(); i++) {
        pool.add(i);
      }
    }
    return pool.stream().mapToInt(Integer::intValue).toArray();
  }

  private static void foldIn(LoadedSpace s, double[] gram, int[] pool, int known, int queries) {
    SplittableRandom rnd = new SplittableRandom(known);
    int dimension = s.items().dim();
    int[][] ords = new int[queries][];
    float[][] weights = new float[queries][];
    for (int q = 0; q < queries; q++) {
      ords[q] = rnd.ints(0, pool.length).map(i -> pool[i]).distinct().limit(known).sorted().toArray();
      weights[q] = new float[known];
      for (int j = 0; j < known; j++) {
        weights[q][j] = 1 + rnd.nextInt(5);
      }
    }
    ImplicitAls.Workspace ws = new ImplicitAls.Workspace(dimension);
    float[][] vectors = new float[queries][];
    int[] out = new int[10];
    float[] sc = new float[10];
    Latencies folded = new Latencies(queries);
    Latencies solveOnly = new Latencies(queries);
    Latencies plain = new Latencies(queries);
    for (int pass = 0; pass < 2; pass++) {
      for (int q = 0; q < queries; q++) {
        long t0 = System.nanoTime();
        float[] x = ImplicitAls.solve(gram, s.items().data(), dimension, ords[q], weights[q], ords[q].length, 1.0, 0.1,
            ws);
        long t1 = System.nanoTime();
        Searches.search(s.itemsByDot(), x, 10, SearchFilter.excluding(ords[q]), 0, out, sc);
        if (pass == 1) {
          folded.add(System.nanoTime() - t0);
          solveOnly.add(t1 - t0);
        }
        vectors[q] = x;
      }
      for (int q = 0; q < queries; q++) {
        long t0 = System.nanoTime();
        Searches.search(s.itemsByDot(), vectors[q], 10, SearchFilter.excluding(ords[q]), 0, out, sc);
        if (pass == 1) {
          plain.add(System.nanoTime() - t0);
        }
      }
    }
    System.out.printf(Locale.ROOT, "%3d known items: fold-in + top-10 %s | fold-in alone p50 %.1f us p99 %.1f us |"
        + " plain top-10 %s | ratio p99 %.2fx%n", known, folded.summary(), solveOnly.percentileMicros(50),
        solveOnly.percentileMicros(99), plain.summary(), folded.percentileMicros(99) / plain.percentileMicros(99));
  }

  private static void ingest(Path dir, int batch, int seconds) throws Exception {
    long events = 0;
    long batches = 0;
    long bytes;
    try (FileEventLog log = FileEventLog.open(dir)) {
      List<Event> b = new ArrayList<>(batch);
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      while (System.nanoTime() < end) {
        b.clear();
        for (int x = 0; x < batch; x++) {
          b.add(new Event("user-" + (events + x) % 100_000, "item-" + (events * 31 + x) % 1_000_000, "view", null,
              1_795_000_000_000_000L + events + x, null));
        }
        log.append(b);
        events += batch;
        batches++;
      }
    }
    try (var s = Files.list(dir)) {
      bytes = s.mapToLong(p -> p.toFile().length()).sum();
    }
    double rate = events / (double) seconds;
    int perBatch = (int) (bytes / batches);
    long raw = 0;
    Path f = dir.resolve("raw-fsync");
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.allocate(perBatch);
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      while (System.nanoTime() < end) {
        buf.clear();
        ch.write(buf);
        ch.force(false);
        raw++;
      }
    }
    System.out.printf(Locale.ROOT, "ingest, fsync per batch of %d: %,.0f events/s (%,.0f batches/s) | bare write+fsync of"
        + " %d bytes: %,.0f/s | ratio %.2fx%n", batch, rate, batches / (double) seconds, perBatch,
        raw / (double) seconds, (batches / (double) seconds) / (raw / (double) seconds));
  }
}
