package io.affinity.jobs.gate;

import io.affinity.jobs.eval.RankingMetrics;
import java.util.Arrays;

/**
 * How the train job gates publishing on offline quality.
 *
 * @param enabled whether to compare with the current snapshot at all
 * @param metric the primary metric with its cut-off, e.g. {@code ndcg@10}; a metric from
 *     {@link RankingMetrics#NAMES}
 * @param tolerance the relative drop allowed, 0..1: the candidate passes when
 *     {@code candidate >= incumbent * (1 - tolerance)}
 * @param force publish and promote even when the gate refuses (the decision is still recorded)
 */
public record GateSpec(boolean enabled, String metric, double tolerance, boolean force) {
  /** Default relative tolerance: 1%. */
  public static final double DEFAULT_TOLERANCE = 0.01;

  /** Validates the metric name and the tolerance; messages name the flag and the value. */
  public GateSpec {
    if (metric == null || !metric.matches("[a-z_]+@[1-9][0-9]*")
        || !Arrays.asList(RankingMetrics.NAMES).contains(metric.substring(0, metric.indexOf('@')))) {
      throw new IllegalArgumentException("--gate-metric must be one of " + Arrays.toString(RankingMetrics.NAMES)
          + " with a cut-off, like ndcg@10; got '" + metric + "'");
    }
    if (!(tolerance >= 0 && tolerance <= 1)) {
      throw new IllegalArgumentException("--gate-tolerance must be in 0..1, got " + tolerance);
    }
  }

  /** The default gate for cut-off k: NDCG@k, 1% tolerance, not forced. */
  public static GateSpec defaults(int k) {
    return new GateSpec(true, "ndcg@" + k, DEFAULT_TOLERANCE, false);
  }

  /** The cut-off the metric is taken at. */
  public int cutoff() {
    return Integer.parseInt(metric.substring(metric.indexOf('@') + 1));
  }
}
