package io.affinity.transformers.content;

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
 * The content encoder's graph: token and position embeddings, {@code blocks} pre-norm transformer
 * blocks (self-attention over the item's tokens, padding masked), a final layer norm, mean pooling
 * over real tokens and a linear map to the collaborative space. Trained with mean squared error
 * against the item's ALS vector.
 */
final class ContentGraph {
  static final String SIGNATURE = "encode";

  final Placeholder<TInt32> tokens;
  final Placeholder<TFloat32> targets;
  final Operand<TFloat32> keepProb;
  final Operand<TFloat32> output;
  final Operand<TFloat32> loss;

  ContentGraph(Graph g, ContentConfig c, int vocab, int outDim) {
    Ops tf = Ops.create(g);
    int len = c.maxTokens();
    int h = c.hidden();
    tokens = tf.withName("tokens").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, len)));
    targets = tf.withName("targets").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, outDim)));
    keepProb = tf.withName("keep_prob").placeholderWithDefault(tf.constant(1f), Shape.scalar());
    Layers layers = new Layers(tf, c.seed(), keepProb, c.dropout() > 0);
    Variable<TFloat32> embedding = layers.weight("token_embedding", vocab, h);
    Variable<TFloat32> position = layers.weight("position_embedding", len, h);
    Operand<TFloat32> mask = tf.dtypes.cast(tf.math.greater(tokens, tf.constant(0)), TFloat32.class);
    Operand<TFloat32> mask3 = tf.expandDims(mask, tf.constant(-1));
    Operand<TFloat32> x = tf.math.mul(layers.dropout(tf.math.add(tf.gather(embedding, tokens, tf.constant(0)), position)),
        mask3);
    Operand<TFloat32> keyMask = tf.reshape(tf.math.mul(tf.math.sub(tf.constant(1f), mask), tf.constant(-1e9f)),
        tf.constant(new long[] {-1, 1, 1, len}));
    for (int b = 0; b < c.blocks(); b++) {
      x = layers.block("block" + b, x, keyMask, mask3, len, h, c.heads());
    }
    x = tf.math.mul(layers.layerNorm("final_ln", x, h), mask3);
    Operand<TFloat32> pooled = tf.math.div(tf.sum(x, tf.constant(1)),
        tf.math.maximum(tf.sum(mask3, tf.constant(1)), tf.constant(1f)));
    Variable<TFloat32> w = layers.weight("project_w", h, outDim);
    Variable<TFloat32> bias = tf.withName("project_b").variable(tf.zeros(tf.constant(new long[] {outDim}), TFloat32.class));
    output = tf.withName("vector").math.add(tf.linalg.matMul(pooled, w), bias);
    loss = tf.withName("loss").math.mean(tf.math.squaredDifference(output, targets), tf.constant(new int[] {0, 1}));
  }

  Signature signature() {
    return Signature.builder().key(SIGNATURE).input("tokens", tokens).output("vector", output).build();
  }
}
