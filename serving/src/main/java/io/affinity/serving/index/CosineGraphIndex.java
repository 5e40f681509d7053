package io.affinity.serving.index;

/**
 * Top-k by cosine over unit item vectors, by a walk of the space's neighbour graph. A search for
 * the items similar to item {@code r} ({@link #searchNear}) starts at {@code r} itself, whose graph
 * neighbours are already its near neighbours; any other query starts from the best of a fixed,
 * evenly spread sample of rows. The walk keeps {@code max(k, efSearch)} candidates within a
 * {@link SearchBudget}. Returned scores are exact cosines. Thread-safe: scratch is pooled.
 */
public final class CosineGraphIndex implements VectorIndex {
  private static final int SAMPLE = 64;
  private static final int SEEDS = 8;
  private final FlatVectors unit;
  private final SearchScratch.Pool scratch;
  private final int[] sample;

  /**
   * Indexes the unit rows of {@code unit} with {@code graph} (node i = row i).
   *
   * @throws IllegalArgumentException when the graph does not cover the rows
   */
  public CosineGraphIndex(FlatVectors unit, KnnGraph graph, SearchBudget budget, int maxK) {
    this.scratch = new SearchScratch.Pool(graph, unit.size(), budget, maxK);
    this.unit = unit;
    int n = unit.size();
    int m = Math.min(n, SAMPLE);
    this.sample = new int[m];
    for (int i = 0; i < m; i++) {
      sample[i] = (int) ((long) i * n / m);
    }
  }

  @Override
  public int search(float[] query, int k, SearchFilter filter, int[] outOrdinals, float[] outScores) {
    return searchNear(-1, query, k, filter, outOrdinals, outScores);
  }

  @Override
  public int searchNear(int row, float[] query, int k, SearchFilter filter, int[] outOrdinals, float[] outScores) {
    SearchScratch s = scratch.acquire(k);
    try {
      int seedCount = 0;
      if (row >= 0 && row < unit.size()) {
        s.seeds[seedCount++] = row;
      } else {
        s.seedTop.reset(SEEDS);
        for (int r : sample) {
          s.seedTop.offer(r, unit.score(query, r));
        }
        seedCount = s.seedTop.drainTo(s.seeds, s.seedScores);
      }
      int found = s.beam.search(unit, query, s.seeds, seedCount, scratch.budget().ef(k),
          s.eligibility.set(null, 0, filter));
      TopKCollector top = s.top;
      top.reset(k);
      for (int i = 0; i < found; i++) {
        top.offer(s.beam.resultNode(i), s.beam.resultScore(i));
      }
      return top.drainTo(outOrdinals, outScores);
    } finally {
      scratch.release(s);
    }
  }

  @Override
  public FlatVectors exact() {
    return unit;
  }

  @Override
  public int size() {
    return unit.size();
  }

  @Override
  public int dim() {
    return unit.dim();
  }

  @Override
  public String kind() {
    return "ann";
  }
}
