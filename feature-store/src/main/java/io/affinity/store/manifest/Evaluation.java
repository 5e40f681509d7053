package io.affinity.store.manifest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Offline evaluation of a snapshot: the protocol followed and each model's metrics on it.
 *
 * <p>Numbers from different protocols must never be compared; the protocol map says how the split
 * was made (kind, test fraction, seed, k, ...).
 *
 * @param protocol how the evaluation was run
 * @param models metrics per model (e.g. {@code als}, {@code popularity}), each by metric name
 *     (e.g. {@code ndcg@10})
 */
public record Evaluation(Map<String, Object> protocol, Map<String, Map<String, Double>> models) {
  /** Copies both maps, keeping their order. */
  public Evaluation {
    protocol = new LinkedHashMap<>(Objects.requireNonNullElse(protocol, Map.of()));
    Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
    Objects.requireNonNullElse(models, Map.<String, Map<String, Double>>of())
        .forEach((k, v) -> copy.put(k, new LinkedHashMap<>(v)));
    models = copy;
  }

  /** Returns one metric of one model, or NaN when absent. */
  public double metric(String model, String metric) {
    Map<String, Double> m = models.get(model);
    Double v = m == null ? null : m.get(metric);
    return v == null ? Double.NaN : v;
  }
}
