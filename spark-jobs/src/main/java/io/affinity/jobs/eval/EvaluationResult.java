package io.affinity.jobs.eval;

import java.util.List;
import java.util.Map;

/**
 * Metrics of each model on one protocol: accuracy at every cut-off, beyond-accuracy at the primary
 * cut-off, the same per user segment, and the distributions the report draws.
 *
 * @param k the configured (primary) cut-off
 * @param cutoffs every cut-off evaluated, ascending
 * @param usersEvaluated how many users had held-out items
 * @param models model name → metric name with its cut-off (e.g. {@code ndcg@10},
 *     {@code coverage@10}) → mean over users (catalogue-level for coverage and Gini)
 * @param segments the same per user segment (per-user metrics only)
 * @param exposureByPopularityDecile model → how many of its top-k slots went to items of each
 *     popularity decile (index 0 = the least popular tenth of the catalogue)
 * @param popularityCurve training users per item, most popular first, sampled to at most
 *     {@value Evaluator#CURVE_POINTS} points (the long tail the report draws)
 * @param usersWithTestItems users eligible for evaluation (held-out and training items); more than
 *     {@code usersEvaluated} when a sample was drawn
 * @param intervals model → accuracy metric at the primary cut-off → its 95% bootstrap confidence
 *     interval {@code [low, high]} over users
 */
public record EvaluationResult(int k, int[] cutoffs, long usersEvaluated,
    Map<String, Map<String, Double>> models, List<SegmentResult> segments,
    Map<String, long[]> exposureByPopularityDecile, long[] popularityCurve, long usersWithTestItems,
    Map<String, Map<String, double[]>> intervals) {

  /** Whether the users evaluated are a sample of those eligible. */
  public boolean sampled() {
    return usersEvaluated < usersWithTestItems;
  }

  /** One metric of one model at the primary cut-off, e.g. {@code metric("als", "ndcg")}. */
  public double metric(String model, String name) {
    Double v = models.get(model).get(name + "@" + k);
    return v == null ? Double.NaN : v;
  }

  /**
   * A copy that also lists {@code other}'s models (their metrics and exposure, not their segments):
   * used to report a second protocol, such as cold items, next to this one. Names must not clash.
   */
  public EvaluationResult withModelsOf(EvaluationResult other) {
    Map<String, Map<String, Double>> m = new java.util.LinkedHashMap<>(models);
    Map<String, long[]> e = new java.util.LinkedHashMap<>(exposureByPopularityDecile);
    Map<String, Map<String, double[]>> ci = new java.util.LinkedHashMap<>(intervals);
    ci.putAll(other.intervals);
    other.models.forEach((name, metrics) -> {
      if (m.putIfAbsent(name, metrics) != null) {
        throw new IllegalArgumentException("model " + name + " is already in this result");
      }
    });
    e.putAll(other.exposureByPopularityDecile);
    return new EvaluationResult(k, cutoffs, usersEvaluated, m, segments, e, popularityCurve, usersWithTestItems,
        ci);
  }

  /**
   * Metrics of one user segment.
   *
   * @param name e.g. {@code activity=5-19} or {@code country=FR}
   * @param users users of the segment evaluated
   * @param models model → metric → mean over the segment's users
   */
  public record SegmentResult(String name, long users, Map<String, Map<String, Double>> models) {}
}
