package io.affinity.jobs.cli;

import io.affinity.transformers.sequence.SequenceConfig;
import picocli.CommandLine.Option;

/** The transformer flags of {@code train} (a picocli mixin): the sequence model and the content encoder. */
final class SequenceOptions {
  private static final SequenceConfig D = SequenceConfig.DEFAULTS;

  @Option(names = "--sequence", description = "also train the transformer sequence model (space 'sequence')")
  boolean enabled;

  @Option(names = "--seq-dim", description = "sequence model size (default 64)")
  int dim = D.dim();

  @Option(names = "--seq-blocks", description = "self-attention blocks (default 2)")
  int blocks = D.blocks();

  @Option(names = "--seq-heads", description = "attention heads (default 2)")
  int heads = D.heads();

  @Option(names = "--seq-max-len", description = "most recent items read per user (default 50)")
  int maxLen = D.maxLen();

  @Option(names = "--seq-negatives", description = "sampled negatives per position (default 1)")
  int negatives = D.negatives();

  @Option(names = "--seq-batch", description = "sequences per step (default 128)")
  int batch = D.batch();

  @Option(names = "--seq-steps", description = "step budget (default 3000)")
  int steps = D.steps();

  @Option(names = "--seq-learning-rate", description = "Adam learning rate (default 0.001)")
  float learningRate = D.learningRate();

  @Option(names = "--seq-dropout", description = "dropout rate (default 0.2)")
  float dropout = D.dropout();

  @Option(names = "--seq-eval-every", description = "steps between validation checks (default 250)")
  int evalEvery = D.evalEvery();

  @Option(names = "--seq-patience", description = "checks without improvement before stopping (default 3)")
  int patience = D.patience();

  @Option(names = "--content", description = "also train the content encoder (space 'content'; needs --items)")
  boolean content;

  @Option(names = "--content-steps", description = "content encoder step budget (default 2000)")
  int contentSteps = io.affinity.transformers.content.ContentConfig.DEFAULTS.steps();

  @Option(names = "--content-max-tokens", description = "tokens read per item (default 32)")
  int contentMaxTokens = io.affinity.transformers.content.ContentConfig.DEFAULTS.maxTokens();

  @Option(names = "--content-model", paramLabel = "PATH", description = "apply this text SavedModel (string text"
      + " -> float vector, see docs/transformers.md) in executors instead of training the content encoder; implies"
      + " --content")
  String contentModel;

  /** The content encoder's config, or null when neither {@code --content} nor {@code --content-model} is given. */
  io.affinity.transformers.content.ContentConfig content(long seed) {
    io.affinity.transformers.content.ContentConfig d = io.affinity.transformers.content.ContentConfig.DEFAULTS;
    return content || contentModel != null ? new io.affinity.transformers.content.ContentConfig(d.hidden(),
        d.blocks(), d.heads(), contentMaxTokens, d.maxVocab(), d.batch(), contentSteps, d.learningRate(), d.dropout(),
        d.evalEvery(), d.patience(), seed, contentModel) : null;
  }

  /** The config, or null when {@code --sequence} is absent; the seed is the job's. */
  SequenceConfig config(long seed) {
    return enabled ? new SequenceConfig(dim, blocks, heads, maxLen, negatives, batch, steps, learningRate, dropout,
        evalEvery, patience, seed) : null;
  }
}
