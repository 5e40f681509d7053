/**
 * The sequence model (embedding space {@code sequence}): a SASRec-style causal self-attention
 * encoder over each user's time-ordered items, trained with sampled negatives and Adam, early
 * stopped on validation NDCG@10, exported as a SavedModel with two signatures (item history →
 * user vector, item ids → item vectors) and applied in batches.
 */
package io.affinity.transformers.sequence;
