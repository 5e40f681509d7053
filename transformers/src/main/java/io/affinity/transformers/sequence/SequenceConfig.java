package io.affinity.transformers.sequence;

/**
 * Hyper-parameters of the sequence model, validated at construction (messages name the flag).
 *
 * @param dim embedding and hidden size (default 64)
 * @param blocks self-attention blocks (default 2)
 * @param heads attention heads; must divide {@code dim} (default 2)
 * @param maxLen the most recent items a user is represented by (default 50)
 * @param negatives sampled negatives per position (default 1, as in SASRec's binary loss)
 * @param batch sequences per step (default 128)
 * @param steps the step budget (default 3000)
 * @param learningRate Adam's learning rate (default 0.001)
 * @param dropout dropout rate on embeddings, attention and feed-forward outputs (default 0.2)
 * @param evalEvery steps between validation checks (default 250)
 * @param patience validation checks without improvement before stopping (default 3)
 * @param seed seed of initialisation, dropout, batches and negatives (default 42)
 */
public record SequenceConfig(int dim, int blocks, int heads, int maxLen, int negatives, int batch, int steps,
    float learningRate, float dropout, int evalEvery, int patience, long seed) {

  /** The defaults (see docs/transformers.md). */
  public static final SequenceConfig DEFAULTS = new SequenceConfig(64, 2, 2, 50, 1, 128, 3000, 0.001f, 0.2f,
      250, 3, 42);

  /** Validates every field. */
  public SequenceConfig {
    check(dim >= 2 && dim <= 1024, "--seq-dim must be in 2..1024, got " + dim);
    check(blocks >= 1 && blocks <= 12, "--seq-blocks must be in 1..12, got " + blocks);
    check(heads >= 1 && dim % heads == 0, "--seq-heads must divide --seq-dim " + dim + ", got " + heads);
    check(maxLen >= 2 && maxLen <= 1000, "--seq-max-len must be in 2..1000, got " + maxLen);
    check(negatives >= 1 && negatives <= 1000, "--seq-negatives must be in 1..1000, got " + negatives);
    check(batch >= 1 && batch <= 65536, "--seq-batch must be in 1..65536, got " + batch);
    check(steps >= 1, "--seq-steps must be >= 1, got " + steps);
    check(learningRate > 0 && learningRate < 1, "--seq-learning-rate must be in (0, 1), got " + learningRate);
    check(dropout >= 0 && dropout < 1, "--seq-dropout must be in [0, 1), got " + dropout);
    check(evalEvery >= 1, "--seq-eval-every must be >= 1, got " + evalEvery);
    check(patience >= 1, "--seq-patience must be >= 1, got " + patience);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** A copy with another step budget and validation interval. */
  public SequenceConfig withSteps(int newSteps, int newEvalEvery) {
    return new SequenceConfig(dim, blocks, heads, maxLen, negatives, batch, newSteps, learningRate, dropout,
        newEvalEvery, patience, seed);
  }
}
