package io.affinity.serving.recommend;

import io.affinity.serving.http.ScoredItem;
import java.util.List;

/**
 * The response of the recommendation route.
 *
 * @param snapshot the snapshot that answered
 * @param user the user id as requested
 * @param space the embedding space used
 * @param source {@code personalized} (from the user's vector) or {@code popular} (unknown user)
 * @param search which search answered: {@code ann} or {@code exact}; absent for popular items
 * @param items the recommended items, best first, never including the user's known items
 */
public record Recommendations(String snapshot, String user, String space, String source, String search,
    List<ScoredItem> items) {}
