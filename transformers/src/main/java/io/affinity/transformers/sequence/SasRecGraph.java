package io.affinity.transformers.sequence;

import io.affinity.transformers.Layers;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
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

  private final Layers layers;

  SasRecGraph(Graph g, SequenceConfig c, int numItems) {
    Ops tf = Ops.create(g);
    int len = c.maxLen();
    int d = c.dim();
    history = tf.withName("history").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, len)));
    positives = tf.withName("positives").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, len)));
    negatives = tf.withName("negatives").placeholder(TInt32.class,
        Placeholder.shape(Shape.of(-1, len, c.negatives())));
    keepProb = tf.withName("keep_prob").placeholderWithDefault(tf.constant(1f), Shape.scalar());
    layers = new Layers(tf, c.seed(), keepProb, c.dropout() > 0);
    itemEmbedding = layers.weight("item_embedding", numItems + 1, d);
    Variable<TFloat32> positionEmbedding = layers.weight("position_embedding", len, d);

    Operand<TFloat32> timeline = tf.dtypes.cast(tf.math.greater(history, tf.constant(0)), TFloat32.class);
    Operand<TFloat32> mask3 = tf.expandDims(timeline, tf.constant(-1)); // [B, L, 1]
    Operand<TFloat32> h = tf.math.add(
        tf.math.mul(tf.gather(itemEmbedding, history, tf.constant(0)), tf.constant((float) Math.sqrt(d))),
        positionEmbedding);
    h = tf.math.mul(layers.dropout(h), mask3);
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
      h = layers.block("block" + b, h, attnMask, mask3, len, d, c.heads());
    }
    Operand<TFloat32> out = layers.layerNorm("final_ln", h, d); // [B, L, d]

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
}
