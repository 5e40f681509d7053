package io.affinity.serving.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The walk on graphs small enough to check by hand. */
class BeamSearchTest {
  /** A path 0 - 1 - ... - 9 whose 1-d vectors grow along it: a greedy walk must go to its end. */
  private static final KnnGraph PATH = path(10);
  private static final FlatVectors LINE = new ExactScalarIndex(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 1);

  private static KnnGraph path(int n) {
    int[] adj = new int[n * 2];
    for (int i = 0; i < n; i++) {
      adj[2 * i] = i + 1 < n ? i + 1 : -1;
      adj[2 * i + 1] = i > 0 ? i - 1 : -1;
      if (adj[2 * i] == -1) {
        adj[2 * i] = adj[2 * i + 1];
        adj[2 * i + 1] = -1;
      }
    }
    return new KnnGraph(n, 2, adj);
  }

  private static final SearchFilter ALL = SearchFilter.NONE;

  @Test
  void a_narrow_beam_walks_uphill_to_the_best_node() {
    BeamSearch b = new BeamSearch(PATH, 4, 100);
    int n = b.search(LINE, new float[] {1}, new int[] {0}, 1, 1, new BeamSearch.Eligibility().set(null, 0, ALL));
    assertEquals(1, n);
    assertEquals(9, b.resultNode(0));
    assertEquals(9f, b.resultScore(0));
    assertEquals(10, b.visited(), "every node on the way scored once");
  }

  @Test
  void ineligible_nodes_are_walked_through_but_never_returned() {
    BeamSearch b = new BeamSearch(PATH, 4, 100);
    SearchFilter noNine = SearchFilter.excluding(new int[] {9});
    int[] rank = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    // Only ranks >= 3 may be returned, and 9 is excluded: the best eligible are 8, 7.
    int n = b.search(LINE, new float[] {1}, new int[] {0}, 1, 2, new BeamSearch.Eligibility().set(rank, 3, noNine));
    assertEquals(2, n);
    java.util.Set<Integer> got = java.util.Set.of(b.resultNode(0), b.resultNode(1));
    assertEquals(java.util.Set.of(8, 7), got);
  }

  @Test
  void the_visit_budget_stops_the_walk() {
    BeamSearch b = new BeamSearch(PATH, 4, 3);
    b.search(LINE, new float[] {1}, new int[] {0}, 1, 1, new BeamSearch.Eligibility().set(null, 0, ALL));
    assertTrue(b.visited() <= 3, "visited " + b.visited());
    assertEquals(2, b.resultNode(0), "the best of what the budget allowed");
  }

  @Test
  void scratch_is_reusable_across_many_searches() {
    BeamSearch b = new BeamSearch(PATH, 4, 100);
    for (int i = 0; i < 5000; i++) {
      float dir = i % 2 == 0 ? 1 : -1;
      b.search(LINE, new float[] {dir}, new int[] {5}, 1, 1, new BeamSearch.Eligibility().set(null, 0, ALL));
      assertEquals(dir > 0 ? 9 : 0, b.resultNode(0), "search " + i);
    }
  }
}
