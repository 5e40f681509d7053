/**
 * The snapshot manifest ({@code _MANIFEST.json}): what a snapshot holds, how it was produced, how
 * good it is, and the size and SHA-256 of every file, plus the JSON codec that reads and writes it.
 */
package io.affinity.store.manifest;
