package io.affinity.jobs.eval;

import java.io.Serializable;
import java.util.List;

/**
 * Everything an executor needs to evaluate users, broadcast once: the models, the cut-offs, item
 * popularity and the optional tag and embedding tables used by the diversity metrics.
 *
 * <p>Per-user results are laid out as {@code models × (cutoffs × RankingMetrics.NAMES + PER_LIST)}
 * slots, repeated once for all users and once per segment.
 *
 * @param models the models, in result order
 * @param cutoffs the cut-offs, ascending
 * @param k the primary cut-off (beyond-accuracy metrics are computed at it)
 * @param popularity training users per item index
 * @param percentile popularity percentile per item index
 * @param trainUsers users with training data (for novelty)
 * @param tags tag ids per item index, or null
 * @param embedding item vectors for embedding diversity, or null
 * @param segments how many user segments exist
 * @param bootstrapSeed seeds the per-user bootstrap weights ({@link Bootstrap})
 */
record EvalContext(List<EvalModel> models, int[] cutoffs, int k, float[] popularity, float[] percentile,
    long trainUsers, ItemTags tags, ItemVectors embedding, int segments, long bootstrapSeed) implements Serializable {

  int numItems() {
    return popularity.length;
  }

  /** Slots per model. */
  int perModel() {
    return cutoffs.length * RankingMetrics.NAMES.length + BeyondAccuracy.PER_LIST.length;
  }

  /** Slots per group (all users, or one segment). */
  int perGroup() {
    return models.size() * perModel();
  }

  /** The slot of accuracy metric {@code metric} at cut-off position {@code c} of model {@code m}. */
  int accuracySlot(int m, int c, int metric) {
    return m * perModel() + c * RankingMetrics.NAMES.length + metric;
  }

  /** Metrics with a bootstrap interval, per model: the accuracy metrics at the primary cut-off. */
  int bootstrapped() {
    return RankingMetrics.NAMES.length;
  }

  /** The accuracy slot of bootstrapped metric {@code j} of model {@code m} (at the primary cut-off). */
  int bootSlot(int m, int j) {
    return accuracySlot(m, java.util.Arrays.binarySearch(cutoffs, k), j);
  }

  /** The slot of per-list metric {@code b} of model {@code m}. */
  int listSlot(int m, int b) {
    return m * perModel() + cutoffs.length * RankingMetrics.NAMES.length + b;
  }
}
