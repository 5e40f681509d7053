package io.affinity.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BeyondAccuracyTest {
  private static final double LOG2 = Math.log(2);

  @Test
  void novelty_is_mean_self_information_with_zero_popularity_clamped_to_one() {
    float[] pop = {8, 2, 0, 1};
    // 16 users: -log2(8/16) = 1, -log2(2/16) = 3, clamp 0 -> 1: -log2(1/16) = 4
    assertEquals((1 + 3 + 4) / 3.0, BeyondAccuracy.novelty(new int[] {0, 1, 2}, 3, pop, 16), 1e-12);
    assertTrue(Double.isNaN(BeyondAccuracy.novelty(new int[] {0}, 0, pop, 16)), "empty list: undefined");
  }

  @Test
  void percentiles_count_less_popular_items_and_half_the_ties() {
    float[] p = BeyondAccuracy.percentiles(new float[] {5, 1, 5, 9, 0});
    // n - 1 = 4; item 0: below 2 (1, 0), one tie -> (2 + 0.5) / 4
    assertArrayEquals(new float[] {2.5f / 4, 1f / 4, 2.5f / 4, 1f, 0f}, p, 1e-6f);
    assertEquals((1.0 + 0.0) / 2, BeyondAccuracy.meanPercentile(new int[] {3, 4}, 2, p), 1e-6);
  }

  @Test
  void tag_diversity_averages_one_minus_jaccard_over_tagged_pairs() {
    // Tags compare case-insensitively; null tags are ignored.
    ItemTags tags = ItemTags.of(new String[][] {{"a", "b"}, {"B", "c"}, {"b", "A", null}, null});
    // pairs (0,1): J = 1/3 -> 2/3; (0,2): J = 1 -> 0; (1,2): 2/3; item 3 untagged: its pairs skipped
    assertEquals((2.0 / 3 + 0 + 2.0 / 3) / 3, BeyondAccuracy.tagDiversity(new int[] {0, 1, 2, 3}, 4, tags), 1e-12);
    assertTrue(Double.isNaN(BeyondAccuracy.tagDiversity(new int[] {0, 3}, 2, tags)), "no tagged pair");
    assertTrue(Double.isNaN(BeyondAccuracy.tagDiversity(new int[] {0, 1}, 2, null)), "no tags at all");
  }

  @Test
  void embedding_diversity_averages_one_minus_cosine() {
    float[] v = {1, 0, 0, 1, 2, 2, 9, 9};
    boolean[] has = {true, true, true, false};
    // cos(0,1) = 0 -> 1; cos(0,2) = 1/sqrt2; cos(1,2) = 1/sqrt2
    double expected = (1 + 2 * (1 - 1 / Math.sqrt(2))) / 3;
    assertEquals(expected, BeyondAccuracy.embeddingDiversity(new int[] {0, 1, 2, 3}, 4, v, has, 2), 1e-9);
  }

  @Test
  void coverage_and_gini_of_exposure_counts() {
    assertEquals(0.5, BeyondAccuracy.coverage(new long[] {3, 0, 1, 0}), 1e-12);
    assertEquals(0.0, BeyondAccuracy.gini(new long[] {4, 4, 4, 4}), 1e-12, "equal exposure");
    // one item gets everything among n = 4: G = (n - 1) / n
    assertEquals(0.75, BeyondAccuracy.gini(new long[] {0, 10, 0, 0}), 1e-12);
    // sorted 1, 2, 3: sum (2i - n - 1) x_i = -2*1 + 0*2 + 2*3 = 4; / (3 * 6)
    assertEquals(4.0 / 18, BeyondAccuracy.gini(new long[] {3, 1, 2}), 1e-12);
    assertEquals(0.0, BeyondAccuracy.gini(new long[] {0, 0}), 1e-12, "nothing recommended");
  }

  @Test
  void self_information_uses_base_two() {
    assertEquals(-Math.log(0.25) / LOG2, BeyondAccuracy.novelty(new int[] {0}, 1, new float[] {1}, 4), 1e-12);
  }
}
