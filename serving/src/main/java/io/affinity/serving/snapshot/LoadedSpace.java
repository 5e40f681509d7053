package io.affinity.serving.snapshot;

import io.affinity.serving.index.VectorIndex;
import io.affinity.store.read.VectorTable;
import java.util.Map;

/**
 * One embedding space ready to serve.
 *
 * @param name the space's name
 * @param users user vectors (null for an item-only space)
 * @param items item vectors
 * @param itemsByDot index of raw item vectors, for user → item recommendations (inner product)
 * @param itemsByCosine index of unit-length item vectors, for item → item similarity
 * @param knownByUser per user ordinal, the item ordinals they already know, ascending
 * @param weightsByUser per user ordinal, the summed event weight of each known item (aligned with
 *     {@code knownByUser}); null when the snapshot has no confidence table (then 1 each)
 * @param itemsByTag per catalog tag (lower case), the item ordinals carrying it, ascending; never
 *     mutated (arrays rather than bit sets, so a catalog with many rare tags stays small)
 */
public record LoadedSpace(
    String name,
    VectorTable users,
    VectorTable items,
    VectorIndex itemsByDot,
    VectorIndex itemsByCosine,
    int[][] knownByUser,
    float[][] weightsByUser,
    Map<String, int[]> itemsByTag) {

  /** Closes the space's memory-mapped indexes. */
  void close() {
    for (VectorIndex index : new VectorIndex[] {itemsByDot, itemsByCosine}) {
      if (index instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException("cannot close index of space " + name, e);
        }
      }
    }
  }
}
