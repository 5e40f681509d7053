package io.affinity.serving.foldin;

import java.util.List;

/**
 * Why an item scores as it does for a user (the body of {@code GET
 * /v1/users/{userId}/recommendations/{itemId}/because}).
 *
 * @param snapshotId the snapshot answering
 * @param userId the user
 * @param itemId the explained item
 * @param space the space ({@code als})
 * @param score the item's score for the user's folded-in vector: the sum of all contributions
 * @param because the user's items with the largest contributions, largest first
 */
public record Explanation(String snapshotId, String userId, String itemId, String space, double score,
    List<Contribution> because) {

  /** A copy for {@code id} (the id the client sent, when the store knows a pseudonym). */
  public Explanation withUser(String id) {
    return new Explanation(snapshotId, id, itemId, space, score, because);
  }

  /**
   * One of the user's items and its share of the score.
   *
   * @param itemId the user's item
   * @param title its catalogue title, or null
   * @param contribution its share of the score
   * @param weight the user's summed event weight on it
   */
  public record Contribution(String itemId, String title, double contribution, double weight) {}
}
