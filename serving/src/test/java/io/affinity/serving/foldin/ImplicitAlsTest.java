package io.affinity.serving.foldin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Fold-in against a direct solve of the same least-squares problem: minimise over x
 * {@code Σ_i c_i (p_i - xᵀy_i)² + regParam·n⁺·‖x‖²} over every item (c = 1 + alpha·r, p = [r &gt; 0]),
 * written out item by item and solved by Gaussian elimination, with no YᵀY trick.
 */
class ImplicitAlsTest {
  private static final int N = 60;
  private static final int D = 6;

  private static float[] items(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] y = new float[N * D];
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) (rnd.nextDouble() - 0.5);
    }
    return y;
  }

  /** The normal equations of the full objective, summed over all N items, solved directly. */
  private static double[] direct(float[] y, double[] r, double alpha, double reg) {
    double[][] a = new double[D][D + 1];
    int positive = 0;
    for (int i = 0; i < N; i++) {
      double c = 1 + alpha * Math.abs(r[i]);
      double p = r[i] > 0 ? 1 : 0;
      positive += r[i] > 0 ? 1 : 0;
      for (int s = 0; s < D; s++) {
        for (int t = 0; t < D; t++) {
          a[s][t] += c * y[i * D + s] * y[i * D + t];
        }
        a[s][D] += c * p * y[i * D + s];
      }
    }
    for (int s = 0; s < D; s++) {
      a[s][s] += reg * positive;
    }
    for (int col = 0; col < D; col++) {
      int piv = col;
      for (int row = col + 1; row < D; row++) {
        if (Math.abs(a[row][col]) > Math.abs(a[piv][col])) {
          piv = row;
        }
      }
      double[] tmp = a[col];
      a[col] = a[piv];
      a[piv] = tmp;
      for (int row = 0; row < D; row++) {
        if (row != col) {
          double f = a[row][col] / a[col][col];
          for (int t = col; t <= D; t++) {
            a[row][t] -= f * a[col][t];
          }
        }
      }
    }
    double[] x = new double[D];
    for (int s = 0; s < D; s++) {
      x[s] = a[s][D] / a[s][s];
    }
    return x;
  }

  @Test
  void fold_in_equals_the_direct_least_squares_solution() {
    float[] y = items(7);
    double[] gram = ImplicitAls.gram(y, D);
    int[] ords = {3, 17, 42, 5, 59};
    float[] w = {1f, 4.5f, 0.5f, 2f, 0f};
    double[] r = new double[N];
    for (int j = 0; j < ords.length; j++) {
      r[ords[j]] = w[j];
    }
    for (double alpha : new double[] {0.3, 1, 40}) {
      float[] x = ImplicitAls.solve(gram, y, D, ords, w, ords.length, alpha, 0.1, new ImplicitAls.Workspace(D));
      double[] want = direct(y, r, alpha, 0.1);
      for (int s = 0; s < D; s++) {
        assertEquals(want[s], x[s], 1e-5 * Math.max(1, Math.abs(want[s])), "alpha " + alpha + " dim " + s);
      }
    }
  }

  @Test
  void contributions_sum_to_the_items_score() {
    float[] y = items(11);
    double[] gram = ImplicitAls.gram(y, D);
    int[] ords = {1, 2, 8, 30};
    float[] w = {1f, 2f, 3f, 1f};
    ImplicitAls.Workspace ws = new ImplicitAls.Workspace(D);
    float[] x = ImplicitAls.solve(gram, y, D, ords, w, 4, 0.5, 0.05, ws);
    for (int target : new int[] {0, 9, 44}) {
      double[] c = ImplicitAls.contributions(gram, y, D, ords, w, 4, 0.5, 0.05, target, ws);
      double score = 0;
      for (int s = 0; s < D; s++) {
        score += x[s] * y[target * D + s];
      }
      assertEquals(score, c[0] + c[1] + c[2] + c[3], 1e-5, "item " + target);
    }
  }

  @Test
  void a_user_with_no_positive_weight_has_no_vector() {
    float[] y = items(3);
    assertNull(ImplicitAls.solve(ImplicitAls.gram(y, D), y, D, new int[] {4}, new float[] {0f}, 1, 1, 0.1,
        new ImplicitAls.Workspace(D)));
  }
}
