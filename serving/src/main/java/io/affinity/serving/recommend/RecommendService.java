package io.affinity.serving.recommend;

import io.affinity.serving.foldin.FoldInService;
import io.affinity.serving.foldin.UserState;
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
  private final FoldInService foldIn;

  /**
   * Creates the service; search latencies go to {@code metrics}; filters leaving fewer than
   * {@code exactBelow} candidates are searched exactly; users changed by real-time events are
   * looked up in {@code foldIn} first.
   */
  public RecommendService(ServingMetrics metrics, int exactBelow, FoldInService foldIn) {
    this.metrics = metrics;
    this.exactBelow = exactBelow;
    this.foldIn = foldIn;
  }

  /**
   * Recommends {@code k} items for {@code userId} in {@code space} (null: the default space): from
   * the user's folded-in vector when real-time events changed them ({@code source=realtime}), else
   * from the snapshot's ({@code personalized}), else the popular items ({@code popular}).
   */
  public Recommendations recommend(LoadedSnapshot snap, String userId, String space, int k, ItemFilter filter) {
    LoadedSpace s = Spaces.resolve(snap, space);
    UserState live = foldIn.user(snap, s.name(), userId);
    if (live != null && live.vector() != null) {
      return forVector(snap, s, userId, "realtime", live.vector(), live.ords(), k, filter);
    }
    int u = s.users() == null ? -1 : s.users().ordinal(userId);
    if (u < 0) {
      return new Recommendations(snap.id(), userId, s.name(), "popular", null, popular(snap, s, k, filter));
    }
    return forVector(snap, s, userId, "personalized", s.users().vector(u), s.knownByUser()[u], k, filter);
  }

  /**
   * Recommends for an anonymous visitor's session items (folded in like a user's events), never
   * returning those items.
   */
  public Recommendations session(LoadedSnapshot snap, List<String> items, List<Double> weights, int k,
      ItemFilter filter) {
    UserState visitor = foldIn.session(snap, items, weights);
    return forVector(snap, snap.spaces().get(FoldInService.SPACE), null, "session", visitor.vector(), visitor.ords(),
        k, filter);
  }

  private Recommendations forVector(LoadedSnapshot snap, LoadedSpace s, String userId, String source, float[] vector,
      int[] known, int k, ItemFilter filter) {
    SearchFilter f = filter.resolve(s, known);
    int[] ords = new int[k];
    float[] scores = new float[k];
    long t0 = System.nanoTime();
    Searches.Hits hits = Searches.search(s.itemsByDot(), vector, k, f, exactBelow, ords, scores);
    metrics.search(hits.search(), System.nanoTime() - t0);
    List<ScoredItem> items = new ArrayList<>(hits.count());
    for (int i = 0; i < hits.count(); i++) {
      String id = s.items().id(ords[i]);
      items.add(new ScoredItem(id, scores[i], snap.titles().get(id)));
    }
    return new Recommendations(snap.id(), userId, s.name(), source, hits.search(), items);
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
