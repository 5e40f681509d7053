package io.affinity.store.ann;

/**
 * Graph construction parameters.
 *
 * @param maxDegree neighbours per node (M), 4..128 (default 16)
 * @param beamWidth construction beam width, &gt;= maxDegree (default 64)
 * @param neighborOverflow temporary degree overflow during construction, &gt;= 1 (default 1.2)
 * @param alpha pruning diversity, &gt;= 1 (default 1.2)
 * @param normRatio a {@code recommend} index is split into ranges of item norms whose longest and
 *     shortest vectors differ by at most this factor (default 1.25; at least 1.01), each with its
 *     own graph and MIPS transform (see {@link AnnIndexWriter}); a huge value gives one graph
 */
public record AnnParams(int maxDegree, int beamWidth, float neighborOverflow, float alpha, double normRatio) {
  /** Defaults chosen by {@code bench/serving.sh} (see docs/benchmarks.md). */
  public static final AnnParams DEFAULTS = new AnnParams(16, 64, 1.2f, 1.2f, 1.25);

  /** Validates every field. */
  public AnnParams {
    if (maxDegree < 4 || maxDegree > 128) {
      throw new IllegalArgumentException("ANN max degree must be in 4..128, got " + maxDegree);
    }
    if (beamWidth < maxDegree) {
      throw new IllegalArgumentException("ANN beam width must be >= max degree " + maxDegree + ", got " + beamWidth);
    }
    if (!(neighborOverflow >= 1) || !(alpha >= 1)) {
      throw new IllegalArgumentException("ANN overflow and alpha must be >= 1, got " + neighborOverflow + ", " + alpha);
    }
    if (!(normRatio >= 1.01)) {
      throw new IllegalArgumentException("ANN norm ratio must be >= 1.01, got " + normRatio);
    }
  }
}
