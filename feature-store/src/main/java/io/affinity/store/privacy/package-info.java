/** Keyed pseudonyms for user ids, shared by the train job and the server. */
package io.affinity.store.privacy;
