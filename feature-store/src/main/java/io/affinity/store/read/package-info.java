/**
 * Reading a store without Spark: list snapshots, resolve {@code _CURRENT}, verify a snapshot's
 * files against its manifest, and load vectors, popularity and known items into memory.
 */
package io.affinity.store.read;
