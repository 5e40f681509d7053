/**
 * Atomic publishing: a producer writes tables into a staging directory, then the publisher hashes
 * every file, writes the manifest, verifies the staged snapshot, moves it into place with one
 * atomic rename, and finally flips {@code _CURRENT} by writing a temporary file and renaming it
 * over the pointer. A crash at any step leaves {@code _CURRENT} naming a complete snapshot.
 */
package io.affinity.store.publish;
