package io.affinity.serving.snapshot;

import io.affinity.serving.index.Indexes;
import io.affinity.serving.index.SearchFilter;
import io.affinity.serving.index.VectorIndex;

/**
 * Runs real searches against a freshly loaded snapshot before it is swapped in, so that its
 * graphs and vectors are in the caches and the search code is compiled: the first requests
 * after a swap then see steady-state latency. Users and items are picked by a fixed stride, so
 * warming is deterministic. Exact indexes have no pages to fault in and only need the JIT, so
 * they get at most {@value #EXACT_QUERIES} searches: a million-item exact scan costs tens of
 * milliseconds, and warming it 500 times would delay the swap by seconds.
 */
public final class SnapshotWarmer {
  static final int EXACT_QUERIES = 3;
  private final int queries;

  /** Warms with up to {@code queries} recommendation and similar-item searches per space. */
  public SnapshotWarmer(int queries) {
    if (queries < 0) {
      throw new IllegalArgumentException("warm-up queries must be >= 0, got " + queries);
    }
    this.queries = queries;
  }

  /** Warms every space of {@code snap}; returns the number of searches run. */
  public int warm(LoadedSnapshot snap) {
    int runs = 0;
    int[] ords = new int[10];
    float[] scores = new float[10];
    for (LoadedSpace s : snap.spaces().values()) {
      if (s.users() != null && s.users().size() > 0) {
        int n = s.users().size();
        int budget = budget(s.itemsByDot());
        int step = Math.max(1, n / Math.max(1, budget));
        for (int u = 0, done = 0; u < n && done < budget; u += step, done++, runs++) {
          search(s.itemsByDot(), s.users().vector(u), SearchFilter.excluding(s.knownByUser()[u]), ords, scores);
        }
      }
      int n = s.items().size();
      int budget = budget(s.itemsByCosine());
      int step = Math.max(1, n / Math.max(1, budget));
      for (int i = 0, done = 0; i < n && done < budget; i += step, done++, runs++) {
        float[] q = Indexes.normalizeInPlace(s.items().vector(i));
        s.itemsByCosine().searchNear(i, q, 10, SearchFilter.excluding(new int[] {i}), ords, scores);
      }
    }
    return runs;
  }

  private int budget(VectorIndex index) {
    return index.exact() == index ? Math.min(queries, EXACT_QUERIES) : queries;
  }

  private static void search(VectorIndex index, float[] q, SearchFilter f, int[] ords, float[] scores) {
    index.search(q, Math.min(10, ords.length), f, ords, scores);
  }
}
