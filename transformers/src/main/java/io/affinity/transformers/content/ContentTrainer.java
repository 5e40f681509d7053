package io.affinity.transformers.content;

import io.affinity.transformers.Devices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Trains the content encoder on the driver: items with both text and a collaborative vector, 10%
 * of them (seeded) held out; early stopping on the held-out mean cosine between predicted and
 * true vectors. Exports the best model with its vocabulary.
 */
public final class ContentTrainer {
  private ContentTrainer() {}

  /**
   * What training produced.
   *
   * @param savedModel the exported model directory (with {@code vocab.txt})
   * @param bestCosine held-out mean cosine of the exported model
   * @param steps steps run
   * @param seconds wall time
   * @param device where TensorFlow ran
   */
  public record Trained(Path savedModel, double bestCosine, int steps, double seconds, String device) {}

  /**
   * Trains and exports.
   *
   * @param texts per training item, its text
   * @param targets per training item, its collaborative vector
   * @param vocabTexts every catalogue text (the vocabulary is built from all of them)
   */
  public static Trained train(List<String> texts, float[][] targets, List<String> vocabTexts, ContentConfig cfg,
      Path exportDir, Consumer<String> log) {
    return train(texts, targets, Tokenizer.build(vocabTexts, cfg.maxVocab()), cfg, exportDir, log);
  }

  /**
   * Trains and exports with a vocabulary built elsewhere (a Spark job counts the catalogue's
   * tokens in executors and brings only the most frequent to the driver).
   *
   * @param texts per training item, its text
   * @param targets per training item, its collaborative vector
   */
  public static Trained train(List<String> texts, float[][] targets, Tokenizer tok, ContentConfig cfg,
      Path exportDir, Consumer<String> log) {
    if (texts.size() < 2) {
      throw new IllegalArgumentException("the content encoder needs at least two items with text and a vector, got "
          + texts.size());
    }
    long t0 = System.nanoTime();
    int n = texts.size();
    int outDim = targets[0].length;
    int[][] encoded = new int[n][];
    for (int i = 0; i < n; i++) {
      encoded[i] = tok.encode(texts.get(i), cfg.maxTokens());
    }
    SplittableRandom rnd = new SplittableRandom(cfg.seed());
    List<Integer> train = new ArrayList<>();
    List<Integer> val = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      (rnd.nextInt(10) == 0 ? val : train).add(i);
    }
    if (val.isEmpty()) {
      val.add(train.remove(train.size() - 1));
    }
    try (Graph g = new Graph()) {
      ContentGraph m = new ContentGraph(g, cfg, tok.size(), outDim);
      Op step = new org.tensorflow.framework.optimizers.Adam(g, cfg.learningRate()).minimize(m.loss);
      try (Session s = new Session(g)) {
        s.initialize();
        String device = Devices.placement();
        log.accept(String.format(Locale.ROOT, "content encoder: %d training items, %d held out, vocabulary %d,"
            + " %d tokens per item, width %d, device %s", train.size(), val.size(), tok.size(), cfg.maxTokens(),
            cfg.hidden(), device));
        int[][] bt = new int[cfg.batch()][];
        float[][] by = new float[cfg.batch()][];
        double best = -2;
        int bad = 0;
        int steps = 0;
        Path tmp = exportDir.resolveSibling(exportDir.getFileName() + ".best-tmp");
        while (steps < cfg.steps()) {
          for (int b = 0; b < bt.length; b++) {
            int i = train.get(rnd.nextInt(train.size()));
            bt[b] = encoded[i];
            by[b] = targets[i];
          }
          try (TInt32 t = TInt32.tensorOf(StdArrays.ndCopyOf(bt)); TFloat32 y = TFloat32.tensorOf(StdArrays.ndCopyOf(by));
              TFloat32 keep = TFloat32.scalarOf(1 - cfg.dropout());
              Result r = s.runner().feed(m.tokens, t).feed(m.targets, y).feed(m.keepProb, keep).addTarget(step)
                  .fetch(m.loss).run()) {
            steps++;
          }
          if (steps % cfg.evalEvery() == 0 || steps == cfg.steps()) {
            double cos = heldOutCosine(s, m, encoded, targets, val);
            log.accept(String.format(Locale.ROOT, "step %5d  held-out cosine %.4f%s", steps, cos, cos > best ? "  best" : ""));
            if (cos > best) {
              best = cos;
              bad = 0;
              export(s, m, tok, tmp);
            } else if (++bad >= cfg.patience()) {
              log.accept("early stop: " + cfg.patience() + " checks without improvement");
              break;
            }
          }
        }
        io.affinity.transformers.Tensors.deleteTree(exportDir);
        Files.move(tmp, exportDir);
        return new Trained(exportDir, best, steps, (System.nanoTime() - t0) / 1e9, device);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot export the content encoder to " + exportDir, e);
    }
  }

  private static double heldOutCosine(Session s, ContentGraph m, int[][] encoded, float[][] targets, List<Integer> val) {
    int[][] in = new int[val.size()][];
    for (int x = 0; x < in.length; x++) {
      in[x] = encoded[val.get(x)];
    }
    float[][] out;
    try (TInt32 t = TInt32.tensorOf(StdArrays.ndCopyOf(in)); Result r = s.runner().feed(m.tokens, t).fetch(m.output).run()) {
      out = io.affinity.transformers.Tensors.matrix((TFloat32) r.get(0));
    }
    double sum = 0;
    for (int x = 0; x < out.length; x++) {
      sum += cosine(out[x], targets[val.get(x)]);
    }
    return sum / out.length;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int d = 0; d < a.length; d++) {
      dot += a[d] * b[d];
      na += a[d] * a[d];
      nb += b[d] * b[d];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  private static void export(Session s, ContentGraph m, Tokenizer tok, Path dir) throws IOException {
    io.affinity.transformers.Tensors.deleteTree(dir);
    SavedModelBundle.exporter(dir.toString()).withSession(s).withFunction(SessionFunction.create(m.signature(), s))
        .export();
    tok.save(dir.resolve(Tokenizer.VOCAB_FILE));
  }
}
