package io.affinity.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Item-kNN cosine over co-occurrence against hand-computed values. */
class ItemKnnTest {
  @Test
  void neighbours_and_scores_match_hand_computed_cosines() {
    // user 0: items 0, 1; user 1: items 0, 1, 2; user 2: item 2; user 3: item 3
    int[] users = {0, 0, 1, 1, 1, 2, 3};
    int[] items = {0, 1, 0, 1, 2, 2, 3};
    ItemKnn knn = ItemKnn.fit(users, items, 4, 10);
    // |U0| = 2, |U1| = 2, |U2| = 2, |U3| = 1; U0∩U1 = 2, U0∩U2 = 1, U1∩U2 = 1
    assertArrayEquals(new int[] {1, 2}, knn.neighbours()[0]);
    assertArrayEquals(new float[] {1.0f, 0.5f}, knn.similarities()[0], 1e-6f);
    assertArrayEquals(new int[] {0, 1}, knn.neighbours()[2], "tie at 0.5 goes to the lower index");
    assertArrayEquals(new int[0], knn.neighbours()[3], "no co-occurrence, no neighbour");
    float[] scores = new float[4];
    knn.score(List.of(0, 2), scores);
    assertArrayEquals(new float[] {0.5f, 1.5f, 0.5f, 0f}, scores, 1e-6f);
    ItemKnn one = ItemKnn.fit(users, items, 4, 1);
    assertEquals(1, one.neighbours()[0].length, "only the best neighbour is kept");
    assertEquals(1, one.neighbours()[0][0]);
    // Pruned per candidate: N(1) = {0} (1.0), N(2) = {0} (0.5, tie with 1 goes to the lower
    // index): a user with item 0 scores 1 and 2, although 2 is not among 0's own neighbours.
    float[] pruned = new float[4];
    one.score(List.of(0), pruned);
    assertArrayEquals(new float[] {0f, 1.0f, 0.5f, 0f}, pruned, 1e-6f);
  }
}
