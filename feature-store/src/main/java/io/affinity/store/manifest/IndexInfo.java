package io.affinity.store.manifest;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An ANN index stored in a snapshot: one or more graphs ({@link IndexPart}s) over a space's item
 * vectors.
 *
 * <p>A {@link #RECOMMEND} index is split by item norm: {@code order} names a file of int32
 * little-endian item-table rows sorted by descending vector norm, and each part covers a
 * contiguous slice of that order with its own MIPS transform. A {@link #SIMILAR} index has one
 * part whose node {@code i} is table row {@code i} ({@code order} is null).
 *
 * @param space the embedding space it indexes
 * @param purpose {@link #RECOMMEND} (maximum inner product over raw vectors) or {@link #SIMILAR}
 *     (cosine)
 * @param algorithm how it was built, e.g. {@code jvector-graph}
 * @param dimension the dimension of the indexed (transformed) vectors
 * @param nodes the number of indexed vectors, over all parts
 * @param order the row-order file, relative to the snapshot root, or null
 * @param parts the graphs, covering {@code 0..nodes-1} in order, without gaps
 * @param params the construction parameters
 */
public record IndexInfo(
    String space, String purpose, String algorithm, int dimension, long nodes, String order,
    List<IndexPart> parts, Map<String, Object> params) {
  /** Index for user → item recommendations. */
  public static final String RECOMMEND = "recommend";
  /** Index for item → item similarity. */
  public static final String SIMILAR = "similar";

  /** Validates the fields. */
  public IndexInfo {
    Objects.requireNonNull(space, "space");
    if (!RECOMMEND.equals(purpose) && !SIMILAR.equals(purpose)) {
      throw new IllegalArgumentException("index purpose must be 'recommend' or 'similar', got '" + purpose + "'");
    }
    if (order != null) {
      ManifestPaths.requireRelative(order);
    }
    if (dimension <= 0 || nodes < 0) {
      throw new IllegalArgumentException("index " + space + "/" + purpose + ": dimension must be > 0 and nodes >= 0");
    }
    parts = parts == null ? List.of() : List.copyOf(parts);
    long next = 0;
    for (IndexPart p : parts) {
      if (p.offset() != next) {
        throw new IllegalArgumentException("index " + space + "/" + purpose + ": part " + p.path() + " starts at "
            + p.offset() + ", expected " + next);
      }
      next += p.nodes();
    }
    if (next != nodes) {
      throw new IllegalArgumentException("index " + space + "/" + purpose + ": parts cover " + next + " nodes, expected "
          + nodes);
    }
    params = params == null ? Map.of() : Map.copyOf(params);
  }
}
