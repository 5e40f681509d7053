package io.affinity.jobs.train;

/**
 * ALS hyper-parameters (implicit feedback).
 *
 * @param rank factor dimension, 1..1024 (default 64)
 * @param regParam L2 regularisation, &gt;= 0 (default 0.1; MLlib scales it by rating counts)
 * @param alpha confidence slope: c = 1 + alpha * weight, &gt;= 0 (default 0.3)
 * @param maxIter alternating sweeps, 1..100 (default 15)
 * @param seed random seed (default 42)
 */
public record AlsParams(int rank, double regParam, double alpha, int maxIter, long seed) {
  /** The defaults, tuned on ml-latest-small (see docs/benchmarks.md). */
  public static final AlsParams DEFAULTS = new AlsParams(64, 0.1, 0.3, 15, 42);

  /** Validates every field; messages name the flag and the bad value. */
  public AlsParams {
    if (rank < 1 || rank > 1024) {
      throw new IllegalArgumentException("--rank must be in 1..1024, got " + rank);
    }
    if (!(regParam >= 0) || Double.isInfinite(regParam)) {
      throw new IllegalArgumentException("--reg-param must be a finite number >= 0, got " + regParam);
    }
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("--alpha must be a finite number >= 0, got " + alpha);
    }
    if (maxIter < 1 || maxIter > 100) {
      throw new IllegalArgumentException("--max-iter must be in 1..100, got " + maxIter);
    }
  }
}
