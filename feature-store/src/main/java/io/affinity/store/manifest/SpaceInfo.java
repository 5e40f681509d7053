package io.affinity.store.manifest;

import java.util.Objects;

/**
 * An embedding space: user and item vectors of one dimension compared with one similarity.
 *
 * @param name the space's name, e.g. {@code als}; lower-case letters, digits, {@code -} or {@code _}
 * @param dimension the vector length, &gt; 0
 * @param similarity how vectors compare: {@code dot} (inner product) or {@code cosine}
 * @param userTable the name of the table holding user vectors (may be null: item-only space)
 * @param itemTable the name of the table holding item vectors
 * @param userCount number of user vectors
 * @param itemCount number of item vectors
 */
public record SpaceInfo(
    String name,
    int dimension,
    String similarity,
    String userTable,
    String itemTable,
    long userCount,
    long itemCount) {

  /** Validates the name, dimension and similarity. */
  public SpaceInfo {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[a-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("space name must match [a-z0-9_-]{1,64}, got '" + name + "'");
    }
    if (dimension <= 0) {
      throw new IllegalArgumentException("space '" + name + "' dimension must be > 0, got " + dimension);
    }
    if (!"dot".equals(similarity) && !"cosine".equals(similarity)) {
      throw new IllegalArgumentException(
          "space '" + name + "' similarity must be 'dot' or 'cosine', got '" + similarity + "'");
    }
    Objects.requireNonNull(itemTable, "itemTable");
  }
}
