package io.affinity.serving.index;

import io.affinity.store.ann.AnnTransforms;

/**
 * Top-k by inner product over unnormalised item vectors (ALS factors) in two steps.
 *
 * <ol>
 *   <li><b>Head scan.</b> The items sorted by descending norm are scanned exactly, the first
 *       {@code headRows} from one contiguous copy (hot in cache, since every query reads it). Every
 *       16 rows the scan checks the Cauchy–Schwarz bound: once the k-th best score is at least
 *       {@code |q| x} the norm of the next row, no later row can enter the top k and the result is
 *       exact. On trained factors, where the norm carries popularity, most queries stop here. The
 *       scan covers {@code headRows x ceil(k / 25)} rows at most: a larger k reaches further down
 *       the norms, where a walk guided by inner product finds items poorly.</li>
 *   <li><b>Graph walk.</b> Otherwise the rest of the catalogue is reached through the space's
 *       neighbour graph (built over item directions), walked by raw inner product from the best
 *       head rows found, collecting only rows not scanned yet and accepted by the filter, within a
 *       {@link SearchBudget}.</li>
 * </ol>
 *
 * <p>Every returned score is the exact inner product. Thread-safe: scratch is pooled per search.
 */
public final class MipsGraphIndex implements VectorIndex {
  /** The head scan covers {@code headRows} rows per this many results asked for. */
  static final int K_PER_HEAD = 25;
  private final FlatVectors exact;
  private final SearchScratch.Pool scratch;
  private final SearchBudget budget;
  private final int head;
  /** Rows by descending norm. */
  private final int[] order;
  /** The norm of {@code order[i]}. */
  private final float[] sortedNorms;
  /** {@code rank[row]}: the row's position in {@link #order}. */
  private final int[] rank;
  /** The first {@code head} rows of {@link #order}, contiguous. */
  private final FlatVectors headBlock;

  /**
   * Indexes {@code exact}'s rows with {@code graph} (node i = row i).
   *
   * @param maxK the largest k a search may ask for
   * @throws IllegalArgumentException when the graph does not cover the rows
   */
  public MipsGraphIndex(FlatVectors exact, KnnGraph graph, SearchBudget budget, int maxK) {
    this.scratch = new SearchScratch.Pool(graph, exact.size(), budget, maxK);
    this.exact = exact;
    this.budget = budget;
    int n = exact.size();
    int dim = exact.dim();
    float[] data = exact.data;
    this.order = AnnTransforms.byDescendingNorm(data, dim);
    this.sortedNorms = new float[n];
    this.rank = new int[n];
    for (int i = 0; i < n; i++) {
      sortedNorms[i] = (float) AnnTransforms.norm(data, order[i], dim);
      rank[order[i]] = i;
    }
    this.head = Math.min(n, budget.headRows());
    float[] block = new float[head * dim];
    for (int i = 0; i < head; i++) {
      System.arraycopy(data, order[i] * dim, block, i * dim, dim);
    }
    this.headBlock = exact.sameKindOver(block);
  }

  @Override
  public int search(float[] query, int k, SearchFilter filter, int[] outOrdinals, float[] outScores) {
    SearchScratch s = scratch.acquire(k);
    try {
      return search(s, query, k, filter, outOrdinals, outScores);
    } finally {
      scratch.release(s);
    }
  }

  private int search(SearchScratch s, float[] query, int k, SearchFilter filter, int[] outOrdinals, float[] outScores) {
    TopKCollector top = s.top;
    top.reset(k);
    double qn = 0;
    for (float v : query) {
      qn += (double) v * v;
    }
    qn = Math.sqrt(qn);
    int n = order.length;
    boolean all = filter.acceptsAll();
    int pos = 0;
    int scanEnd = (int) Math.min(n, (long) head * ((k + K_PER_HEAD - 1) / K_PER_HEAD));
    for (; pos < scanEnd; pos++) {
      if ((pos & 15) == 0 && top.threshold() >= qn * sortedNorms[pos]) {
        return top.drainTo(outOrdinals, outScores); // Cauchy–Schwarz: nothing later can enter
      }
      int row = order[pos];
      if (all || filter.accepts(row)) {
        top.offer(row, pos < head ? headBlock.score(query, pos) : exact.score(query, row));
      }
    }
    if (pos >= n || top.threshold() >= qn * sortedNorms[pos]) {
      return top.drainTo(outOrdinals, outScores);
    }
    int seedCount = Math.min(top.size(), SearchScratch.MAX_SEEDS);
    for (int i = 0; i < seedCount; i++) {
      s.seeds[i] = top.ordinalAt(i);
    }
    for (int i = 0; seedCount < SearchScratch.MAX_SEEDS && i < head; i++) {
      s.seeds[seedCount++] = order[i]; // a filter left few head rows: start from the longest vectors too
    }
    // The walk offers what it finds straight to `top` and prunes below top's k-th best score.
    s.beam.search(exact, query, s.seeds, seedCount, budget.ef(k), s.eligibility.set(rank, pos, filter), top);
    return top.drainTo(outOrdinals, outScores);
  }

  @Override
  public FlatVectors exact() {
    return exact;
  }

  @Override
  public int size() {
    return exact.size();
  }

  @Override
  public int dim() {
    return exact.dim();
  }

  @Override
  public String kind() {
    return "ann";
  }

  /** How many of the longest vectors are scanned exactly first. */
  public int headRows() {
    return head;
  }
}
