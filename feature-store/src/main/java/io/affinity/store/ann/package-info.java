/**
 * Neighbour graphs built in batch and stored in snapshots: the graph over a space's item
 * directions ({@link io.affinity.store.ann.GraphWriter}, built with JVector), its file format
 * ({@link io.affinity.store.ann.GraphFile}) and the vector helpers both sides share. Serving reads
 * the file into memory and walks it with its own search.
 */
package io.affinity.store.ann;
