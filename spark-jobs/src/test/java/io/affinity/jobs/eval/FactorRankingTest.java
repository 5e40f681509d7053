package io.affinity.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The product-then-rescore ranking equals the exact reference (every item scored with
 * {@link EvalModel.Factors#score}, then {@link TopK}) list for list, with the native BLAS and with
 * the Java one, on vectors built to tie and to differ by a few ulps.
 */
class FactorRankingTest {
  private static final int N = 3000;
  private static final int DIM = 64;
  private static final int K = 20;
  private static final int BLOCK = 32;

  @Test
  void lists_equal_the_exact_reference_with_both_blas() {
    List<dev.ludovic.netlib.blas.BLAS> impls = new ArrayList<>();
    impls.add(dev.ludovic.netlib.blas.JavaBLAS.getInstance());
    try {
      impls.add(dev.ludovic.netlib.blas.NativeBLAS.getInstance());
    } catch (RuntimeException e) {
      System.out.println("FactorRankingTest: no native BLAS on this machine, Java BLAS only");
    }
    SplittableRandom r = new SplittableRandom(5);
    float[] items = new float[N * DIM];
    boolean[] has = new boolean[N];
    for (int i = 0; i < N; i++) {
      has[i] = i % 97 != 3;
      for (int d = 0; d < DIM; d++) {
        items[i * DIM + d] = has[i] ? (float) r.nextGaussian() * 0.3f : 0f;
      }
    }
    // Exact duplicates (ties broken by index) and near-duplicates a few ulps apart, among the best
    // items of a known direction so they reach the top lists.
    for (int i = 0; i < 200; i += 2) {
      for (int d = 0; d < DIM; d++) {
        items[i * DIM + d] = 1f + d * 0.01f;
        float v = 1f + d * 0.01f;
        items[(i + 1) * DIM + d] = i % 4 == 0 ? v : Math.nextUp(v);
      }
      has[i] = true;
      has[i + 1] = true;
    }
    EvalModel.Factors f = new EvalModel.Factors("m", items, has, DIM);
    float[][] users = new float[BLOCK][];
    for (int b = 0; b < BLOCK; b++) {
      users[b] = new float[DIM];
      for (int d = 0; d < DIM; d++) {
        users[b][d] = b % 3 == 0 ? 0.5f + (float) r.nextGaussian() * 1e-3f : (float) r.nextGaussian();
      }
    }
    users[7] = null;
    int compared = 0;
    for (dev.ludovic.netlib.blas.BLAS blas : impls) {
      FactorRanking fast = new FactorRanking(blas, N, K, BLOCK, DIM);
      fast.multiply(f, users, BLOCK);
      int[] excluded = new int[N];
      float[] scores = new float[N];
      TopK top = new TopK(K);
      for (int b = 0; b < BLOCK; b++) {
        int stamp = b + 1;
        for (int x = 0; x < 40; x++) {
          excluded[(b * 131 + x * 17) % N] = stamp;
        }
        f.score(List.of(), users[b], scores);
        int[] want = new int[K];
        int wantN = top.select(scores, excluded, stamp, want);
        int[] got = new int[K];
        int gotN = fast.select(f, users[b], b, excluded, stamp, got);
        assertArrayEquals(java.util.Arrays.copyOf(want, wantN), java.util.Arrays.copyOf(got, gotN),
            blas.getClass().getSimpleName() + ", user " + b);
        compared += gotN;
      }
    }
    assertTrue(compared > BLOCK * K / 2, "lists were compared: " + compared);
  }
}
