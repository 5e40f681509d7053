/**
 * The real-time event log: events acknowledged by the server are appended here durably (fsync
 * before the reply), replayed to rebuild state, and rolled into the interaction-log Parquet layout
 * that the next train job reads. Plain Java: no Spark, no HTTP.
 */
package io.affinity.store.events;
