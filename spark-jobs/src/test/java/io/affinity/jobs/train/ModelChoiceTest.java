package io.affinity.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.eval.EvaluationResult;
import io.affinity.jobs.gate.GateSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The served space is the best trained one on the validation split (ties to the simpler), and a
 * baseline that beats every trained model by more than the gate tolerance raises a warning.
 */
class ModelChoiceTest {
  private static final GateSpec GATE = GateSpec.defaults(10);

  @Test
  void the_hybrid_serves_when_it_wins_on_validation() {
    ModelChoice c = ModelChoice.choose(GATE, Map.of("als", 0.30, "hybrid", 0.34, "sequence", 0.25),
        test(Map.of("als", 0.31, "hybrid", 0.35, "sequence", 0.26, "item_knn", 0.30, "popularity", 0.15)));
    assertEquals("hybrid", c.space());
    assertTrue(c.reason().contains("hybrid has the best ndcg@10 on the validation split")
        && c.reason().contains("als 0.3000"), c.reason());
    assertNull(c.baselineWarning(), "a trained model beats the baselines");
    assertEquals("hybrid", c.toMap().get("space"));
  }

  @Test
  void a_tie_goes_to_the_simpler_space() {
    ModelChoice c = ModelChoice.choose(GATE, Map.of("sequence", 0.30, "hybrid", 0.30, "als", 0.30), null);
    assertEquals("als", c.space());
  }

  @Test
  void a_baseline_that_beats_every_trained_model_is_warned_about_with_the_margin() {
    ModelChoice c = ModelChoice.choose(GATE, null, test(Map.of("als", 0.317, "item_knn", 0.373, "popularity", 0.2)));
    assertEquals("als", c.space());
    assertEquals("als: the only collaborative space trained", c.reason());
    String w = c.baselineWarning();
    assertTrue(w.contains("item_knn baseline beats every trained model on ndcg@10: 0.3730 against 0.3170 for als")
        && w.contains("+17.7%") && w.contains("affinity tune"), w);
    assertEquals(w, c.toMap().get("baselineWarning"));
  }

  @Test
  void a_baseline_within_the_tolerance_is_not_warned_about() {
    assertNull(ModelChoice.warning(GATE, test(Map.of("als", 0.300, "item_knn", 0.3029))), "0.97% < 1%");
    assertTrue(ModelChoice.warning(GATE, test(Map.of("als", 0.300, "item_knn", 0.3031))) != null, "1.03% > 1%");
  }

  private static EvaluationResult test(Map<String, Double> ndcg) {
    Map<String, Map<String, Double>> models = new LinkedHashMap<>();
    ndcg.forEach((m, v) -> models.put(m, Map.of("ndcg@10", v)));
    return new EvaluationResult(10, new int[] {10}, 100, models, List.of(), Map.of(), new long[0], 100, Map.of());
  }
}
