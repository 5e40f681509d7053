package io.affinity.serving.recommend;

import io.affinity.serving.metrics.ServingMetrics;
import io.affinity.serving.snapshot.LoadedSnapshot;
import io.affinity.serving.snapshot.LoadedSpace;
import io.affinity.serving.snapshot.Spaces;
import io.affinity.serving.http.ScoredItem;
import java.util.ArrayList;
import java.util.List;

/**
 * Recommends items for a user from one snapshot: the exact top-k by inner product of the user's
 * vector with every item vector, skipping items the user already knows. Users the snapshot does
 * not know get the most popular items instead. Knows nothing of HTTP; thread-safe.
 */
public final class RecommendService {
  private final ServingMetrics metrics;

  /** Creates the service; search latencies go to {@code metrics}. */
  public RecommendService(ServingMetrics metrics) {
    this.metrics = metrics;
  }

  /** Recommends {@code k} items for {@code userId} in {@code space} (null: the default space). */
  public Recommendations recommend(LoadedSnapshot snap, String userId, String space, int k) {
    LoadedSpace s = Spaces.resolve(snap, space);
    int u = s.users() == null ? -1 : s.users().ordinal(userId);
    if (u < 0) {
      return new Recommendations(snap.id(), userId, s.name(), "popular", null, popular(snap, k));
    }
    int[] ords = new int[k];
    float[] scores = new float[k];
    long t0 = System.nanoTime();
    int n = s.itemsByDot().search(s.users().vector(u), k, s.knownByUser()[u], ords, scores);
    metrics.search(s.itemsByDot().kind(), System.nanoTime() - t0);
    List<ScoredItem> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String id = s.items().id(ords[i]);
      items.add(new ScoredItem(id, scores[i], snap.titles().get(id)));
    }
    return new Recommendations(snap.id(), userId, s.name(), "personalized", s.itemsByDot().kind(), items);
  }

  private static List<ScoredItem> popular(LoadedSnapshot snap, int k) {
    int n = Math.min(k, snap.popularIds().length);
    List<ScoredItem> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String id = snap.popularIds()[i];
      items.add(new ScoredItem(id, snap.popularUsers()[i], snap.titles().get(id)));
    }
    return items;
  }
}
