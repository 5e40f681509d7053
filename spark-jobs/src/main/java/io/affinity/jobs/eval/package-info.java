/**
 * Offline evaluation: a deterministic per-user holdout split, exact full-ranking top-k (every item
 * is a candidate except the user's training items), and ranking metrics for ALS and a popularity
 * baseline computed on the same split. Pure metric code is plain Java and unit-tested against
 * hand-computed values; the Spark part only distributes users over executors.
 */
package io.affinity.jobs.eval;
