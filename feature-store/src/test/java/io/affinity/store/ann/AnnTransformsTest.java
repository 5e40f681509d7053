package io.affinity.store.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AnnTransformsTest {

  @Test
  void unit_rows_have_length_one_and_zero_rows_stay_zero() {
    float[] x = {3, 4, /* 1 */ 0, 0, /* 2 */ -2, 0};
    assertArrayEquals(new float[] {0.6f, 0.8f, 0, 0, -1, 0}, AnnTransforms.unitRows(x, 2), 1e-6f);
    assertEquals(5.0, AnnTransforms.norm(x, 0, 2), 1e-9);
  }

  @Test
  void vectors_too_short_for_a_float_reciprocal_still_become_unit_rows() {
    float tiny = Float.MIN_VALUE * 4; // a denormal: 1 / tiny overflows float
    float[] u = AnnTransforms.unitRows(new float[] {tiny, 0, 0, tiny}, 2);
    assertArrayEquals(new float[] {1, 0, 0, 1}, u, 1e-6f);
  }

  @Test
  void rows_sort_by_descending_norm_with_ties_by_row() {
    float[] x = {1, 0, /* 1 */ 0, 3, /* 2 */ 0, 1, /* 3 */ 2, 0, /* 4 */ 0, 0};
    assertArrayEquals(new int[] {1, 3, 0, 2, 4}, AnnTransforms.byDescendingNorm(x, 2));
  }
}
