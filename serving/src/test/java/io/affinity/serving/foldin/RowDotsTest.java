package io.affinity.serving.foldin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Both Gram implementations against a double-precision reference, for lengths around the lane width. */
class RowDotsTest {
  @Test
  void scalar_and_vector_gram_match_the_double_reference() {
    SplittableRandom r = new SplittableRandom(3);
    for (int n : new int[] {0, 1, 7, 8, 9, 33, 500}) {
      int rows = 13;
      float[] m = new float[rows * n];
      for (int i = 0; i < m.length; i++) {
        m[i] = (float) r.nextGaussian();
      }
      float[] scalar = new float[rows * rows];
      float[] vector = new float[rows * rows];
      RowDots.SCALAR.upperGram(m, rows, n, scalar);
      new VectorRowDots().upperGram(m, rows, n, vector);
      for (int p = 0; p < rows; p++) {
        for (int q = p; q < rows; q++) {
          double ref = 0;
          for (int j = 0; j < n; j++) {
            ref += (double) m[p * n + j] * m[q * n + j];
          }
          double tol = 1e-5 * Math.max(1, n);
          assertEquals(ref, scalar[p * rows + q], tol, "scalar n=" + n + " (" + p + "," + q + ")");
          assertEquals(ref, vector[p * rows + q], tol, "vector n=" + n + " (" + p + "," + q + ")");
        }
      }
    }
    assertTrue(RowDots.best() instanceof VectorRowDots, "tests run with jdk.incubator.vector");
  }
}
