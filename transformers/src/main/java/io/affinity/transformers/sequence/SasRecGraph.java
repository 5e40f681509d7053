package io.affinity.transformers.sequence;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.op.random.TruncatedNormal;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Builds the SASRec-style graph: item and position embeddings, {@code blocks} pre-norm blocks of
 * causal multi-head self-attention and a ReLU feed-forward layer (residual connections, dropout),
 * a final layer norm. Histories are left-padded with token 0; item index i is token i + 1. The
 * output at the last position is the user vector; an item's vector is its embedding row, so a
 * score is a plain inner product, which the serving index answers (maximum inner product).
 *
 * <p>Training loss: binary cross-entropy of every next item against {@code negatives} sampled
 * items, averaged over non-padding positions.
 */
final class SasRecGraph {
  /** Signature keys of the exported model. */
  static final String USER_SIGNATURE = "user_vector";
  static final String ITEM_SIGNATURE = "item_vectors";

  final Placeholder<TInt32> history;
  final Placeholder<TInt32> positives;
  final Placeholder<TInt32> negatives;
  final Operand<TFloat32> keepProb;
  final Operand<TFloat32> loss;
  final Operand<TFloat32> userVector;
  final Placeholder<TInt32> itemIds;
  final Operand<TFloat32> itemVectors;
  final Variable<TFloat32> itemEmbedding;

  private final Ops tf;
  private final SequenceConfig c;
  private long seedCounter;

