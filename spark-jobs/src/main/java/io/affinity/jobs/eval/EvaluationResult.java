package io.affinity.jobs.eval;

import java.util.Map;

/**
 * Metrics of each model at one cut-off on one protocol.
 *
 * @param k the cut-off
 * @param usersEvaluated how many users had held-out items
 * @param models model name → metric name (e.g. {@code ndcg@10}) → mean over users
 */
public record EvaluationResult(int k, long usersEvaluated, Map<String, Map<String, Double>> models) {

  /** One metric of one model, e.g. {@code metric("als", "ndcg")}. */
  public double metric(String model, String name) {
    return models.get(model).get(name + "@" + k);
  }
}
