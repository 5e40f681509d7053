package io.affinity.store.parquet;

import java.util.Objects;

/**
 * One row of the popularity table.
 *
 * @param itemId the item
 * @param users how many distinct users interacted with it
 * @param weight the sum of their aggregated interaction weights
 */
public record PopularityRow(String itemId, long users, double weight) {
  /** Requires an id and a non-negative user count. */
  public PopularityRow {
    Objects.requireNonNull(itemId, "itemId");
    if (users < 0) {
      throw new IllegalArgumentException("users must be >= 0 for item " + itemId + ", got " + users);
    }
  }
}