  SasRecGraph(Graph g, SequenceConfig c, int numItems) {
    this.tf = Ops.create(g);
    this.c = c;
    this.seedCounter = c.seed() * 1000;
    int len = c.maxLen();
    int d = c.dim();
    history = tf.withName("history").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, len)));
    positives = tf.withName("positives").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, len)));
    negatives = tf.withName("negatives").placeholder(TInt32.class,
        Placeholder.shape(Shape.of(-1, len, c.negatives())));
    keepProb = tf.withName("keep_prob").placeholderWithDefault(tf.constant(1f), Shape.scalar());
    itemEmbedding = weight("item_embedding", numItems + 1, d);
    Variable<TFloat32> positionEmbedding = weight("position_embedding", len, d);

    Operand<TFloat32> timeline = tf.dtypes.cast(tf.math.greater(history, tf.constant(0)), TFloat32.class);
    Operand<TFloat32> mask3 = tf.expandDims(timeline, tf.constant(-1)); // [B, L, 1]
    Operand<TFloat32> h = tf.math.add(
        tf.math.mul(tf.gather(itemEmbedding, history, tf.constant(0)), tf.constant((float) Math.sqrt(d))),
        positionEmbedding);
    h = tf.math.mul(dropout(h), mask3);
    // Additive attention mask [B, 1, L, L]: future positions and padding keys get -1e9.
    float[][] causal = new float[len][len];
    for (int i = 0; i < len; i++) {
      for (int j = i + 1; j < len; j++) {
        causal[i][j] = -1e9f;
      }
    }
    Operand<TFloat32> keyMask = tf.math.mul(tf.math.sub(tf.constant(1f), timeline), tf.constant(-1e9f));
    Operand<TFloat32> attnMask = tf.math.add(tf.constant(causal),
        tf.reshape(keyMask, tf.constant(new long[] {-1, 1, 1, len})));
    for (int b = 0; b < c.blocks(); b++) {
      Operand<TFloat32> a = attention("block" + b, layerNorm("block" + b + "_ln1", h), attnMask);
      h = tf.math.add(h, dropout(a));
      Operand<TFloat32> f = feedForward("block" + b, layerNorm("block" + b + "_ln2", h));
      h = tf.math.mul(tf.math.add(h, dropout(f)), mask3);
    }
    Operand<TFloat32> out = layerNorm("final_ln", h); // [B, L, d]

    Operand<TFloat32> posLogit = tf.sum(tf.math.mul(out, tf.gather(itemEmbedding, positives, tf.constant(0))),
        tf.constant(2));
    Operand<TFloat32> negLogit = tf.sum(tf.math.mul(tf.expandDims(out, tf.constant(2)),
        tf.gather(itemEmbedding, negatives, tf.constant(0))), tf.constant(3)); // [B, L, N]
    Operand<TFloat32> valid = tf.dtypes.cast(tf.math.greater(positives, tf.constant(0)), TFloat32.class);
    Operand<TFloat32> perPosition = tf.math.add(tf.math.softplus(tf.math.neg(posLogit)),
        tf.sum(tf.math.softplus(negLogit), tf.constant(2)));
    loss = tf.withName("loss").math.div(tf.sum(tf.math.mul(perPosition, valid), tf.constant(new int[] {0, 1})),
        tf.math.maximum(tf.sum(valid, tf.constant(new int[] {0, 1})), tf.constant(1f)));

    userVector = tf.withName("user_vector").gather(out, tf.constant(len - 1), tf.constant(1));
    itemIds = tf.withName("item_ids").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    itemVectors = tf.withName("item_vectors_out").gather(itemEmbedding, itemIds, tf.constant(0));
  }

  /** The two inference signatures. */
  Signature userSignature() {
    return Signature.builder().key(USER_SIGNATURE).input("history", history).output("vector", userVector).build();
  }

  Signature itemSignature() {
    return Signature.builder().key(ITEM_SIGNATURE).input("items", itemIds).output("vector", itemVectors).build();
  }

  private Operand<TFloat32> attention(String name, Operand<TFloat32> x, Operand<TFloat32> mask) {
    int d = c.dim();
    int heads = c.heads();
    int dh = d / heads;
    Operand<TFloat32> q = split(dense(name + "_q", x, d, d, false), heads, dh);
    Operand<TFloat32> k = split(dense(name + "_k", x, d, d, false), heads, dh);
    Operand<TFloat32> v = split(dense(name + "_v", x, d, d, false), heads, dh);
    Operand<TFloat32> scores = tf.math.add(tf.math.mul(
        tf.train.batchMatMul(q, k, TFloat32.class, BatchMatMul.adjY(true)), tf.constant((float) (1 / Math.sqrt(dh)))),
        mask);
    Operand<TFloat32> weights = dropout(tf.nn.softmax(scores));
    Operand<TFloat32> o = tf.train.batchMatMul(weights, v, TFloat32.class); // [B, H, L, dh]
    Operand<TFloat32> merged = tf.reshape(tf.linalg.transpose(o, tf.constant(new int[] {0, 2, 1, 3})),
        tf.constant(new long[] {-1, c.maxLen(), d}));
    return dense(name + "_o", merged, d, d, true);
  }

  private Operand<TFloat32> split(Operand<TFloat32> x, int heads, int dh) {
    return tf.linalg.transpose(tf.reshape(x, tf.constant(new long[] {-1, c.maxLen(), heads, dh})),
        tf.constant(new int[] {0, 2, 1, 3}));
  }

  private Operand<TFloat32> feedForward(String name, Operand<TFloat32> x) {
    Operand<TFloat32> hidden = tf.nn.relu(dense(name + "_ff1", x, c.dim(), c.dim(), true));
    return dense(name + "_ff2", dropout(hidden), c.dim(), c.dim(), true);
  }

  /** x [B, L, in] × W [in, out] (+ b). */
  private Operand<TFloat32> dense(String name, Operand<TFloat32> x, int in, int out, boolean bias) {
    Variable<TFloat32> w = weight(name + "_w", in, out);
    Operand<TFloat32> y = tf.linalg.matMul(tf.reshape(x, tf.constant(new long[] {-1, in})), w);
    if (bias) {
      y = tf.math.add(y, tf.variable(tf.zeros(tf.constant(new long[] {out}), TFloat32.class)));
    }
    return tf.reshape(y, tf.constant(new long[] {-1, c.maxLen(), out}));
  }

  private Operand<TFloat32> layerNorm(String name, Operand<TFloat32> x) {
    Operand<TFloat32> mean = tf.math.mean(x, tf.constant(-1), Mean.keepDims(true));
    Operand<TFloat32> var = tf.math.mean(tf.math.squaredDifference(x, mean), tf.constant(-1), Mean.keepDims(true));
    Operand<TFloat32> norm = tf.math.mul(tf.math.sub(x, mean), tf.math.rsqrt(tf.math.add(var, tf.constant(1e-8f))));
    Variable<TFloat32> gamma = tf.withName(name + "_gamma").variable(tf.ones(tf.constant(new long[] {c.dim()}), TFloat32.class));
    Variable<TFloat32> beta = tf.withName(name + "_beta").variable(tf.zeros(tf.constant(new long[] {c.dim()}), TFloat32.class));
    return tf.math.add(tf.math.mul(norm, gamma), beta);
  }

  /** Inverted dropout driven by {@link #keepProb} (1 at inference, so a no-op there). */
  private Operand<TFloat32> dropout(Operand<TFloat32> x) {
    if (c.dropout() == 0) {
      return x;
    }
    Operand<TFloat32> u = tf.random.randomUniform(tf.shape(x), TFloat32.class,
        RandomUniform.seed(c.seed()).seed2(++seedCounter));
    Operand<TFloat32> keep = tf.math.floor(tf.math.add(u, keepProb));
    return tf.math.div(tf.math.mul(x, keep), keepProb);
  }

  /** A weight initialised from a truncated normal with stddev sqrt(1 / fan-in), capped at 0.1. */
  private Variable<TFloat32> weight(String name, int rows, int cols) {
    float std = (float) Math.min(0.1, Math.sqrt(1.0 / rows));
    Operand<TFloat32> init = tf.math.mul(tf.random.truncatedNormal(tf.constant(new long[] {rows, cols}),
        TFloat32.class, TruncatedNormal.seed(c.seed()).seed2(++seedCounter)), tf.constant(std));
    return tf.withName(name).variable(init);
  }
}
