package io.affinity.serving.foldin;

/**
 * A user as real-time events left them, immutable (replaced whole on every update).
 *
 * @param ords the user's item ordinals in the fold-in space, ascending (excluded from their
 *     recommendations)
 * @param weights the summed event weight per item, aligned with {@code ords}
 * @param vector the folded-in user vector, or null when no item has a positive weight
 */
public record UserState(int[] ords, float[] weights, float[] vector) {}
