package io.affinity.bench.ann;

import io.affinity.serving.index.SearchBudget;
import io.affinity.store.ann.GraphParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Our search side by side with Lucene 10 HNSW and raw JVector 4, in one run, on the same trained
 * vectors and queries (top 10, one thread, the user's known items excluded for recommendations):
 * every engine swept over its search beam, then, per engine, the fastest setting that reaches
 * recall@10 &gt;= 0.98 with fewer than 0.5% of queries below 0.5, and its time against ours.
 *
 * <p>Usage: {@code AnnBench STORE QUERIES [ENGINES] [BUILD_THREADS]}, ENGINES a comma list of
 * {@code ours, lucene16, lucene32, jvector16, jvector32} (default all). Run on JDK 21+ (Lucene 10):
 * {@code bench/ann.sh}.
 */
public final class AnnBench {
  private static final int[] OUR_EF = {10, 20, 40, 64, 100, 160};
  private static final int[] LIB_EF = {20, 40, 80, 120, 160, 240, 320, 480};

  private AnnBench() {}

  private record Point(String engine, String setting, Measure m) {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    Path store = Path.of(args[0]);
    int queries = Integer.parseInt(args[1]);
    List<String> engines = Arrays.asList((args.length > 2 ? args[2] : "ours,lucene16,lucene32,jvector16,jvector32")
        .split(","));
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
    System.out.printf("machine: %d cores, %s %s, max heap %d MiB%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);
    long t0 = System.nanoTime();
    Workload w = new Workload(store, queries, 7);
    System.out.printf(Locale.ROOT, "workload: %s (exact truth in %.1f s)%n", w.description, (System.nanoTime() - t0) / 1e9);
    List<Point> rec = new ArrayList<>();
    List<Point> sim = new ArrayList<>();
    if (engines.contains("ours")) {
      OursEngine ours = new OursEngine(w, GraphParams.DEFAULTS.withThreads(threads));
      System.out.printf(Locale.ROOT, Double.isNaN(ours.buildSeconds) ? "ours: the snapshot's graph (built by the train"
          + " job or bench/serving-bench)%n" : "ours: graph (M %d, beam %d, alpha %.1f) built in %.1f s on %d threads%n",
          GraphParams.DEFAULTS.maxDegree(), GraphParams.DEFAULTS.beamWidth(), GraphParams.DEFAULTS.alpha(),
          ours.buildSeconds, threads);
      for (int ef : OUR_EF) {
        SearchBudget b = new SearchBudget(ef, SearchBudget.DEFAULTS.maxVisits(), SearchBudget.DEFAULTS.headRows());
        rec.add(new Point("ours", "ef " + ef, Measure.run(ours.recommend(b), w.recKth, 3)));
        sim.add(new Point("ours", "ef " + ef, Measure.run(ours.similar(b), w.simKth, 3)));
      }
    }
    for (int m : new int[] {16, 32}) {
      if (engines.contains("lucene" + m)) {
        try (LuceneEngine mip = new LuceneEngine(w.items, w.dim, true, m, 100)) {
          System.out.printf(Locale.ROOT, "lucene M %d: MAXIMUM_INNER_PRODUCT index built in %.1f s (one thread)%n", m,
              mip.buildSeconds);
          for (int ef : LIB_EF) {
            rec.add(new Point("Lucene 10.6 HNSW M " + m, "ef " + ef, Measure.run(mip.searcher(ef,
                q -> w.userQueries[q], q -> w.excluded[q]), w.recKth, 3)));
          }
        }
        try (LuceneEngine cos = new LuceneEngine(w.unit, w.dim, false, m, 100)) {
          System.out.printf(Locale.ROOT, "lucene M %d: DOT_PRODUCT (unit rows) index built in %.1f s%n", m,
              cos.buildSeconds);
          for (int ef : LIB_EF) {
            sim.add(new Point("Lucene 10.6 HNSW M " + m, "ef " + ef, Measure.run(cos.searcher(ef,
                q -> w.itemQueryVectors[q], q -> new int[] {w.itemQueries[q]}), w.simKth, 3)));
          }
        }
      }
      if (engines.contains("jvector" + m)) {
        JVectorEngine mip = new JVectorEngine(w.items, w.dim, m, 100, threads);
        System.out.printf(Locale.ROOT, "jvector degree %d: DOT_PRODUCT (raw) graph built in %.1f s on %d threads%n",
            m, mip.buildSeconds, threads);
        for (int ef : LIB_EF) {
          rec.add(new Point("JVector 4.0.2 degree " + m, "ef " + ef, Measure.run(mip.searcher(ef,
              q -> w.userQueries[q], q -> w.excluded[q]), w.recKth, 3)));
        }
        JVectorEngine cos = new JVectorEngine(w.unit, w.dim, m, 100, threads);
        System.out.printf(Locale.ROOT, "jvector degree %d: DOT_PRODUCT (unit rows) graph built in %.1f s%n", m,
            cos.buildSeconds);
        for (int ef : LIB_EF) {
          sim.add(new Point("JVector 4.0.2 degree " + m, "ef " + ef, Measure.run(cos.searcher(ef,
              q -> w.itemQueryVectors[q], q -> new int[] {w.itemQueries[q]}), w.simKth, 3)));
        }
      }
    }
    report("Recommendations (maximum inner product, known items excluded)", rec);
    report("Similar items (cosine)", sim);
  }

  private static void report(String title, List<Point> points) {
    System.out.printf("%n### %s%n%n", title);
    System.out.println("| engine | setting | recall@10 | queries < 0.5 | p50 µs | p99 µs | p99.9 µs | max µs |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    points.forEach(p -> System.out.println(p.m().row(p.engine(), p.setting())));
    System.out.printf("%nFastest setting per engine with recall@10 >= 0.98 and < 0.5%% of queries below 0.5:%n%n");
    System.out.println("| engine | setting | recall@10 | p50 µs | p99 µs | p50 / ours | p99 / ours |");
    System.out.println("|---|---|---|---|---|---|---|");
    Point ours = best(points, "ours");
    for (String engine : points.stream().map(Point::engine).distinct().toList()) {
      Point b = best(points, engine);
      if (b == null) {
        System.out.printf("| %s | none reached the bar | | | | | |%n", engine);
        continue;
      }
      System.out.printf(Locale.ROOT, "| %s | %s | %.4f | %.0f | %.0f | %s | %s |%n", engine, b.setting(), b.m().recall(),
          b.m().p50us(), b.m().p99us(), ours == null ? "-" : String.format(Locale.ROOT, "%.2fx", b.m().p50us()
              / ours.m().p50us()), ours == null ? "-" : String.format(Locale.ROOT, "%.2fx", b.m().p99us()
              / ours.m().p99us()));
    }
  }

  private static Point best(List<Point> points, String engine) {
    return points.stream().filter(p -> p.engine().equals(engine) && p.m().recall() >= 0.98
        && p.m().below() < 0.005 * p.m().queries()).min((a, b) -> Double.compare(a.m().p99us(), b.m().p99us()))
        .orElse(null);
  }
}
