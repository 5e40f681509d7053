package io.affinity.store.manifest;

/**
 * One graph of an ANN index: the rows {@code offset .. offset+nodes-1} of the index's order
 * (or of the item table when the index has no order file).
 *
 * @param path the graph file, relative to the snapshot root
 * @param offset the position of its first node in the index's order
 * @param nodes how many nodes it holds
 * @param maxNorm for {@code recommend}: the largest raw item norm among its rows (the MIPS
 *     transform's scale, and an upper bound of any score in the part for a unit query)
 */
public record IndexPart(String path, long offset, long nodes, float maxNorm) implements java.io.Serializable {
  /** Validates the fields. */
  public IndexPart {
    ManifestPaths.requireRelative(path);
    if (offset < 0 || nodes <= 0 || !(maxNorm >= 0)) {
      throw new IllegalArgumentException("index part " + path + ": offset must be >= 0, nodes > 0, maxNorm >= 0; got "
          + offset + ", " + nodes + ", " + maxNorm);
    }
  }
}
