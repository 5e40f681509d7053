package io.affinity.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code --final-fit}: its values, the error for a bad one, and when each policy folds in. */
class FinalFitTest {
  @Test
  void every_flag_value_parses_back_to_its_policy() {
    for (FinalFit f : FinalFit.values()) {
      assertEquals(f, FinalFit.parse(f.flag()));
    }
    assertEquals("fold-in", FinalFit.FOLD_IN.flag());
  }

  @Test
  void a_bad_value_is_an_error_naming_it_and_the_choices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FinalFit.parse("foldin"));
    assertTrue(e.getMessage().contains("'foldin'") && e.getMessage().contains("auto, refit or fold-in"),
        e.getMessage());
  }

  @Test
  void auto_folds_in_only_when_the_split_sampled_its_users() {
    assertTrue(FinalFit.AUTO.foldsIn(true));
    assertFalse(FinalFit.AUTO.foldsIn(false));
    assertTrue(FinalFit.FOLD_IN.foldsIn(false));
    assertFalse(FinalFit.REFIT.foldsIn(true));
  }
}
