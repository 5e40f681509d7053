package io.affinity.jobs.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns merged sums into an {@link EvaluationResult}: means, catalogue metrics, distributions. */
final class EvaluationResults {
  private EvaluationResults() {}

  static EvaluationResult assemble(EvalContext c, Partial total, Exposure exposure, List<String> segmentNames,
      long eligibleUsers) {
    Map<String, Map<String, Double>> models = group(c, total, 0);
    int n = c.numItems();
    Map<String, long[]> deciles = new LinkedHashMap<>();
    for (int m = 0; m < c.models().size(); m++) {
      Map<String, Double> metrics = models.get(c.models().get(m).name());
      metrics.put("coverage@" + c.k(), exposure.coverage(m, n));
      metrics.put("gini@" + c.k(), exposure.gini(m, n));
      deciles.put(c.models().get(m).name(), exposure.deciles(m));
    }
    List<EvaluationResult.SegmentResult> segments = new ArrayList<>();
    for (int s = 0; s < segmentNames.size(); s++) {
      long users = total.users()[1 + s];
      if (users > 0) {
        segments.add(new EvaluationResult.SegmentResult(segmentNames.get(s), users, group(c, total, 1 + s)));
      }
    }
    return new EvaluationResult(c.k(), c.cutoffs(), total.users()[0], models, segments, deciles,
        curve(c.popularity()), Math.max(eligibleUsers, total.users()[0]), intervals(c, total));
  }

  /** The bootstrap interval of each model's accuracy metrics at the primary cut-off. */
  private static Map<String, Map<String, double[]>> intervals(EvalContext c, Partial total) {
    Map<String, Map<String, double[]>> out = new LinkedHashMap<>();
    int per = c.models().size() * c.bootstrapped();
    double[] means = new double[Bootstrap.REPLICATES];
    for (int m = 0; m < c.models().size(); m++) {
      Map<String, double[]> metrics = new LinkedHashMap<>();
      for (int j = 0; j < c.bootstrapped(); j++) {
        for (int b = 0; b < means.length; b++) {
          long n = total.bootCounts()[b * per + m * c.bootstrapped() + j];
          means[b] = n == 0 ? Double.NaN : total.bootSums()[b * per + m * c.bootstrapped() + j] / Partial.FIXED_ONE / n;
        }
        double[] ci = Bootstrap.interval(means);
        if (!Double.isNaN(ci[0])) {
          metrics.put(RankingMetrics.NAMES[j] + "@" + c.k(), ci);
        }
      }
      out.put(c.models().get(m).name(), metrics);
    }
    return out;
  }

  /** Per-model means of one group; metrics no user had defined are left out. */
  private static Map<String, Map<String, Double>> group(EvalContext c, Partial total, int group) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    int perGroup = c.perGroup();
    for (int m = 0; m < c.models().size(); m++) {
      Map<String, Double> metrics = new LinkedHashMap<>();
      for (int ci = 0; ci < c.cutoffs().length; ci++) {
        for (int j = 0; j < RankingMetrics.NAMES.length; j++) {
          put(metrics, RankingMetrics.NAMES[j] + "@" + c.cutoffs()[ci],
              total.mean(group, perGroup, c.accuracySlot(m, ci, j)));
        }
      }
      for (int b = 0; b < BeyondAccuracy.PER_LIST.length; b++) {
        put(metrics, BeyondAccuracy.PER_LIST[b] + "@" + c.k(), total.mean(group, perGroup, c.listSlot(m, b)));
      }
      out.put(c.models().get(m).name(), metrics);
    }
    return out;
  }

  private static void put(Map<String, Double> metrics, String name, double v) {
    if (!Double.isNaN(v)) {
      metrics.put(name, v);
    }
  }

  private static long[] curve(float[] popularity) {
    float[] sorted = popularity.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    int points = Math.min(n, Evaluator.CURVE_POINTS);
    long[] out = new long[points];
    for (int p = 0; p < points; p++) {
      int idx = points == 1 ? 0 : (int) ((long) p * (n - 1) / (points - 1));
      out[p] = (long) sorted[n - 1 - idx];
    }
    return out;
  }
}
