package io.affinity.store.ann;

/**
 * Graph construction parameters.
 *
 * @param maxDegree neighbours per node (M), 4..128 (default 16)
 * @param beamWidth construction beam width, &gt;= maxDegree (default 64)
 * @param neighborOverflow temporary degree overflow during construction, &gt;= 1 (default 1.2)
 * @param alpha pruning diversity, &gt;= 1 (default 1.2)
 * @param normPartitions how many norm ranges a {@code recommend} index is split into, 1..64
 *     (default 4); each gets its own graph and MIPS transform (see {@link AnnIndexWriter})
 */
public record AnnParams(int maxDegree, int beamWidth, float neighborOverflow, float alpha, int normPartitions) {
  /** Defaults chosen by {@code bench/serving.sh} (see docs/benchmarks.md). */
  public static final AnnParams DEFAULTS = new AnnParams(16, 64, 1.2f, 1.2f, 4);

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
    if (normPartitions < 1 || normPartitions > 64) {
      throw new IllegalArgumentException("ANN norm partitions must be in 1..64, got " + normPartitions);
    }
  }
}
