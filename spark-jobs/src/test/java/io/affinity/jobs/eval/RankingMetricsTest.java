package io.affinity.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

  @Test
  void metrics_match_hand_computed_values() {
    // ranked: 7, 3, 9, 1 ; relevant: {3, 1, 5}; k = 4
    int[] relevant = new int[10];
    relevant[3] = 1;
    relevant[1] = 1;
    relevant[5] = 1;
    double[] sums = new double[6];
    RankingMetrics.compute(new int[] {7, 3, 9, 1}, 4, 4, relevant, 1, 3, sums, 0);
    double log2 = Math.log(2);
    double dcg = 1 / (Math.log(3) / log2) + 1 / (Math.log(5) / log2);
    double idcg = 1 + 1 / (Math.log(3) / log2) + 1 / (Math.log(4) / log2);
    assertEquals(2.0 / 4, sums[0], 1e-12, "precision");
    assertEquals(2.0 / 3, sums[1], 1e-12, "recall");
    assertEquals(dcg / idcg, sums[2], 1e-12, "ndcg");
    assertEquals((1.0 / 2 + 2.0 / 4) / 3, sums[3], 1e-12, "map");
    assertEquals(1.0, sums[4], 1e-12, "hit rate");
    assertEquals(1.0 / 2, sums[5], 1e-12, "mrr: first hit at rank 2");
  }

  @Test
  void a_perfect_list_scores_one_and_an_empty_one_zero() {
    int[] relevant = {1, 1, 0};
    double[] sums = new double[12];
    RankingMetrics.compute(new int[] {0, 1}, 2, 2, relevant, 1, 2, sums, 0);
    RankingMetrics.compute(new int[] {2}, 0, 2, relevant, 1, 2, sums, 6);
    assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0}, sums, 1e-12);
  }

  @Test
  void top_k_matches_a_full_sort_with_exclusions_and_ties() {
    SplittableRandom r = new SplittableRandom(3);
    float[] scores = new float[500];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = r.nextInt(50); // many ties
    }
    scores[17] = Float.NEGATIVE_INFINITY;
    int[] excluded = new int[500];
    for (int i = 0; i < 500; i += 7) {
      excluded[i] = 5;
    }
    int[] out = new int[20];
    int n = new TopK(20).select(scores, excluded, 5, out);
    int[] expected = IntStream.range(0, 500).filter(i -> excluded[i] != 5 && i != 17).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i))
        .limit(20).mapToInt(Integer::intValue).toArray();
    assertEquals(20, n);
    assertArrayEquals(expected, Arrays.copyOf(out, n));
  }
}
