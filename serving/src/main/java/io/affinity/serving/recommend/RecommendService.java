package io.affinity.serving.recommend;

import io.affinity.serving.http.ScoredItem;
import io.affinity.serving.index.SearchFilter;
import io.affinity.serving.index.Searches;
import io.affinity.serving.metrics.ServingMetrics;
import io.affinity.serving.snapshot.ItemFilter;
import io.affinity.serving.snapshot.LoadedSnapshot;
import io.affinity.serving.snapshot.LoadedSpace;
import io.affinity.serving.snapshot.Spaces;
import java.util.ArrayList;
import java.util.List;

/**
 * Recommends items for a user from one snapshot: the top-k by inner product of the user's vector
 * with the item vectors (ANN or exact, see {@link Searches}), never returning items the user
 * already knows or the request excludes. Users the snapshot does not know get the most popular
 * items instead (with the same filters). Knows nothing of HTTP; thread-safe.
 */
public final class RecommendService {
  private final ServingMetrics metrics;
  private final int exactBelow;

  /**
   * Creates the service; search latencies go to {@code metrics}; filters leaving fewer than
   * {@code exactBelow} candidates are searched exactly.
   */
  public RecommendService(ServingMetrics metrics, int exactBelow) {
    this.metrics = metrics;
    this.exactBelow = exactBelow;
  }

  /** Recommends {@code k} items for {@code userId} in {@code space} (null: the default space). */
  public Recommendations recommend(LoadedSnapshot snap, String userId, String space, int k, ItemFilter filter) {
    LoadedSpace s = Spaces.resolve(snap, space);
    int u = s.users() == null ? -1 : s.users().ordinal(userId);
    if (u < 0) {
      return new Recommendations(snap.id(), userId, s.name(), "popular", null, popular(snap, s, k, filter));
    }
    SearchFilter f = filter.resolve(s, s.knownByUser()[u]);
    int[] ords = new int[k];
    float[] scores = new float[k];
    long t0 = System.nanoTime();
    Searches.Hits hits = Searches.search(s.itemsByDot(), s.users().vector(u), k, f, exactBelow, ords, scores);
    metrics.search(hits.search(), System.nanoTime() - t0);
    List<ScoredItem> items = new ArrayList<>(hits.count());
    for (int i = 0; i < hits.count(); i++) {
      String id = s.items().id(ords[i]);
      items.add(new ScoredItem(id, scores[i], snap.titles().get(id)));
    }
    return new Recommendations(snap.id(), userId, s.name(), "personalized", hits.search(), items);
  }

  private static List<ScoredItem> popular(LoadedSnapshot snap, LoadedSpace s, int k, ItemFilter filter) {
    List<ScoredItem> items = new ArrayList<>(Math.min(k, snap.popularIds().length));
    for (int i = 0; i < snap.popularIds().length && items.size() < k; i++) {
      String id = snap.popularIds()[i];
      if (filter.accepts(s, id)) {
        items.add(new ScoredItem(id, snap.popularUsers()[i], snap.titles().get(id)));
      }
    }
    return items;
  }
}
