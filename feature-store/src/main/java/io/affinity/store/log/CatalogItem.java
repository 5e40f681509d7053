package io.affinity.store.log;

import java.util.List;
import java.util.Objects;

/**
 * One row of the optional item catalog.
 *
 * @param itemId the item
 * @param title its title, or null
 * @param tags its tags (genres, labels), never null
 * @param text free text about it, or null
 */
public record CatalogItem(String itemId, String title, List<String> tags, String text) {
  /** Requires the id; copies the tags. */
  public CatalogItem {
    Objects.requireNonNull(itemId, "itemId");
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
