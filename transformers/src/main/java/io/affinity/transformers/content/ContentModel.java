package io.affinity.transformers.content;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A trained content encoder: its SavedModel (signature {@code encode}: input {@code tokens} int32
 * [batch, maxTokens], output {@code vector} float32 [batch, dim]) plus {@code vocab.txt}; this class
 * tokenizes text in Java and returns vectors. Thread-safe; every tensor is closed.
 */
public final class ContentModel implements TextEncoder {
  private final SavedModelBundle bundle;
  private final SessionFunction encode;
  private final Tokenizer tokenizer;
  private final int maxTokens;

  private ContentModel(SavedModelBundle bundle, Tokenizer tokenizer) {
    this.bundle = bundle;
    this.encode = bundle.function(ContentGraph.SIGNATURE);
    this.tokenizer = tokenizer;
    this.maxTokens = (int) encode.signature().getInputs().get("tokens").shape.get(1);
  }

  /** Loads an encoder written by {@link ContentTrainer}. */
  public static ContentModel load(Path dir) {
    try {
      Tokenizer tok = Tokenizer.load(dir.resolve(Tokenizer.VOCAB_FILE));
      return new ContentModel(SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG), tok);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the content encoder's vocabulary in " + dir, e);
    }
  }

  /** Vectors for item texts. */
  @Override
  public float[][] encode(String[] texts) {
    int[][] in = new int[texts.length][];
    for (int i = 0; i < texts.length; i++) {
      in[i] = tokenizer.encode(texts[i], maxTokens);
    }
    try (TInt32 t = TInt32.tensorOf(StdArrays.ndCopyOf(in)); Result r = encode.call(Map.of("tokens", t))) {
      return io.affinity.transformers.Tensors.matrix((TFloat32) r.get("vector").orElseThrow());
    }
  }

  @Override
  public void close() {
    bundle.close();
  }
}
