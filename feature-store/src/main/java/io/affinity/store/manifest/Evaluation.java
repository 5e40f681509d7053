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
 * @param gate the metric gate's decision before publishing (decision, metric, candidate and
 *     incumbent values, method, reason); empty when no gate ran
 */
public record Evaluation(Map<String, Object> protocol, Map<String, Map<String, Double>> models,
    Map<String, Object> gate) {
  /** Copies every map, keeping their order. */
  public Evaluation {
    protocol = new LinkedHashMap<>(Objects.requireNonNullElse(protocol, Map.of()));
    gate = new LinkedHashMap<>(Objects.requireNonNullElse(gate, Map.of()));
    Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
    Objects.requireNonNullElse(models, Map.<String, Map<String, Double>>of())
        .forEach((k, v) -> copy.put(k, new LinkedHashMap<>(v)));
    models = copy;
  }

  /** An evaluation without a gate decision. */
  public Evaluation(Map<String, Object> protocol, Map<String, Map<String, Double>> models) {
    this(protocol, models, Map.of());
  }

  /** Returns one metric of one model, or NaN when absent. */
  public double metric(String model, String metric) {
    Map<String, Double> m = models.get(model);
    Double v = m == null ? null : m.get(metric);
    return v == null ? Double.NaN : v;
  }
}
