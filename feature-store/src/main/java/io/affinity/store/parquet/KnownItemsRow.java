package io.affinity.store.parquet;

import java.util.List;
import java.util.Objects;

/**
 * One row of the known-items table: the items a user already interacted with, which are never
 * recommended back to them.
 *
 * @param userId the user
 * @param itemIds their items, in no particular order
 */
public record KnownItemsRow(String userId, List<String> itemIds) {
  /** Requires both fields and copies the list. */
  public KnownItemsRow {
    Objects.requireNonNull(userId, "userId");
    itemIds = List.copyOf(itemIds);
  }
}
