package io.affinity.transformers.content;

import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.random.StatelessRandomNormal;
import org.tensorflow.op.strings.StringSplit;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * Writes a small user-style text model for tests: lower-cased words hashed into buckets, each
 * bucket a fixed random vector, the text's vector the mean over its words. It has the signature
 * {@code --content-model} expects ({@code serving_default}: string {@code text} [batch] → float32
 * {@code embedding} [batch, dim]), as a model exported from Python would.
 */
public final class BagOfWordsModel {
  private BagOfWordsModel() {}

  /** Exports the model to {@code dir}. */
  public static void export(Path dir, int dim, long seed) {
    int buckets = 4096;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TString> text = tf.withName("text").placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      StringSplit words = tf.strings.stringSplit(tf.strings.lower(text), tf.constant(" "));
      Operand<TInt64> bucket = tf.strings.toHashBucketFast(words.values(), (long) buckets);
      Variable<TFloat32> table = tf.withName("table").variable(StatelessRandomNormal.create(tf.scope(),
          tf.constant(new long[] {buckets, dim}), tf.constant(new long[] {seed, 0}), TFloat32.class));
      Operand<TFloat32> rows = tf.gather(table, bucket, tf.constant(0));
      Operand<TInt64> owner = tf.reshape(tf.slice(words.indices(), tf.constant(new long[] {0, 0}),
          tf.constant(new long[] {-1, 1})), tf.constant(new long[] {-1}));
      Operand<TInt32> n = tf.size(text);
      Operand<TFloat32> sum = tf.math.unsortedSegmentSum(rows, owner, n);
      Operand<TFloat32> count = tf.math.unsortedSegmentSum(tf.onesLike(tf.dtypes.cast(owner, TFloat32.class)), owner, n);
      Operand<TFloat32> out = tf.withName("embedding").math.div(sum,
          tf.expandDims(tf.math.maximum(count, tf.constant(1f)), tf.constant(-1)));
      s.initialize();
      Signature sig = Signature.builder().key(Signature.DEFAULT_KEY).input("text", text).output("embedding", out)
          .build();
      SavedModelBundle.exporter(dir.toString()).withSession(s).withFunction(SessionFunction.create(sig, s)).export();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
