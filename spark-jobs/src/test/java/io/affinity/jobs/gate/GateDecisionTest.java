package io.affinity.jobs.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GateDecisionTest {
  private static final GateSpec SPEC = new GateSpec(true, "ndcg@10", 0.02, false);

  @Test
  void passes_within_tolerance_and_refuses_beyond_it() {
    Incumbent inc = new Incumbent("s1", 0.300, "recorded", "same protocol");
    assertEquals("passed", GateDecision.decide(SPEC, 0.2941, inc).outcome(), "0.2941 >= 0.294");
    GateDecision d = GateDecision.decide(SPEC, 0.2939, inc);
    assertEquals("rejected", d.outcome());
    assertFalse(d.promote());
    assertTrue(d.explanation().contains("0.2939") && d.explanation().contains("0.3000")
        && d.explanation().contains("s1"), d.explanation());
    assertEquals(0.3, d.record().get("incumbent"));
    assertEquals("recorded", d.record().get("method"));
  }

  @Test
  void force_promotes_a_refused_candidate_and_records_it() {
    GateSpec forced = new GateSpec(true, "ndcg@10", 0.02, true);
    GateDecision d = GateDecision.decide(forced, 0.1, new Incumbent("s1", 0.3, "refit", "x"));
    assertEquals("forced", d.outcome());
    assertTrue(d.promote());
    assertTrue(d.refused());
  }

  @Test
  void no_incumbent_passes_and_an_incomparable_one_refuses_unless_forced() {
    assertEquals("passed", GateDecision.decide(SPEC, 0.1, Incumbent.none()).outcome());
    Incumbent unknown = new Incumbent("s1", Double.NaN, "none", "its algorithm 'x' cannot be refit here");
    GateDecision d = GateDecision.decide(SPEC, 0.5, unknown);
    assertEquals("rejected", d.outcome());
    assertTrue(d.explanation().contains("cannot be refit"), d.explanation());
    assertEquals("forced", GateDecision.decide(new GateSpec(true, "ndcg@10", 0.02, true), 0.5, unknown).outcome());
  }

  @Test
  void a_bad_metric_or_tolerance_is_refused_with_the_value() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GateSpec(true, "auc@10", 0.01, false));
    assertTrue(e.getMessage().contains("auc@10"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new GateSpec(true, "ndcg", 0.01, false));
    e = assertThrows(IllegalArgumentException.class, () -> new GateSpec(true, "ndcg@10", 1.5, false));
    assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    assertEquals(20, new GateSpec(true, "recall@20", 0, false).cutoff());
  }
}
