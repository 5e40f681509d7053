package io.affinity.transformers.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sequence model on a planted pattern: every user walks a cycle of 30 items (next = current +
 * 1 mod 30) from a random start. A model that learned the order ranks the true next item first;
 * one that learned nothing scores about NDCG@10 0.1.
 */
class SequenceModelTest {
  private static final int ITEMS = 30;
  private static final SequenceConfig SMALL = new SequenceConfig(16, 1, 2, 8, 1, 64, 400, 0.01f, 0.1f, 100, 3, 7);
  @TempDir static Path tmp;
  private static SequenceTrainer.Trained trained;
  private static int[][] histories;

  @BeforeAll
  static void train() {
    SplittableRandom rnd = new SplittableRandom(3);
    histories = new int[200][];
    for (int u = 0; u < histories.length; u++) {
      int start = rnd.nextInt(ITEMS);
      int n = 4 + rnd.nextInt(8);
      histories[u] = new int[n];
      for (int x = 0; x < n; x++) {
        histories[u][x] = (start + x) % ITEMS;
      }
    }
    List<String> log = new ArrayList<>();
    trained = SequenceTrainer.train(histories, ITEMS, SMALL, tmp.resolve("model"), log::add);
    log.forEach(System.out::println);
  }

  @Test
  void the_loss_falls_and_the_planted_order_is_learned() {
    List<double[]> h = trained.history();
    assertTrue(h.size() >= 2, "at least two validation checks");
    assertTrue(h.get(h.size() - 1)[1] < 0.6 * h.get(0)[1], "loss falls: " + h.get(0)[1] + " -> " + h.get(h.size() - 1)[1]);
    assertTrue(trained.bestNdcg() > 0.8, "validation NDCG@10 " + trained.bestNdcg() + " (chance is about 0.1)");
    try (SequenceModel m = SequenceModel.load(trained.savedModel())) {
      float[][] users = m.userVectors(new int[][] {{3, 4, 5}, {27, 28, 29}});
      int[] all = new int[ITEMS];
      for (int i = 0; i < ITEMS; i++) {
        all[i] = i;
      }
      float[][] items = m.itemVectors(all);
      assertEquals(6, argmax(users[0], items), "after 3, 4, 5 comes 6");
      assertEquals(0, argmax(users[1], items), "after 29 the cycle wraps to 0");
    }
  }

  @Test
  void an_untrained_model_fails_the_same_check() {
    SequenceTrainer.Trained one = SequenceTrainer.train(histories, ITEMS, SMALL.withSteps(1, 1),
        tmp.resolve("untrained"), s -> { });
    assertTrue(one.bestNdcg() < 0.5, "one step cannot know the order: NDCG@10 " + one.bestNdcg());
  }

  @Test
  void a_reloaded_model_gives_bit_identical_vectors_in_a_fresh_jvm() throws Exception {
    float[][] here;
    try (SequenceModel m = SequenceModel.load(trained.savedModel())) {
      here = m.userVectors(new int[][] {{1, 2, 3}, {10, 11}});
    }
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), PrintVectors.class.getName(), trained.savedModel().toString())
        .redirectErrorStream(false).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    String[] lines = out.toString(StandardCharsets.UTF_8).trim().split("\n");
    assertEquals(2, lines.length);
    for (int u = 0; u < 2; u++) {
      String[] bits = lines[u].trim().split(" ");
      int[] expected = new int[here[u].length];
      int[] got = new int[bits.length];
      for (int d = 0; d < expected.length; d++) {
        expected[d] = Float.floatToRawIntBits(here[u][d]);
        got[d] = Integer.parseInt(bits[d]);
      }
      assertArrayEquals(expected, got, "user " + u + ": same bits in a fresh JVM");
    }
  }

  @Test
  void memory_does_not_grow_across_many_inference_batches() {
    try (SequenceModel m = SequenceModel.load(trained.savedModel())) {
      int[][] batch = new int[256][];
      for (int u = 0; u < batch.length; u++) {
        batch[u] = histories[u % histories.length];
      }
      // Warm up until the heap and TensorFlow's allocator reach their working size, then compare two
      // equal rounds after a GC: a native leak grows every round, a working set does not. (Tensors
      // that are unreachable but not closed are freed by TensorFlow Java at GC, so this bounds
      // native growth; the code closes every tensor and result explicitly regardless.)
      long[] rss = new long[3];
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 300; i++) {
          m.userVectors(batch);
        }
        System.gc();
        rss[round] = rssKb();
      }
      long growth = rss[2] - rss[1];
      assertTrue(growth < 24 * 1024, "RSS grew by " + growth / 1024 + " MiB over the last 300 batches of 256 users"
          + " (rounds: " + java.util.Arrays.toString(rss) + " KiB)");
    }
  }

  private static long rssKb() {
    try {
      for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }

  private static int argmax(float[] user, float[][] items) {
    int best = 0;
    for (int i = 1; i < items.length; i++) {
      if (SequenceTrainer.dot(user, items[i]) > SequenceTrainer.dot(user, items[best])) {
        best = i;
      }
    }
    return best;
  }

  /** Run in a fresh JVM: loads the model and prints two user vectors as raw float bits. */
  static final class PrintVectors {
    public static void main(String[] args) {
      try (SequenceModel m = SequenceModel.load(Path.of(args[0]))) {
        for (float[] v : m.userVectors(new int[][] {{1, 2, 3}, {10, 11}})) {
          StringBuilder b = new StringBuilder();
          for (float f : v) {
            b.append(Float.floatToRawIntBits(f)).append(' ');
          }
          System.out.println(b);
        }
      }
    }
  }
}
