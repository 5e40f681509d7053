package io.affinity.jobs.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Confidence intervals of the per-user metric means by the Poisson bootstrap: every user gets, in
 * each of {@value #REPLICATES} replicates, a weight drawn from Poisson(1), as if users were
 * resampled with replacement; each replicate's weighted mean is summed in the same pass as the
 * metrics themselves (no per-user data is kept), and the interval is the 2.5th and 97.5th
 * percentile of the replicate means. Weights depend only on the user index and the seed, so the
 * intervals do not depend on partitioning and runs are bit-identical.
 */
final class Bootstrap {
  /** Replicates per interval. */
  static final int REPLICATES = 200;
  /** The interval's coverage. */
  static final double LEVEL = 0.95;
  private static final double EXP_MINUS_ONE = Math.exp(-1);

  private Bootstrap() {}

  /** Fills {@code out} ({@value #REPLICATES} entries) with user {@code u}'s Poisson(1) weights. */
  static void weights(int u, long seed, int[] out) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + u);
    for (int b = 0; b < out.length; b++) {
      int k = 0;
      double p = r.nextDouble();
      while (p > EXP_MINUS_ONE) {
        k++;
        p *= r.nextDouble();
      }
      out[b] = k;
    }
  }

  /** The {@link #LEVEL} percentile interval of the replicate means ({@code NaN}s ignored). */
  static double[] interval(double[] replicateMeans) {
    double[] v = Arrays.stream(replicateMeans).filter(x -> !Double.isNaN(x)).sorted().toArray();
    if (v.length == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double tail = (1 - LEVEL) / 2;
    return new double[] {v[(int) Math.floor(tail * (v.length - 1))], v[(int) Math.ceil((1 - tail) * (v.length - 1))]};
  }
}
