package io.affinity.store.manifest;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An ANN index stored in a snapshot: one or more files ({@link IndexPart}s) over a space's item
 * vectors.
 *
 * <p>Snapshots written since format 2 of the index have one {@link #GRAPH} entry per space: a
 * neighbour graph over the item directions ({@code algorithm} {@value #GRAPH_ALGORITHM}, one part
 * whose node {@code i} is table row {@code i}, {@code order} null), which serves both
 * recommendations and similar items. Older snapshots have {@link #RECOMMEND} and {@link #SIMILAR}
 * entries of algorithm {@code jvector-graph} (norm-sliced JVector graphs with a row-order file);
 * they are still read, and a server that no longer searches them answers those spaces exactly.
 *
 * @param space the embedding space it indexes
 * @param purpose {@link #GRAPH}, or {@link #RECOMMEND} / {@link #SIMILAR} in older snapshots
 * @param algorithm how it was built: {@value #GRAPH_ALGORITHM}, or {@code jvector-graph}
 * @param dimension the dimension of the indexed (transformed) vectors
 * @param nodes the number of indexed vectors, over all parts
 * @param order the row-order file, relative to the snapshot root, or null
 * @param parts the graphs, covering {@code 0..nodes-1} in order, without gaps
 * @param params the construction parameters
 */
public record IndexInfo(
    String space, String purpose, String algorithm, int dimension, long nodes, String order,
    List<IndexPart> parts, Map<String, Object> params) implements java.io.Serializable {
  /** The neighbour graph over a space's item directions, for both searches. */
  public static final String GRAPH = "graph";
  /** The algorithm of {@link #GRAPH} indexes: a {@code io.affinity.store.ann.GraphFile}. */
  public static final String GRAPH_ALGORITHM = "affinity-graph-v1";
  /** Older snapshots: index for user → item recommendations (norm-sliced MIPS graphs). */
  public static final String RECOMMEND = "recommend";
  /** Older snapshots: index for item → item similarity. */
  public static final String SIMILAR = "similar";

  /** Validates the fields. */
  public IndexInfo {
    Objects.requireNonNull(space, "space");
    if (!GRAPH.equals(purpose) && !RECOMMEND.equals(purpose) && !SIMILAR.equals(purpose)) {
      throw new IllegalArgumentException("index purpose must be 'graph' (or 'recommend' / 'similar' in older"
          + " snapshots), got '" + purpose + "'");
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
