package io.affinity.jobs.train;

import io.affinity.jobs.eval.EvaluationResult;
import io.affinity.jobs.gate.GateSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which space the server uses when a request names none, and why; and whether a baseline beats
 * every trained model.
 *
 * <p>The candidates are the collaborative spaces the run trained: {@code als}, and with a sequence
 * model {@code sequence} and {@code hybrid}. They are compared on the gate metric measured on the
 * validation split carved from the evaluation's train side (the one that fits the hybrid weight),
 * never on the test side; ties go to the simpler space (als, then hybrid, then sequence). With
 * ALS alone there is nothing to choose. The content space answers cold items and is never the
 * default.
 *
 * <p>The baseline warning compares the test-side metrics the report shows: when item-kNN or
 * popularity beats the best trained model by more than the gate tolerance (relative), the job
 * says so, by how much, and suggests {@code affinity tune} (or {@code train --tune N}).
 *
 * @param space the served space
 * @param reason why, in one sentence
 * @param metric the metric compared
 * @param validation the candidates' validation metric (empty when nothing was compared)
 * @param baselineWarning the warning, or null
 */
public record ModelChoice(String space, String reason, String metric, Map<String, Double> validation,
    String baselineWarning) {
  /** Order of preference on ties. */
  static final List<String> CANDIDATES = List.of(SnapshotExport.SPACE, HybridSpace.SPACE, SequenceSpace.SPACE);
  /** The baselines the warning compares with. */
  static final List<String> BASELINES = List.of("item_knn", "popularity");

  /** Validates and copies. */
  public ModelChoice {
    validation = Map.copyOf(validation);
  }

  /**
   * Chooses.
   *
   * @param validation candidate space → its gate metric on the validation split, or null when no
   *     validation ran (ALS alone, or {@code --no-evaluate})
   * @param test the test-side evaluation, or null ({@code --no-evaluate})
   */
  static ModelChoice choose(GateSpec gate, Map<String, Double> validation, EvaluationResult test) {
    String metric = gate.metric();
    String space = SnapshotExport.SPACE;
    String reason;
    Map<String, Double> scores = new LinkedHashMap<>();
    if (validation == null || validation.size() < 2) {
      reason = test == null ? "als: the only collaborative space trained, and nothing was evaluated (--no-evaluate)"
          : "als: the only collaborative space trained";
    } else {
      for (String c : CANDIDATES) {
        Double v = validation.get(c);
        if (v != null && !v.isNaN()) {
          scores.put(c, v);
        }
      }
      double best = Double.NEGATIVE_INFINITY;
      for (Map.Entry<String, Double> e : scores.entrySet()) {
        if (e.getValue() > best) {
          best = e.getValue();
          space = e.getKey();
        }
      }
      StringBuilder others = new StringBuilder();
      scores.forEach((name, v) -> others.append(others.isEmpty() ? "" : ", ").append(
          String.format(Locale.ROOT, "%s %.4f", name, v)));
      reason = String.format(Locale.ROOT, "%s has the best %s on the validation split carved from the train side"
          + " (%s)", space, metric, others);
    }
    return new ModelChoice(space, reason, metric, scores, test == null ? null : warning(gate, test));
  }

  /** The baseline warning for a test-side result, or null when a trained model is within tolerance. */
  static String warning(GateSpec gate, EvaluationResult test) {
    String metric = gate.metric();
    Map.Entry<String, Double> trained = best(test, CANDIDATES, metric);
    Map.Entry<String, Double> baseline = best(test, BASELINES, metric);
    if (trained == null || baseline == null || !(baseline.getValue() > trained.getValue() * (1 + gate.tolerance()))) {
      return null;
    }
    return String.format(Locale.ROOT, "the %s baseline beats every trained model on %s: %.4f against %.4f for %s"
        + " (%+.1f%%, more than the gate tolerance of %.1f%%). The trained models' parameters may not fit this"
        + " data: try `affinity tune --interactions ...` then `train --params tuning.json`, or `train --tune 12`.",
        baseline.getKey(), metric, baseline.getValue(), trained.getValue(), trained.getKey(),
        100 * (baseline.getValue() / trained.getValue() - 1), 100 * gate.tolerance());
  }

  /** The model of {@code names} with the highest {@code metric} in {@code test}, or null when none has it. */
  private static Map.Entry<String, Double> best(EvaluationResult test, List<String> names, String metric) {
    Map.Entry<String, Double> best = null;
    for (String n : names) {
      Double v = test.models().containsKey(n) ? test.models().get(n).get(metric) : null;
      if (v != null && (best == null || v > best.getValue())) {
        best = Map.entry(n, v);
      }
    }
    return best;
  }

  /** As recorded in the manifest's parameters and the report. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("space", space);
    m.put("reason", reason);
    m.put("metric", metric);
    if (!validation.isEmpty()) {
      m.put("validation", new LinkedHashMap<>(validation));
    }
    if (baselineWarning != null) {
      m.put("baselineWarning", baselineWarning);
    }
    return m;
  }
}
