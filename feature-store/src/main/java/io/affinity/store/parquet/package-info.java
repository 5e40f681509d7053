/**
 * Plain-Java Parquet I/O (no Spark): a streaming table writer driven by a row encoder, a record
 * reader over every part file of a table, and the schemas of the snapshot tables. Files written
 * here use Spark-compatible types (STRING binaries, 3-level LISTs, UTC microsecond timestamps) so
 * Spark and notebooks read them as ordinary tables.
 */
package io.affinity.store.parquet;
