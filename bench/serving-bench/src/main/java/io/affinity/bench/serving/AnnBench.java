package io.affinity.bench.serving;

import io.affinity.serving.index.AnnIndex;
import io.affinity.serving.index.ExactVectorApiIndex;
import io.affinity.serving.index.VectorIndex;
import io.affinity.store.ann.AnnIndexWriter;
import io.affinity.store.ann.AnnParams;
import io.affinity.store.manifest.IndexInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * ANN (JVector graph, MIPS transform, exact rescoring) against the exact Vector API scan on the
 * same unnormalised clustered vectors and the same queries: build time, index size, mmap load
 * time, latency percentiles, recall@10, and the latency ratio.
 *
 * <p>Usage: {@code AnnBench N DIM QUERIES EF}
 */
public final class AnnBench {
  private AnnBench() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    int dim = Integer.parseInt(args[1]);
    int queries = Integer.parseInt(args[2]);
    int ef = Integer.parseInt(args[3]);
    float[] data = Vectors.clustered(n, dim, 50, 1, 1);
    float[] qs = Vectors.clustered(queries + 200, dim, 50, 1, 2); // users: same centres as items
    Path file = Files.createTempFile("affinity-ann-bench", ".jvector");
    long t0 = System.nanoTime();
    AnnIndexWriter.write(file, "x", "als", IndexInfo.RECOMMEND, data, dim, AnnParams.DEFAULTS,
        Runtime.getRuntime().availableProcessors());
    double buildS = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    try (AnnIndex ann = new AnnIndex(file, data, dim, true, ef)) {
      double loadMs = (System.nanoTime() - t1) / 1e6;
      VectorIndex exact = new ExactVectorApiIndex(data, dim);
      int[] none = new int[0];
      int[] o = new int[10];
      float[] s = new float[10];
      for (int q = 0; q < 200; q++) { // warm-up
        float[] query = Arrays.copyOfRange(qs, q * dim, (q + 1) * dim);
        ann.search(query, 10, none, o, s);
        exact.search(query, 10, none, o, s);
      }
      Latencies la = new Latencies(queries);
      Latencies le = new Latencies(queries);
      int hits = 0;
      int[] oe = new int[10];
      for (int q = 0; q < queries; q++) {
        float[] query = Arrays.copyOfRange(qs, (200 + q) * dim, (201 + q) * dim);
        long a = System.nanoTime();
        ann.search(query, 10, none, o, s);
        la.add(System.nanoTime() - a);
        long b = System.nanoTime();
        exact.search(query, 10, none, oe, s);
        le.add(System.nanoTime() - b);
        Set<Integer> truth = new HashSet<>();
        for (int v : oe) {
          truth.add(v);
        }
        for (int v : o) {
          hits += truth.contains(v) ? 1 : 0;
        }
      }
      System.out.printf(Locale.ROOT, "ANN (JVector M=%d, MIPS), %,d x %d unnormalised, %d queries, ef=%d, 1 thread%n",
          AnnParams.DEFAULTS.maxDegree(), n, dim, queries, ef);
      System.out.printf(Locale.ROOT, "  build %.1fs on %d threads; file %.1f MiB; mmap load %.0f ms%n", buildS,
          Runtime.getRuntime().availableProcessors(), Files.size(file) / 1048576.0, loadMs);
      System.out.println("  exact (Vector API): " + le.summary());
      System.out.println("  ANN + rescoring   : " + la.summary());
      System.out.printf(Locale.ROOT, "  recall@10 vs exact = %.4f; speed-up exact/ANN p50 = %.1fx%n",
          hits / (10.0 * queries), le.percentileMicros(50) / la.percentileMicros(50));
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
