package io.affinity.serving.index;

/**
 * Top-k inner-product search over a fixed set of item vectors (ordinals {@code 0..size-1}).
 *
 * <p>Implementations are immutable and thread-safe; callers pass their own output arrays.
 */
public interface VectorIndex {
  /** Number of indexed vectors. */
  int size();

  /** Vector dimension. */
  int dim();

  /**
   * Finds the {@code k} vectors with the largest inner product with {@code query}.
   *
   * @param query a vector of length {@link #dim()}
   * @param k how many to return, &gt; 0
   * @param filter the rows that may be returned
   * @param outOrdinals receives ordinals, best first (length &gt;= k)
   * @param outScores receives their scores (length &gt;= k)
   * @return how many results were written: exact indexes write {@code min(k, accepted rows)};
   *     an approximate one may write fewer when a filter rejects most of what it visits
   */
  int search(float[] query, int k, SearchFilter filter, int[] outOrdinals, float[] outScores);

  /**
   * Like {@link #search}, for a query that is row {@code row}'s own vector (similar items): a graph
   * index starts its walk there. Exact indexes ignore the hint.
   */
  default int searchNear(int row, float[] query, int k, SearchFilter filter, int[] outOrdinals, float[] outScores) {
    return search(query, k, filter, outOrdinals, outScores);
  }

  /** The exact index over the same vectors (this one, when it is exact). */
  default FlatVectors exact() {
    return (FlatVectors) this;
  }

  /** {@code exact} or {@code ann}: which path answered, reported to clients as {@code "search"}. */
  default String kind() {
    return "exact";
  }
}
