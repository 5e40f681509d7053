package io.affinity.transformers.sequence;

import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A trained sequence model loaded from its SavedModel, for batched inference. Signatures:
 * {@code user_vector} (input {@code history}: int32 [batch, maxLen], item tokens left-padded with
 * 0, token = item index + 1; output {@code vector}: float32 [batch, dim]) and {@code item_vectors}
 * (input {@code items}: int32 [batch] tokens; output {@code vector}: float32 [batch, dim]). The
 * score of an item for a user is the inner product of their vectors.
 *
 * <p>Thread-safe (one TensorFlow session may be shared for inference). Every tensor is closed.
 */
public final class SequenceModel implements AutoCloseable {
  private final SavedModelBundle bundle;
  private final SessionFunction user;
  private final SessionFunction item;
  private final int maxLen;

  private SequenceModel(SavedModelBundle bundle) {
    this.bundle = bundle;
    this.user = bundle.function(SasRecGraph.USER_SIGNATURE);
    this.item = bundle.function(SasRecGraph.ITEM_SIGNATURE);
    this.maxLen = (int) user.signature().getInputs().get("history").shape.get(1);
  }

  /** Loads a SavedModel written by {@link SequenceTrainer}. */
  public static SequenceModel load(Path dir) {
    return new SequenceModel(SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG));
  }

  /** The history length the model reads. */
  public int maxLen() {
    return maxLen;
  }

  /** User vectors for item histories (0-based item indices, oldest first; longer ones are cut). */
  public float[][] userVectors(int[][] histories) {
    int[][] windows = new int[histories.length][];
    for (int u = 0; u < histories.length; u++) {
      windows[u] = Histories.window(histories[u], histories[u].length, maxLen);
    }
    try (TInt32 t = TInt32.tensorOf(org.tensorflow.ndarray.StdArrays.ndCopyOf(windows));
        Result r = user.call(Map.of("history", t))) {
      return io.affinity.transformers.Tensors.matrix((TFloat32) r.get("vector").orElseThrow());
    }
  }

  /** Item vectors for 0-based item indices. */
  public float[][] itemVectors(int[] items) {
    int[] tokens = new int[items.length];
    for (int i = 0; i < items.length; i++) {
      tokens[i] = items[i] + 1;
    }
    try (TInt32 t = TInt32.vectorOf(tokens); Result r = item.call(Map.of("items", t))) {
      return io.affinity.transformers.Tensors.matrix((TFloat32) r.get("vector").orElseThrow());
    }
  }

  @Override
  public void close() {
    bundle.close();
  }
}
