package io.affinity.serving.index;

/**
 * Chooses the search path for one request: the ANN index when the space has one and the filter
 * leaves many candidates; exact search over the candidates when a filter leaves few of them (ANN
 * graphs then waste their visits on rejected nodes and may return fewer than {@code k}); and exact
 * search again when the ANN path returned fewer results than the filter allows.
 */
public final class Searches {
  private Searches() {}

  /**
   * The result of one search.
   *
   * @param count how many results were written
   * @param search {@code ann} or {@code exact}: the path that answered
   */
  public record Hits(int count, String search) {}

  /**
   * Searches {@code index}, falling back to exact as described above.
   *
   * @param exactBelow filters allowing fewer candidates than this are searched exactly
   */
  public static Hits search(VectorIndex index, float[] query, int k, SearchFilter filter, int exactBelow,
      int[] outOrdinals, float[] outScores) {
    return searchNear(index, -1, query, k, filter, exactBelow, outOrdinals, outScores);
  }

  /**
   * Like {@link #search}, for the vector of row {@code row} (similar items; -1 for none), which a
   * graph index starts its walk from.
   */
  public static Hits searchNear(VectorIndex index, int row, float[] query, int k, SearchFilter filter,
      int exactBelow, int[] outOrdinals, float[] outScores) {
    FlatVectors exact = index.exact();
    if (exact == index) {
      return new Hits(exact.search(query, k, filter, outOrdinals, outScores), "exact");
    }
    int allowed = filter.allowedCount();
    if (allowed >= 0 && allowed < exactBelow) {
      return new Hits(exact.search(query, k, filter, outOrdinals, outScores), "exact");
    }
    int n = index.searchNear(row, query, k, filter, outOrdinals, outScores);
    if (n < k && !filter.acceptsAll() && n < filter.acceptedCount(index.size())) {
      return new Hits(exact.search(query, k, filter, outOrdinals, outScores), "exact");
    }
    return new Hits(n, "ann");
  }
}
