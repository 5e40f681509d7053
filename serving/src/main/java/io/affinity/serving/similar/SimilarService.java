package io.affinity.serving.similar;

import io.affinity.serving.http.ApiException;
import io.affinity.serving.http.Params;
import io.affinity.serving.http.ScoredItem;
import io.affinity.serving.metrics.ServingMetrics;
import io.affinity.serving.snapshot.LoadedSnapshot;
import io.affinity.serving.snapshot.LoadedSpace;
import io.affinity.serving.snapshot.Spaces;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds items similar to an item: exact top-k by cosine similarity between unit-length item
 * vectors (cosine rather than raw inner product, so that popular items with long ALS vectors do
 * not dominate every list). Knows nothing of HTTP; thread-safe.
 */
public final class SimilarService {
  private final ServingMetrics metrics;

  /** Creates the service; search latencies go to {@code metrics}. */
  public SimilarService(ServingMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * Returns the {@code k} items most similar to {@code itemId}.
   *
   * @throws ApiException 404 when the item has no vector in the space
   */
  public SimilarItems similar(LoadedSnapshot snap, String itemId, String space, int k) {
    LoadedSpace s = Spaces.resolve(snap, space);
    int ord = s.items().ordinal(itemId);
    if (ord < 0) {
      throw ApiException.notFound("item '" + Params.abbreviate(itemId) + "' is not in space '"
          + s.name() + "' of snapshot " + snap.id());
    }
    float[] q = s.items().vector(ord);
    double norm = 0;
    for (float v : q) {
      norm += (double) v * v;
    }
    float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
    for (int d = 0; d < q.length; d++) {
      q[d] *= inv;
    }
    int[] ords = new int[k];
    float[] scores = new float[k];
    long t0 = System.nanoTime();
    int n = s.itemsByCosine().search(q, k, new int[] {ord}, ords, scores);
    metrics.search(s.itemsByCosine().kind(), System.nanoTime() - t0);
    List<ScoredItem> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String id = s.items().id(ords[i]);
      items.add(new ScoredItem(id, scores[i], snap.titles().get(id)));
    }
    return new SimilarItems(snap.id(), itemId, s.name(), s.itemsByCosine().kind(), items);
  }
}
