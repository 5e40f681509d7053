package io.affinity.transformers.sequence;

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
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Trains the sequence model on one JVM (the Spark driver): sampled mini-batches of user histories,
 * Adam, a validation check every {@code evalEvery} steps (each validation user's last training
 * item held out, NDCG@10 over the full catalogue with the user's history excluded), and early
 * stopping after {@code patience} checks without improvement. The best model is exported as a
 * SavedModel.
 */
public final class SequenceTrainer {
  /** Validation users are sampled down to this many. */
  static final int MAX_VALIDATION_USERS = 2000;

  private SequenceTrainer() {}

  /**
   * What training produced.
   *
   * @param savedModel the exported best model
   * @param bestNdcg its validation NDCG@10
   * @param stepsRun steps taken before stopping
   * @param history per validation check: step, training loss (mean since the previous check), NDCG@10
   * @param seconds wall time
   * @param sequencesPerSecond training throughput
   * @param device where TensorFlow placed the model's ops ({@code CPU} or {@code GPU})
   */
  public record Trained(Path savedModel, double bestNdcg, int stepsRun, List<double[]> history, double seconds,
      double sequencesPerSecond, String device) {}

  /**
   * Trains and exports.
   *
   * @param histories per user, item indices (0 .. numItems-1) oldest first
   * @param numItems the item index size
   * @param cfg hyper-parameters
   * @param exportDir where the SavedModel goes (must not exist)
   * @param log progress lines
   */
  public static Trained train(int[][] histories, int numItems, SequenceConfig cfg, Path exportDir, Consumer<String> log) {
    SplittableRandom rnd = new SplittableRandom(cfg.seed());
    List<int[]> trainSeqs = new ArrayList<>();
    List<int[]> valHistory = new ArrayList<>();
    List<Integer> valTarget = new ArrayList<>();
    for (int[] h : histories) {
      if (h.length >= 3) {
        trainSeqs.add(java.util.Arrays.copyOf(h, h.length - 1));
        valHistory.add(java.util.Arrays.copyOf(h, h.length - 1));
        valTarget.add(h[h.length - 1]);
      } else if (h.length == 2) {
        trainSeqs.add(h);
      }
    }
    if (trainSeqs.isEmpty()) {
      throw new IllegalArgumentException("no user has two or more interactions: nothing to learn a sequence from");
    }
    sampleValidation(valHistory, valTarget, rnd.split());
    int len = cfg.maxLen();
    long t0 = System.nanoTime();
    try (Graph g = new Graph()) {
      SasRecGraph m = new SasRecGraph(g, cfg, numItems);
      Op step = new org.tensorflow.framework.optimizers.Adam(g, cfg.learningRate()).minimize(m.loss);
      try (Session s = new Session(g)) {
        s.initialize();
        String device = io.affinity.transformers.Devices.placement();
        log.accept(String.format(Locale.ROOT, "sequence model: %d train users, %d validation users, %d items,"
            + " d=%d, %d blocks, %d heads, max length %d, device %s", trainSeqs.size(), valTarget.size(), numItems,
            cfg.dim(), cfg.blocks(), cfg.heads(), len, device));
        int[][] in = new int[cfg.batch()][len];
        int[][] target = new int[cfg.batch()][len];
        int[][][] neg = new int[cfg.batch()][len][cfg.negatives()];
        double best = -1;
        int bad = 0;
        int steps = 0;
        double lossSum = 0;
        List<double[]> history = new ArrayList<>();
        Path tmpBest = exportDir.resolveSibling(exportDir.getFileName() + ".best-tmp");
        while (steps < cfg.steps()) {
          fillBatch(trainSeqs, numItems, cfg, rnd, in, target, neg);
          try (TInt32 tin = TInt32.tensorOf(org.tensorflow.ndarray.StdArrays.ndCopyOf(in));
              TInt32 tpos = TInt32.tensorOf(org.tensorflow.ndarray.StdArrays.ndCopyOf(target));
              TInt32 tneg = TInt32.tensorOf(org.tensorflow.ndarray.StdArrays.ndCopyOf(neg));
              TFloat32 keep = TFloat32.scalarOf(1 - cfg.dropout());
              Result r = s.runner().feed(m.history, tin).feed(m.positives, tpos).feed(m.negatives, tneg)
                  .feed(m.keepProb, keep).addTarget(step).fetch(m.loss).run()) {
            lossSum += ((TFloat32) r.get(0)).getFloat();
          }
          steps++;
          if (steps % cfg.evalEvery() == 0 || steps == cfg.steps()) {
            double ndcg = validationNdcg(s, m, valHistory, valTarget, numItems, len);
            int since = steps % cfg.evalEvery() == 0 ? cfg.evalEvery() : steps % cfg.evalEvery();
            history.add(new double[] {steps, lossSum / since, ndcg});
            log.accept(String.format(Locale.ROOT, "step %5d  loss %.4f  validation ndcg@10 %.4f%s", steps,
                lossSum / since, ndcg, ndcg > best ? "  best" : ""));
            lossSum = 0;
            if (ndcg > best) {
              best = ndcg;
              bad = 0;
              export(s, m, tmpBest);
            } else if (++bad >= cfg.patience()) {
              log.accept("early stop: " + cfg.patience() + " checks without improvement");
              break;
            }
          }
        }
        move(tmpBest, exportDir);
        double secs = (System.nanoTime() - t0) / 1e9;
        return new Trained(exportDir, best, steps, history, secs, (double) steps * cfg.batch() / secs, device);
      }
    }
  }

  private static void sampleValidation(List<int[]> hist, List<Integer> target, SplittableRandom rnd) {
    // Seeded partial Fisher-Yates: the first MAX_VALIDATION_USERS positions become the sample.
    int n = hist.size();
    int keep = Math.min(n, MAX_VALIDATION_USERS);
    for (int i = 0; i < keep; i++) {
      int j = i + rnd.nextInt(n - i);
      java.util.Collections.swap(hist, i, j);
      java.util.Collections.swap(target, i, j);
    }
    hist.subList(keep, n).clear();
    target.subList(keep, n).clear();
  }

  private static void fillBatch(List<int[]> seqs, int numItems, SequenceConfig cfg, SplittableRandom rnd,
      int[][] in, int[][] target, int[][][] neg) {
    for (int b = 0; b < in.length; b++) {
      int[] s = seqs.get(rnd.nextInt(seqs.size()));
      // Half the examples end at the newest item, half at a random earlier one (more targets per user).
      int end = rnd.nextBoolean() ? s.length : 2 + rnd.nextInt(s.length - 1);
      Histories.example(s, end, cfg.maxLen(), in[b], target[b]);
      for (int p = 0; p < in[b].length; p++) {
        for (int x = 0; x < cfg.negatives(); x++) {
          int t;
          do {
            t = 1 + rnd.nextInt(numItems);
          } while (t == target[b][p] && numItems > 1);
          neg[b][p][x] = target[b][p] == 0 ? 0 : t;
        }
      }
    }
  }

  /** Mean NDCG@10 of the held-out next item over the validation users, full ranking. */
  static double validationNdcg(Session s, SasRecGraph m, List<int[]> hist, List<Integer> target, int numItems, int len) {
    if (hist.isEmpty()) {
      return 0;
    }
    float[][] items = itemTable(s, m, numItems);
    double sum = 0;
    for (int from = 0; from < hist.size(); from += 256) {
      int to = Math.min(hist.size(), from + 256);
      int[][] windows = new int[to - from][];
      for (int u = from; u < to; u++) {
        windows[u - from] = Histories.window(hist.get(u), hist.get(u).length, len);
      }
      float[][] users = run(s, m.history, windows, m.userVector);
      for (int u = from; u < to; u++) {
        sum += ndcgAt10(users[u - from], items, hist.get(u), target.get(u));
      }
    }
    return sum / hist.size();
  }

  static double ndcgAt10(float[] user, float[][] items, int[] history, int target) {
    java.util.BitSet seen = new java.util.BitSet(items.length);
    for (int i : history) {
      seen.set(i);
    }
    float t = dot(user, items[target]);
    int rank = 0;
    for (int i = 0; i < items.length && rank < 10; i++) {
      if (i != target && !seen.get(i)) {
        float v = dot(user, items[i]);
        if (v > t || (v == t && i < target)) {
          rank++;
        }
      }
    }
    return rank < 10 ? 1 / (Math.log(rank + 2) / Math.log(2)) : 0;
  }

  static float dot(float[] a, float[] b) {
    float s = 0;
    for (int d = 0; d < a.length; d++) {
      s += a[d] * b[d];
    }
    return s;
  }

  private static float[][] itemTable(Session s, SasRecGraph m, int numItems) {
    int[] ids = new int[numItems];
    for (int i = 0; i < numItems; i++) {
      ids[i] = i + 1;
    }
    try (TInt32 t = TInt32.vectorOf(ids); Result r = s.runner().feed(m.itemIds, t).fetch(m.itemVectors).run()) {
      return io.affinity.transformers.Tensors.matrix((TFloat32) r.get(0));
    }
  }

  private static float[][] run(Session s, org.tensorflow.Operand<TInt32> input, int[][] windows,
      org.tensorflow.Operand<TFloat32> output) {
    try (TInt32 t = TInt32.tensorOf(org.tensorflow.ndarray.StdArrays.ndCopyOf(windows));
        Result r = s.runner().feed(input, t).fetch(output).run()) {
      return io.affinity.transformers.Tensors.matrix((TFloat32) r.get(0));
    }
  }

  private static void export(Session s, SasRecGraph m, Path dir) {
    try {
      io.affinity.transformers.Tensors.deleteTree(dir);
      SavedModelBundle.exporter(dir.toString()).withSession(s)
          .withFunctions(SessionFunction.create(m.userSignature(), s), SessionFunction.create(m.itemSignature(), s))
          .export();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot export the sequence model to " + dir, e);
    }
  }

  private static void move(Path from, Path to) {
    try {
      io.affinity.transformers.Tensors.deleteTree(to);
      Files.move(from, to);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the exported model to " + to, e);
    }
  }
}
