package io.affinity.bench.ann;

import java.util.Arrays;
import java.util.Locale;

/**
 * Latency and recall of one searcher over all queries, one thread: a warm-up loop over every query,
 * then a timed loop (each engine in its own loops, so no engine evicts another's data from the
 * caches between queries).
 *
 * @param recall mean recall@10 (tie-aware, see {@link Workload#hit})
 * @param below queries with recall below 0.5
 * @param p50us median latency
 * @param p99us 99th percentile
 * @param p999us 99.9th percentile
 * @param maxUs the slowest query
 */
record Measure(double recall, int below, int queries, double p50us, double p99us, double p999us, double maxUs) {

  static Measure run(Searcher s, float[] kth, int warmups) {
    int nq = kth.length;
    int[] o = new int[Workload.K];
    float[] sc = new float[Workload.K];
    for (int w = 0; w < warmups; w++) {
      for (int q = 0; q < nq; q++) {
        s.search(q, o, sc);
      }
    }
    long[] lat = new long[nq];
    double sum = 0;
    int below = 0;
    for (int q = 0; q < nq; q++) {
      long t0 = System.nanoTime();
      int c = s.search(q, o, sc);
      lat[q] = System.nanoTime() - t0;
      int hits = 0;
      for (int i = 0; i < c; i++) {
        hits += Workload.hit(sc[i], kth[q]) ? 1 : 0;
      }
      double r = Math.min(1.0, hits / (double) Workload.K);
      sum += r;
      below += r < 0.5 ? 1 : 0;
    }
    Arrays.sort(lat);
    return new Measure(sum / nq, below, nq, lat[nq / 2] / 1e3, lat[(int) (nq * 0.99)] / 1e3,
        lat[Math.min(nq - 1, (int) (nq * 0.999))] / 1e3, lat[nq - 1] / 1e3);
  }

  String row(String engine, String setting) {
    return String.format(Locale.ROOT, "| %s | %s | %.4f | %.2f%% | %.0f | %.0f | %.0f | %.0f |", engine, setting,
        recall, 100.0 * below / queries, p50us, p99us, p999us, maxUs);
  }
}
