package io.affinity.transformers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.op.random.TruncatedNormal;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;

/**
 * Transformer building blocks on the Ops API, shared by the sequence model and the content
 * encoder: seeded weights, dense layers over [batch, length, width] tensors, layer norm, inverted
 * dropout driven by a keep-probability operand, and multi-head self-attention with an additive
 * mask. Every random op gets the model seed and its own op seed, so graphs are reproducible.
 */
public final class Layers {
  private final Ops tf;
  private final long seed;
  private final Operand<TFloat32> keepProb;
  private final boolean dropout;
  private long opSeed;

  /**
   * @param tf the graph's ops
   * @param seed the model seed
   * @param keepProb 1 - dropout rate (fed during training; 1 by default)
   * @param dropout whether dropout layers are built at all
   */
  public Layers(Ops tf, long seed, Operand<TFloat32> keepProb, boolean dropout) {
    this.tf = tf;
    this.seed = seed;
    this.keepProb = keepProb;
    this.dropout = dropout;
    this.opSeed = seed * 1000;
  }

  /** A weight from a truncated normal with stddev sqrt(1 / rows), capped at 0.1. */
  public Variable<TFloat32> weight(String name, int rows, int cols) {
    float std = (float) Math.min(0.1, Math.sqrt(1.0 / rows));
    Operand<TFloat32> init = tf.math.mul(tf.random.truncatedNormal(tf.constant(new long[] {rows, cols}),
        TFloat32.class, TruncatedNormal.seed(seed).seed2(++opSeed)), tf.constant(std));
    return tf.withName(name).variable(init);
  }

  /** x [B, len, in] × W [in, out] (+ b) → [B, len, out]. */
  public Operand<TFloat32> dense(String name, Operand<TFloat32> x, int len, int in, int out, boolean bias) {
    Variable<TFloat32> w = weight(name + "_w", in, out);
    Operand<TFloat32> y = tf.linalg.matMul(tf.reshape(x, tf.constant(new long[] {-1, in})), w);
    if (bias) {
      y = tf.math.add(y, tf.withName(name + "_b").variable(tf.zeros(tf.constant(new long[] {out}), TFloat32.class)));
    }
    return tf.reshape(y, tf.constant(new long[] {-1, len, out}));
  }

  /** Layer norm over the last axis of width {@code dim}, with learned gain and bias. */
  public Operand<TFloat32> layerNorm(String name, Operand<TFloat32> x, int dim) {
    Operand<TFloat32> mean = tf.math.mean(x, tf.constant(-1), Mean.keepDims(true));
    Operand<TFloat32> var = tf.math.mean(tf.math.squaredDifference(x, mean), tf.constant(-1), Mean.keepDims(true));
    Operand<TFloat32> norm = tf.math.mul(tf.math.sub(x, mean), tf.math.rsqrt(tf.math.add(var, tf.constant(1e-8f))));
    Variable<TFloat32> gamma = tf.withName(name + "_gamma").variable(tf.ones(tf.constant(new long[] {dim}), TFloat32.class));
    Variable<TFloat32> beta = tf.withName(name + "_beta").variable(tf.zeros(tf.constant(new long[] {dim}), TFloat32.class));
    return tf.math.add(tf.math.mul(norm, gamma), beta);
  }

  /** Inverted dropout (a no-op when keep probability is 1, i.e. at inference). */
  public Operand<TFloat32> dropout(Operand<TFloat32> x) {
    if (!dropout) {
      return x;
    }
    Operand<TFloat32> u = tf.random.randomUniform(tf.shape(x), TFloat32.class,
        RandomUniform.seed(seed).seed2(++opSeed));
    Operand<TFloat32> keep = tf.math.floor(tf.math.add(u, keepProb));
    return tf.math.div(tf.math.mul(x, keep), keepProb);
  }

  /** Multi-head self-attention over x [B, len, dim]; {@code mask} is added to the scores [B, 1|H, len, len]. */
  public Operand<TFloat32> attention(String name, Operand<TFloat32> x, Operand<TFloat32> mask, int len, int dim, int heads) {
    int dh = dim / heads;
    Operand<TFloat32> q = split(dense(name + "_q", x, len, dim, dim, false), len, heads, dh);
    Operand<TFloat32> k = split(dense(name + "_k", x, len, dim, dim, false), len, heads, dh);
    Operand<TFloat32> v = split(dense(name + "_v", x, len, dim, dim, false), len, heads, dh);
    Operand<TFloat32> scores = tf.math.add(tf.math.mul(
        tf.train.batchMatMul(q, k, TFloat32.class, BatchMatMul.adjY(true)), tf.constant((float) (1 / Math.sqrt(dh)))),
        mask);
    Operand<TFloat32> weights = dropout(tf.nn.softmax(scores));
    Operand<TFloat32> o = tf.train.batchMatMul(weights, v, TFloat32.class);
    Operand<TFloat32> merged = tf.reshape(tf.linalg.transpose(o, tf.constant(new int[] {0, 2, 1, 3})),
        tf.constant(new long[] {-1, len, dim}));
    return dense(name + "_o", merged, len, dim, dim, true);
  }

  /**
   * One pre-norm transformer block: layer norm → self-attention → dropout → residual; layer norm →
   * feed-forward → dropout → residual; then {@code keep} [B, len, 1] zeroes padding positions.
   */
  public Operand<TFloat32> block(String name, Operand<TFloat32> x, Operand<TFloat32> mask, Operand<TFloat32> keep,
      int len, int dim, int heads) {
    Operand<TFloat32> a = attention(name, layerNorm(name + "_ln1", x, dim), mask, len, dim, heads);
    Operand<TFloat32> h = tf.math.add(x, dropout(a));
    Operand<TFloat32> f = feedForward(name, layerNorm(name + "_ln2", h, dim), len, dim);
    return tf.math.mul(tf.math.add(h, dropout(f)), keep);
  }

  /** A ReLU feed-forward layer of width {@code dim}. */
  public Operand<TFloat32> feedForward(String name, Operand<TFloat32> x, int len, int dim) {
    Operand<TFloat32> hidden = tf.nn.relu(dense(name + "_ff1", x, len, dim, dim, true));
    return dense(name + "_ff2", dropout(hidden), len, dim, dim, true);
  }

  private Operand<TFloat32> split(Operand<TFloat32> x, int len, int heads, int dh) {
    return tf.linalg.transpose(tf.reshape(x, tf.constant(new long[] {-1, len, heads, dh})),
        tf.constant(new int[] {0, 2, 1, 3}));
  }
}
