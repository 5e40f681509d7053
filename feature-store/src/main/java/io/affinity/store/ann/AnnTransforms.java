package io.affinity.store.ann;

/**
 * Vector helpers shared by the graph writer and the server: norms, the descending-norm row order
 * and unit rows (for cosine).
 */
public final class AnnTransforms {
  private AnnTransforms() {}

  /** Row numbers sorted by descending L2 norm (ties: ascending row), a deterministic order. */
  public static int[] byDescendingNorm(float[] data, int dim) {
    int n = data.length / dim;
    long[] keyed = new long[n];
    for (int i = 0; i < n; i++) {
      // Norms are >= 0, so their float bits sort like the values; invert them for descending order.
      int bits = Float.floatToIntBits((float) normAt(data, i * dim, dim));
      keyed[i] = ((long) (Integer.MAX_VALUE - bits) << 32) | i;
    }
    java.util.Arrays.sort(keyed);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = (int) keyed[i];
    }
    return order;
  }

  /**
   * Rows scaled to unit length (zero rows stay zero). The division is in double: trained factors
   * include vectors so short (norm below 3e-39, 15 of 1,051,289 items in one run) that the float
   * reciprocal of their norm overflows to infinity.
   */
  public static float[] unitRows(float[] data, int dim) {
    float[] out = new float[data.length];
    for (int base = 0; base < data.length; base += dim) {
      double norm = normAt(data, base, dim);
      if (norm > 0) {
        for (int d = 0; d < dim; d++) {
          out[base + d] = (float) (data[base + d] / norm);
        }
      }
    }
    return out;
  }

  /** The L2 norm of row {@code row} of {@code data}. */
  public static double norm(float[] data, int row, int dim) {
    return normAt(data, row * dim, dim);
  }

  private static double normAt(float[] a, int base, int dim) {
    double s = 0;
    for (int d = 0; d < dim; d++) {
      s += (double) a[base + d] * a[base + d];
    }
    return Math.sqrt(s);
  }
}
