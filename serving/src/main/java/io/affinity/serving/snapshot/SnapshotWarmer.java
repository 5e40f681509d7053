package io.affinity.serving.snapshot;

import io.affinity.serving.index.Indexes;
import io.affinity.serving.index.SearchFilter;
import io.affinity.serving.index.VectorIndex;

/**
 * Runs real searches against a freshly loaded snapshot before it is swapped in, so that its
 * memory-mapped graph pages are resident and the search code is compiled: the first requests
 * after a swap then see steady-state latency. Users and items are picked by a fixed stride, so
 * warming is deterministic.
 */
public final class SnapshotWarmer {
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
        int step = Math.max(1, n / Math.max(1, queries));
        for (int u = 0, done = 0; u < n && done < queries; u += step, done++, runs++) {
          search(s.itemsByDot(), s.users().vector(u), SearchFilter.excluding(s.knownByUser()[u]), ords, scores);
        }
      }
      int n = s.items().size();
      int step = Math.max(1, n / Math.max(1, queries));
      for (int i = 0, done = 0; i < n && done < queries; i += step, done++, runs++) {
        float[] q = Indexes.normalizeInPlace(s.items().vector(i));
        search(s.itemsByCosine(), q, SearchFilter.excluding(new int[] {i}), ords, scores);
      }
    }
    return runs;
  }

  private static void search(VectorIndex index, float[] q, SearchFilter f, int[] ords, float[] scores) {
    index.search(q, Math.min(10, ords.length), f, ords, scores);
  }
}
