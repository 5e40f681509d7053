/**
 * Importers from public dataset layouts (MovieLens in all its common formats) to Affinity's
 * interaction-log and item-catalog Parquet layout. Plain Java streaming, no Spark: malformed lines
 * are counted by reason and quarantined with their line number, never silently dropped.
 */
package io.affinity.jobs.ingest;
