package io.affinity.serving.index;

import io.affinity.store.ann.GraphFile;

/**
 * A neighbour graph in memory: node {@code i} (an item-table row) has the neighbours
 * {@code neighbors[i*degree ..]}, -1 padded. Validated by {@link GraphFile#read}; immutable.
 *
 * @param nodes the number of nodes
 * @param degree neighbour slots per node
 * @param neighbors the flat adjacency (never mutated)
 */
public record KnnGraph(int nodes, int degree, int[] neighbors) {
  /** Wraps an adjacency read from a snapshot. */
  public static KnnGraph of(GraphFile.Adjacency a) {
    return new KnnGraph(a.nodes(), a.degree(), a.neighbors());
  }
}
