package io.affinity.serving.similar;

import io.affinity.serving.http.ScoredItem;
import java.util.List;

/**
 * The response of the similar-items route.
 *
 * @param snapshot the snapshot that answered
 * @param item the item id as requested
 * @param space the embedding space used
 * @param search which search answered: {@code ann} or {@code exact}
 * @param items the most similar items (cosine), best first, never the item itself
 */
public record SimilarItems(String snapshot, String item, String space, String search, List<ScoredItem> items) {}
