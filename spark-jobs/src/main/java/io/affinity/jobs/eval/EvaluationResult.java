package io.affinity.jobs.eval;

import java.util.Map;

/**
 * Metrics of each model on one protocol, at the configured cut-off and at 5, 10 and 20.
 *
 * @param k the configured (primary) cut-off
 * @param usersEvaluated how many users had held-out items
 * @param models model name → metric name with its cut-off (e.g. {@code ndcg@10}, {@code recall@20})
 *     → mean over users
 */
public record EvaluationResult(int k, long usersEvaluated, Map<String, Map<String, Double>> models) {

  /** One metric of one model, e.g. {@code metric("als", "ndcg")}. */
  public double metric(String model, String name) {
    return models.get(model).get(name + "@" + k);
  }
}
