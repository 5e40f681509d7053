package io.affinity.serving.similar;

import io.affinity.serving.http.ApiException;
import io.affinity.serving.http.Params;
import io.affinity.serving.http.ScoredItem;
import io.affinity.serving.index.Indexes;
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
 * Finds items similar to an item: top-k by cosine similarity (ANN or exact, see {@link Searches}) between unit-length item
 * vectors (cosine rather than raw inner product, so that popular items with long ALS vectors do
 * not dominate every list). Knows nothing of HTTP; thread-safe.
 */
public final class SimilarService {
  private final ServingMetrics metrics;
  private final int exactBelow;

  /**
   * Creates the service; search latencies go to {@code metrics}; filters leaving fewer than
   * {@code exactBelow} candidates are searched exactly.
   */
  public SimilarService(ServingMetrics metrics, int exactBelow) {
    this.metrics = metrics;
    this.exactBelow = exactBelow;
  }

  /**
   * Returns the {@code k} items most similar to {@code itemId}.
   *
   * @throws ApiException 404 when the item has no vector in the space
   */
  public SimilarItems similar(LoadedSnapshot snap, String itemId, String space, int k, ItemFilter filter) {
    LoadedSpace s = Spaces.resolve(snap, space);
    int ord = s.items().ordinal(itemId);
    if (ord < 0) {
      throw ApiException.notFound("item '" + Params.abbreviate(itemId) + "' is not in space '"
          + s.name() + "' of snapshot " + snap.id());
    }
    float[] q = Indexes.normalizeInPlace(s.items().vector(ord));
    SearchFilter f = filter.resolve(s, new int[] {ord});
    int[] ords = new int[k];
    float[] scores = new float[k];
    long t0 = System.nanoTime();
    Searches.Hits hits = Searches.searchNear(s.itemsByCosine(), ord, q, k, f, exactBelow, ords, scores);
    metrics.search(hits.search(), System.nanoTime() - t0);
    List<ScoredItem> items = new ArrayList<>(hits.count());
    for (int i = 0; i < hits.count(); i++) {
      String id = s.items().id(ords[i]);
      items.add(new ScoredItem(id, scores[i], snap.titles().get(id)));
    }
    return new SimilarItems(snap.id(), itemId, s.name(), hits.search(), items);
  }
}
