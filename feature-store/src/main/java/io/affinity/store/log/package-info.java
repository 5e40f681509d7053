/**
 * The interaction-log and item-catalog Parquet schemas, and streaming writers for them, so that
 * importers, the synthetic generator and (later) event roll-over all write the layout the train
 * job reads. See {@code docs/schema.md}.
 */
package io.affinity.store.log;
