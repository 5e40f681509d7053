package io.affinity.transformers.content;

/**
 * Hyper-parameters of the content encoder, validated at construction.
 *
 * @param hidden token embedding and transformer width (default 64)
 * @param blocks transformer blocks (default 1)
 * @param heads attention heads, dividing {@code hidden} (default 2)
 * @param maxTokens tokens read per item (default 32)
 * @param maxVocab vocabulary size (default 20000)
 * @param batch items per step (default 128)
 * @param steps step budget (default 2000)
 * @param learningRate Adam's learning rate (default 0.002)
 * @param dropout dropout rate (default 0.1)
 * @param evalEvery steps between validation checks (default 200)
 * @param patience checks without improvement before stopping (default 3)
 * @param seed seed of initialisation, dropout, batches and the validation split (default 42)
 * @param externalModel a user-supplied text SavedModel to apply instead of training one ({@code
 *     --content-model}; see {@link ExternalTextModel}), or null to train the encoder
 */
public record ContentConfig(int hidden, int blocks, int heads, int maxTokens, int maxVocab, int batch, int steps,
    float learningRate, float dropout, int evalEvery, int patience, long seed, String externalModel) {
  /** The defaults (see docs/transformers.md). */
  public static final ContentConfig DEFAULTS = new ContentConfig(64, 1, 2, 32, 20000, 128, 2000, 0.002f, 0.1f, 200, 3, 42);

  /** Validates every field; messages name the flag. */
  public ContentConfig {
    check(hidden >= 2 && hidden <= 1024, "--content-dim must be in 2..1024, got " + hidden);
    check(blocks >= 1 && blocks <= 12, "--content-blocks must be in 1..12, got " + blocks);
    check(heads >= 1 && hidden % heads == 0, "--content-heads must divide --content-dim " + hidden + ", got " + heads);
    check(maxTokens >= 1 && maxTokens <= 512, "--content-max-tokens must be in 1..512, got " + maxTokens);
    check(maxVocab >= 1, "--content-max-vocab must be >= 1, got " + maxVocab);
    check(batch >= 1, "--content-batch must be >= 1, got " + batch);
    check(steps >= 1, "--content-steps must be >= 1, got " + steps);
    check(learningRate > 0 && learningRate < 1, "--content-learning-rate must be in (0, 1), got " + learningRate);
    check(dropout >= 0 && dropout < 1, "--content-dropout must be in [0, 1), got " + dropout);
    check(evalEvery >= 1 && patience >= 1, "--content-eval-every and --content-patience must be >= 1");
    check(externalModel == null || !externalModel.isBlank(), "--content-model must name a SavedModel directory");
  }

  /** A config that trains the encoder (no external model). */
  public ContentConfig(int hidden, int blocks, int heads, int maxTokens, int maxVocab, int batch, int steps,
      float learningRate, float dropout, int evalEvery, int patience, long seed) {
    this(hidden, blocks, heads, maxTokens, maxVocab, batch, steps, learningRate, dropout, evalEvery, patience, seed,
        null);
  }

  /** A copy that applies {@code path} instead of training. */
  public ContentConfig withExternalModel(String path) {
    return new ContentConfig(hidden, blocks, heads, maxTokens, maxVocab, batch, steps, learningRate, dropout,
        evalEvery, patience, seed, path);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
