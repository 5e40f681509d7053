package io.affinity.serving.recommend;

import io.affinity.serving.http.ScoredItem;
import java.util.List;

/**
 * The response of the recommendation route.
 *
 * @param snapshot the snapshot that answered
 * @param user the user id as requested (absent for a session)
 * @param space the embedding space used
 * @param source {@code personalized} (the snapshot's user vector), {@code realtime} (the vector with
 *     real-time events folded in), {@code session} (an anonymous session's items folded in) or
 *     {@code popular} (unknown user)
 * @param search which search answered: {@code ann} or {@code exact}; absent for popular items
 * @param items the recommended items, best first, never including the user's known items
 */
public record Recommendations(String snapshot, String user, String space, String source, String search,
    List<ScoredItem> items) {
  /** A copy answering for {@code id} (the id the client sent, when the store knows a pseudonym). */
  public Recommendations withUser(String id) {
    return new Recommendations(snapshot, id, space, source, search, items);
  }
}
