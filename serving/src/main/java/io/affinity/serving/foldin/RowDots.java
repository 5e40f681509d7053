package io.affinity.serving.foldin;

/**
 * The Gram matrix of the rows of a row-major {@code rows x n} float matrix: {@code out[p*rows + q] =
 * row_p · row_q} for {@code q >= p} (upper triangle; the rest untouched). Fold-in uses it for the
 * rank-k term {@code Σ_j c1_j y_j y_jᵀ}, with row {@code p} holding coordinate {@code p} of every
 * scaled item vector, so each entry is one long contiguous dot product instead of a scattered
 * rank-one update per item.
 *
 * <p>Two implementations behind this interface: {@link #SCALAR} (four independent accumulators)
 * and a Java Vector API one when {@code jdk.incubator.vector} is present ({@link #best()}). Both
 * sum in float; the results differ only in summation order.
 */
interface RowDots {
  /** Fills the upper triangle of {@code out} ({@code rows x rows}). */
  void upperGram(float[] m, int rows, int n, float[] out);

  /** The plain-Java reference. */
  RowDots SCALAR = (m, rows, n, out) -> {
    for (int p = 0; p < rows; p++) {
      int a = p * n;
      for (int q = p; q < rows; q++) {
        int b = q * n;
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
          s0 += m[a + j] * m[b + j];
          s1 += m[a + j + 1] * m[b + j + 1];
          s2 += m[a + j + 2] * m[b + j + 2];
          s3 += m[a + j + 3] * m[b + j + 3];
        }
        for (; j < n; j++) {
          s0 += m[a + j] * m[b + j];
        }
        out[p * rows + q] = (s0 + s1) + (s2 + s3);
      }
    }
  };

  /** The Vector API implementation when the module is present, else {@link #SCALAR}. */
  static RowDots best() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? new VectorRowDots() : SCALAR;
  }
}
