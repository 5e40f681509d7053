/**
 * Approximate nearest-neighbour graph indexes (JVector) built in batch and stored in snapshots:
 * the vector transforms that turn maximum-inner-product and cosine search into unit-vector
 * dot-product search, and the writer that builds and saves a graph. Serving memory-maps the files.
 */
package io.affinity.store.ann;
