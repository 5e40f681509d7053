package io.affinity.store.ann;

/**
 * Construction parameters of a neighbour graph ({@link GraphWriter}).
 *
 * @param maxDegree neighbours kept per node (M), 4..128 (default 16)
 * @param beamWidth construction beam: candidates each insertion examines, &gt;= maxDegree (default
 *     300; on trained ALS factors 100 left tail items with neighbour lists that missed their true
 *     neighbours, see docs/serving.md)
 * @param neighborOverflow temporary degree overflow during construction, &gt;= 1 (default 1.2)
 * @param alpha diversity of the kept neighbours (Vamana's alpha), &gt;= 1 (default 1.4)
 * @param threads construction threads, &gt;= 1 (default 1: the only deterministic setting, since
 *     JVector's concurrent insertion order depends on scheduling)
 */
public record GraphParams(int maxDegree, int beamWidth, float neighborOverflow, float alpha, int threads)
    implements java.io.Serializable {
  /** The defaults, chosen by {@code bench/ann.sh} on trained factors (docs/benchmarks.md). */
  public static final GraphParams DEFAULTS = new GraphParams(16, 300, 1.2f, 1.4f, 1);

  /** Validates every field; messages name the bad value. */
  public GraphParams {
    if (maxDegree < 4 || maxDegree > 128) {
      throw new IllegalArgumentException("ANN max degree must be in 4..128, got " + maxDegree);
    }
    if (beamWidth < maxDegree || beamWidth > 4096) {
      throw new IllegalArgumentException("ANN beam width must be in " + maxDegree + "..4096, got " + beamWidth);
    }
    if (!(neighborOverflow >= 1) || !(alpha >= 1)) {
      throw new IllegalArgumentException("ANN overflow and alpha must be >= 1, got " + neighborOverflow + ", " + alpha);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("ANN build threads must be >= 1, got " + threads);
    }
  }

  /** A copy built on {@code n} threads. */
  public GraphParams withThreads(int n) {
    return new GraphParams(maxDegree, beamWidth, neighborOverflow, alpha, n);
  }
}
