package io.affinity.jobs.eval;

import java.io.Serializable;

/**
 * Sums of per-user metrics for one partition (or, once merged, for all users). Values are summed in
 * fixed point (2^-32 resolution): integer addition is associative, so totals do not depend on
 * partitioning or task order, and runs are bit-identical.
 *
 * @param sums per group (all users, then each segment) and slot, the fixed-point sum
 * @param counts per group and slot, how many users had the metric defined
 * @param users per group, the users seen
 * @param exposureKeys the (model × numItems + item) keys of the items this task put in a top-k list
 *     (at the primary k), ascending; sparse, so a task never ships a catalogue-sized array
 * @param exposureCounts how often, per key
 * @param bootSums per bootstrap replicate, model and bootstrapped metric, the weighted fixed-point sum
 * @param bootCounts the matching sums of weights
 */
record Partial(long[] sums, long[] counts, long[] users, long[] exposureKeys, long[] exposureCounts, long[] bootSums,
    long[] bootCounts)
    implements Serializable {
  static final double FIXED_ONE = 4294967296.0;

  static Partial empty(EvalContext c) {
    int groups = 1 + c.segments();
    int boot = Bootstrap.REPLICATES * c.models().size() * c.bootstrapped();
    return new Partial(new long[groups * c.perGroup()], new long[groups * c.perGroup()], new long[groups],
        new long[0], new long[0], new long[boot], new long[boot]);
  }

  /** Adds one user's value to a slot of a group, when it is defined. */
  void add(int group, int perGroup, int slot, double value) {
    if (!Double.isNaN(value)) {
      sums[group * perGroup + slot] += Math.round(value * FIXED_ONE);
      counts[group * perGroup + slot]++;
    }
  }

  /** Adds one user's bootstrapped metrics ({@code user} laid out as a group) with their weights. */
  void addBootstrap(EvalContext c, double[] user, int[] weights) {
    int per = c.models().size() * c.bootstrapped();
    for (int m = 0; m < c.models().size(); m++) {
      for (int j = 0; j < c.bootstrapped(); j++) {
        double v = user[c.bootSlot(m, j)];
        if (Double.isNaN(v)) {
          continue;
        }
        long fixed = Math.round(v * FIXED_ONE);
        int at = m * c.bootstrapped() + j;
        for (int b = 0; b < weights.length; b++) {
          if (weights[b] != 0) {
            bootSums[b * per + at] += weights[b] * fixed;
            bootCounts[b * per + at] += weights[b];
          }
        }
      }
    }
  }

  /** The mean of a slot in a group, or NaN when no user had it defined. */
  double mean(int group, int perGroup, int slot) {
    long n = counts[group * perGroup + slot];
    return n == 0 ? Double.NaN : sums[group * perGroup + slot] / FIXED_ONE / n;
  }

  /** A copy with the exposure entries of a dense per-task counter ({@code model × numItems + item}). */
  Partial withExposure(int[] dense) {
    int nonZero = 0;
    for (int v : dense) {
      nonZero += v != 0 ? 1 : 0;
    }
    long[] keys = new long[nonZero];
    long[] values = new long[nonZero];
    for (int i = 0, x = 0; i < dense.length; i++) {
      if (dense[i] != 0) {
        keys[x] = i;
        values[x++] = dense[i];
      }
    }
    return new Partial(sums, counts, users, keys, values, bootSums, bootCounts);
  }

  /** Merges the metric sums (exposure is aggregated by Spark, not here). */
  static Partial merge(Partial a, Partial b) {
    return new Partial(plus(a.sums, b.sums), plus(a.counts, b.counts), plus(a.users, b.users), new long[0],
        new long[0], plus(a.bootSums, b.bootSums), plus(a.bootCounts, b.bootCounts));
  }

  private static long[] plus(long[] a, long[] b) {
    long[] out = a.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += b[i];
    }
    return out;
  }
}
