package io.affinity.transformers.content;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * A user-supplied text encoder ({@code train --content-model PATH}): a SavedModel with tag
 * {@code serve} and one signature taking exactly one {@code string} input of shape {@code [batch]}
 * (UTF-8 item text: title, tags and text joined by spaces) and returning exactly one
 * {@code float32} output of shape {@code [batch, dim]}. The signature used is {@code
 * serving_default} when present, otherwise the model's only signature; input and output names are
 * read from it, so any model exported that way works. Thread-safe; every tensor is closed.
 */
public final class ExternalTextModel implements TextEncoder {
  private final SavedModelBundle bundle;
  private final SessionFunction function;
  private final String input;
  private final String output;

  private ExternalTextModel(SavedModelBundle bundle, Signature sig) {
    this.bundle = bundle;
    this.function = bundle.function(sig.key());
    this.input = sig.inputNames().iterator().next();
    this.output = sig.outputNames().iterator().next();
  }

  /**
   * Loads and checks a model.
   *
   * @throws IllegalArgumentException naming the path and what is wrong when the directory is not
   *     a SavedModel or its signature does not fit
   */
  public static ExternalTextModel load(Path dir) {
    if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      throw new IllegalArgumentException("--content-model " + dir + ": not a SavedModel directory (no saved_model.pb)");
    }
    SavedModelBundle b = SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG);
    try {
      return new ExternalTextModel(b, check(dir, b.signatures()));
    } catch (RuntimeException e) {
      b.close();
      throw e;
    }
  }

  static Signature check(Path dir, List<Signature> sigs) {
    Signature sig = sigs.stream().filter(s -> s.key().equals(Signature.DEFAULT_KEY)).findFirst()
        .orElse(sigs.size() == 1 ? sigs.get(0) : null);
    if (sig == null) {
      throw new IllegalArgumentException("--content-model " + dir + ": expected a '" + Signature.DEFAULT_KEY
          + "' signature or exactly one signature, found " + sigs.stream().map(Signature::key).toList());
    }
    if (sig.getInputs().size() != 1 || sig.getOutputs().size() != 1) {
      throw new IllegalArgumentException("--content-model " + dir + ": signature '" + sig.key()
          + "' must have one input and one output, has inputs " + sig.inputNames() + " and outputs "
          + sig.outputNames());
    }
    Signature.TensorDescription in = sig.getInputs().values().iterator().next();
    Signature.TensorDescription out = sig.getOutputs().values().iterator().next();
    if (in.dataType != DataType.DT_STRING || in.shape.numDimensions() != 1) {
      throw new IllegalArgumentException("--content-model " + dir + ": input must be string [batch], is "
          + in.dataType + " " + in.shape);
    }
    if (out.dataType != DataType.DT_FLOAT || out.shape.numDimensions() != 2) {
      throw new IllegalArgumentException("--content-model " + dir + ": output must be float32 [batch, dim], is "
          + out.dataType + " " + out.shape);
    }
    return sig;
  }

  @Override
  public float[][] encode(String[] texts) {
    try (TString t = TString.vectorOf(texts); Result r = function.call(Map.of(input, t))) {
      float[][] v = io.affinity.transformers.Tensors.matrix((TFloat32) r.get(output).orElseThrow());
      if (v.length != texts.length) {
        throw new IllegalStateException("--content-model returned " + v.length + " vectors for " + texts.length
            + " texts");
      }
      return v;
    }
  }

  @Override
  public void close() {
    bundle.close();
  }
}
