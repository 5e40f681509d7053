/**
 * Affinity's feature store: versioned, immutable snapshots of embedding vectors and the tables
 * serving needs, stored as Parquet plus a JSON manifest and published atomically.
 *
 * <p>Plain Java by design (no Spark, no Javalin) so that Spark jobs, notebooks, the server and any
 * JVM tool read snapshots the same way. Sub-packages: {@code manifest} (the manifest model and its
 * JSON codec), {@code layout} (where things live in a store), {@code publish} (staging and atomic
 * publish), {@code read} (listing, verifying and loading), {@code parquet} (the table formats) and
 * {@code log} (the interaction-log schema shared by importers, generators and event roll-over).
 */
package io.affinity.store;
