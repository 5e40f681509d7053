/**
 * The sequence model in Spark: item histories from the interaction log, training on the driver
 * (see {@code docs/transformers.md} for why), and batched inference inside executors with one
 * lazily loaded model per executor JVM.
 */
package io.affinity.jobs.sequence;
