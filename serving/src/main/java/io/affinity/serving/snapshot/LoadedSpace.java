package io.affinity.serving.snapshot;

import io.affinity.serving.index.VectorIndex;
import io.affinity.store.read.VectorTable;

/**
 * One embedding space ready to serve.
 *
 * @param name the space's name
 * @param users user vectors (null for an item-only space)
 * @param items item vectors
 * @param itemsByDot index of raw item vectors, for user → item recommendations (inner product)
 * @param itemsByCosine index of unit-length item vectors, for item → item similarity
 * @param knownByUser per user ordinal, the item ordinals they already know, ascending
 */
public record LoadedSpace(
    String name,
    VectorTable users,
    VectorTable items,
    VectorIndex itemsByDot,
    VectorIndex itemsByCosine,
    int[][] knownByUser) {}
