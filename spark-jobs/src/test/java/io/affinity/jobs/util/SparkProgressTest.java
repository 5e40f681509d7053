package io.affinity.jobs.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SparkProgressTest {
  @Test
  void durations_print_in_seconds_then_minutes() {
    assertEquals("0s", SparkProgress.duration(999));
    assertEquals("59s", SparkProgress.duration(59_000));
    assertEquals("1m00s", SparkProgress.duration(60_000));
    assertEquals("12m05s", SparkProgress.duration(725_400));
  }

  @Test
  void an_als_fit_line_gives_the_running_iteration_and_an_eta_from_the_time_per_half_iteration() {
    AlsFit fit = AlsFit.parse("3/15", 0);
    assertEquals("ALS fit: iteration 1 of 15 starting (blocks and initial factors), 4s elapsed, ETA unknown",
        fit.describe(4_000));
    fit.factorsDone(AlsFit.halfIterations("userFactors-1"), 5_000);   // the initial factors
    fit.factorsDone(AlsFit.halfIterations("itemFactors-1"), 15_000);
    fit.factorsDone(AlsFit.halfIterations("userFactors-2"), 25_000);
    fit.factorsDone(AlsFit.halfIterations("itemFactors-2"), 35_000);
    fit.factorsDone(AlsFit.halfIterations("itemFactors-2"), 36_000);  // a checkpoint job: counts nothing
    fit.factorsDone(AlsFit.halfIterations("userFactors-2"), 36_500);  // older factors read again
    assertEquals(3, fit.halfIterationsDone());
    // 27 half-iterations of 10 s left, 2 s of the next one already gone
    assertEquals("ALS fit: iteration 2 of 15 (3 of 30 half-iterations done, 10.0s each), 37s elapsed, ETA 4m28s",
        fit.describe(37_000));
    assertFalse(fit.iterationsDone());
    for (int k = 3; k <= 15; k++) {
      fit.factorsDone(AlsFit.halfIterations("userFactors-" + k), 10_000L * (2 * k - 2) + 5_000);
      fit.factorsDone(AlsFit.halfIterations("itemFactors-" + k), 10_000L * (2 * k - 1) + 5_000);
    }
    assertTrue(fit.iterationsDone());
    assertTrue(fit.describe(300_000).startsWith("ALS fit: iteration 15 of 15 (29 of 30 half-iterations done"));
  }

  @Test
  void a_bad_fit_tag_is_refused_naming_it() {
    var e = assertThrows(IllegalArgumentException.class, () -> AlsFit.parse("7/x", 0));
    assertTrue(e.getMessage().contains("'7/x'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> AlsFit.parse("/15", 0));
    assertThrows(IllegalArgumentException.class, () -> AlsFit.parse("2/0", 0));
  }

  @Test
  void factor_names_give_half_iterations_and_other_rdds_none() {
    assertEquals(0, AlsFit.halfIterations("userFactors-1"));
    assertEquals(1, AlsFit.halfIterations("itemFactors-1"));
    assertEquals(28, AlsFit.halfIterations("userFactors-15"));
    assertEquals(29, AlsFit.halfIterations("itemFactors-15"));
    assertEquals(-1, AlsFit.halfIterations("userFactors"));
    assertEquals(-1, AlsFit.halfIterations("userInBlocks"));
    assertEquals(-1, AlsFit.halfIterations(null));
  }
}
