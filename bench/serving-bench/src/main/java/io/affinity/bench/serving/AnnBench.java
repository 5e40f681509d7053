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
 * <p>Usage: {@code AnnBench N DIM QUERIES EF[,EF...]} (one graph, one line per ef)
 */
public final class AnnBench {
  private AnnBench() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    int dim = Integer.parseInt(args[1]);
    int queries = Integer.parseInt(args[2]);
    int[] efs = java.util.Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray();
    float[] data = Vectors.clustered(n, dim, 50, 1, 1);
    float[] qs = Vectors.clustered(queries + 200, dim, 50, 1, 2); // users: same centres as items
    Path file = Files.createTempFile("affinity-ann-bench", ".jvector");
    try {
      run(file, data, qs, n, dim, queries, efs);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void run(Path file, float[] data, float[] qs, int n, int dim, int queries, int[] efs)
      throws java.io.IOException {
    long t0 = System.nanoTime();
    AnnParams params = new AnnParams(Integer.getInteger("ann.m", AnnParams.DEFAULTS.maxDegree()),
        Integer.getInteger("ann.beam", AnnParams.DEFAULTS.beamWidth()), AnnParams.DEFAULTS.neighborOverflow(),
        Float.parseFloat(System.getProperty("ann.alpha", Float.toString(AnnParams.DEFAULTS.alpha()))));
    AnnIndexWriter.write(file, "x", "als", IndexInfo.RECOMMEND, data, dim, params,
        Runtime.getRuntime().availableProcessors());
    double buildS = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "ANN (JVector %s, MIPS transform, exact rescoring), %,d x %d unnormalised, %d queries, 1 thread%n",
        params, n, dim, queries);
    System.out.printf(Locale.ROOT, "  build %.1fs on %d threads; file %.1f MiB%n", buildS,
        Runtime.getRuntime().availableProcessors(), Files.size(file) / 1048576.0);
    VectorIndex exact = new ExactVectorApiIndex(data, dim);
    for (int ef : efs) {
      long t1 = System.nanoTime();
      try (AnnIndex ann = new AnnIndex(file, data, dim, true, ef)) {
        double loadMs = (System.nanoTime() - t1) / 1e6;
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
        double scoreRatio = 0;
        int[] oe = new int[10];
        float[] se = new float[10];
        for (int q = 0; q < queries; q++) {
          float[] query = Arrays.copyOfRange(qs, (200 + q) * dim, (201 + q) * dim);
          long a = System.nanoTime();
          ann.search(query, 10, none, o, s);
          la.add(System.nanoTime() - a);
          long b = System.nanoTime();
          exact.search(query, 10, none, oe, se);
          le.add(System.nanoTime() - b);
          double annSum = 0;
          double exactSum = 0;
          for (int i = 0; i < 10; i++) {
            annSum += s[i];
            exactSum += se[i];
          }
          scoreRatio += annSum / exactSum;
          Set<Integer> truth = new HashSet<>();
          for (int v : oe) {
            truth.add(v);
          }
          for (int v : o) {
            hits += truth.contains(v) ? 1 : 0;
          }
        }
        System.out.printf(Locale.ROOT, "  ef=%-4d mmap load %4.0f ms | exact (Vector API) %s | ANN %s | recall@10 %.4f"
            + " | top-10 score sum ANN/exact %.4f | speed-up p50 %.1fx%n",
            ef, loadMs, le.summary(), la.summary(), hits / (10.0 * queries), scoreRatio / queries,
            le.percentileMicros(50) / la.percentileMicros(50));
      }
    }
  }
}
