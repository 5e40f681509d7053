package io.affinity.store.ann;

/**
 * Turns both search problems into dot product over unit vectors, which graph indexes handle well:
 *
 * <ul>
 *   <li><b>MIPS</b> (ALS recommendations; vectors are not normalised): an item {@code x} becomes
 *       {@code [x / M, sqrt(1 - |x|^2 / M^2)]} where {@code M} is the largest item norm, and a
 *       query {@code q} becomes {@code [q / |q|, 0]}. Every item then has unit length and
 *       {@code x'.q' = x.q / (M |q|)}: the same ranking as the raw inner product.</li>
 *   <li><b>Cosine</b> (similar items): vectors scaled to unit length, dimension unchanged.</li>
 * </ul>
 */
public final class AnnTransforms {
  private AnnTransforms() {}

  /** The largest L2 norm of the rows of {@code data}. */
  public static float maxNorm(float[] data, int dim) {
    double max = 0;
    for (int base = 0; base < data.length; base += dim) {
      max = Math.max(max, normAt(data, base, dim));
    }
    return (float) max;
  }

  /** MIPS item transform: {@code n x dim} → {@code n x (dim+1)} unit rows. */
  public static float[] mipsItems(float[] data, int dim, float maxNorm) {
    int n = data.length / dim;
    float[] out = new float[n * (dim + 1)];
    double m = maxNorm > 0 ? maxNorm : 1;
    for (int i = 0; i < n; i++) {
      double sq = 0;
      for (int d = 0; d < dim; d++) {
        double v = data[i * dim + d] / m;
        out[i * (dim + 1) + d] = (float) v;
        sq += v * v;
      }
      out[i * (dim + 1) + dim] = (float) Math.sqrt(Math.max(0, 1 - sq));
    }
    return out;
  }

  /** MIPS query transform into {@code out} (length dim+1): {@code [q / |q|, 0]}. */
  public static void mipsQuery(float[] q, float[] out) {
    double norm = normAt(q, 0, q.length);
    float inv = norm > 0 ? (float) (1 / norm) : 0f;
    for (int d = 0; d < q.length; d++) {
      out[d] = q[d] * inv;
    }
    out[q.length] = 0f;
  }

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

  /** Rows scaled to unit length (zero rows stay zero). */
  public static float[] unitRows(float[] data, int dim) {
    float[] out = new float[data.length];
    for (int base = 0; base < data.length; base += dim) {
      double norm = normAt(data, base, dim);
      float inv = norm > 0 ? (float) (1 / norm) : 0f;
      for (int d = 0; d < dim; d++) {
        out[base + d] = data[base + d] * inv;
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
