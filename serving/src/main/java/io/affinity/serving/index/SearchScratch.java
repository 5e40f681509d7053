package io.affinity.serving.index;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The per-search working memory of the graph indexes (a {@link BeamSearch}, the top-k collector,
 * seed buffers and eligibility rules), sized once for the largest k and the search budget, and
 * pooled: a search takes one, uses it alone and gives it back, so searches allocate nothing.
 */
final class SearchScratch {
  static final int MAX_SEEDS = 16;
  final BeamSearch beam;
  final TopKCollector top;
  final TopKCollector seedTop = new TopKCollector(MAX_SEEDS);
  final int[] seeds = new int[MAX_SEEDS];
  final float[] seedScores = new float[MAX_SEEDS];
  final BeamSearch.Eligibility eligibility = new BeamSearch.Eligibility();

  private SearchScratch(KnnGraph graph, SearchBudget budget, int maxK) {
    beam = new BeamSearch(graph, Math.max(maxK, budget.efSearch()), Math.max(budget.maxVisits(), 2 * maxK));
    top = new TopKCollector(maxK);
  }

  /** A pool of scratch for searches over {@code graph} of up to {@code maxK} results. */
  static final class Pool {
    private final KnnGraph graph;
    private final SearchBudget budget;
    private final int maxK;
    private final ConcurrentLinkedQueue<SearchScratch> free = new ConcurrentLinkedQueue<>();

    Pool(KnnGraph graph, int nodes, SearchBudget budget, int maxK) {
      if (graph.nodes() != nodes) {
        throw new IllegalArgumentException("graph has " + graph.nodes() + " nodes, the space has " + nodes + " items");
      }
      this.graph = graph;
      this.budget = budget;
      this.maxK = maxK;
    }

    /** Scratch for one search of {@code k} results; give it back with {@link #release}. */
    SearchScratch acquire(int k) {
      if (k < 1 || k > maxK) {
        throw new IllegalArgumentException("k " + k + " outside 1.." + maxK);
      }
      SearchScratch s = free.poll();
      return s != null ? s : new SearchScratch(graph, budget, maxK);
    }

    void release(SearchScratch s) {
      free.offer(s);
    }

    SearchBudget budget() {
      return budget;
    }
  }
}
