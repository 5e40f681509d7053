/**
 * Where things live in a store: the {@code _CURRENT} pointer, immutable snapshot directories,
 * the staging area, table paths inside a snapshot, and how snapshot ids are made and validated.
 */
package io.affinity.store.layout;
