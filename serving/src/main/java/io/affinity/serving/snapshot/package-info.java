/**
 * The served state: an immutable {@link io.affinity.serving.snapshot.LoadedSnapshot} built from a
 * verified feature-store snapshot, an atomic holder that swaps it, and a refresher on a named
 * thread that loads the snapshot {@code _CURRENT} names and keeps the previous one serving when a
 * new one fails to load.
 */
package io.affinity.serving.snapshot;
