/**
 * Real-time fold-in: the implicit-ALS normal equations solved per user at ingest time against the
 * served snapshot's item factors, anonymous session vectors, and score explanations.
 */
package io.affinity.serving.foldin;
