package io.affinity.jobs.eval;

import java.util.Arrays;

/**
 * Exact top-k for a block of users of one factor model, fast: the block's scores come from one
 * matrix product ({@code sgemm}: native BLAS when the machine has it, else netlib's Java BLAS),
 * and only the items that can still be in a user's exact top-k are scored again with
 * {@link EvalModel.Factors#score}'s arithmetic, dimension by dimension.
 *
 * <p>Why the result equals the exact ranking: both the product and the sequential sum are within
 * {@code γ_d Σ|u_j v_j| ≤ γ_d ‖u‖ ‖v‖} of the real dot product ({@code γ_d = d·2⁻²⁴ / (1 − d·2⁻²⁴)},
 * whatever the summation order or fused multiply-adds), so they differ by at most
 * {@code m = 2 γ_d ‖u‖ max‖v‖}. With {@code τ} the k-th best product score, every item of the exact
 * top-k has a product score of at least {@code τ − 2m}; those candidates are re-scored exactly and
 * ranked with {@link TopK}'s order (score, then lower index). The margin used is twice {@code 2m}.
 * A user whose norm or margin is not finite is scored exactly over every item.
 *
 * <p>One instance per task: it reuses its buffers, nothing is allocated per user.
 */
final class FactorRanking {
  private static final double UNIT_ROUNDOFF = Math.scalb(1.0, -24);
  private final dev.ludovic.netlib.blas.BLAS blas;
  private final int n;
  private final int maxK;
  private final float[] product;
  private final float[] users;
  private final float[] exact;
  private final int[] candidates;
  private final int[] approx;
  private final TopK topK;
  private final int[] none;
  private EvalModel.Factors model;
  private double maxNorm;
  private int[] missing;

  /**
   * @param n items in the index
   * @param maxK the longest list selected
   * @param block users per product
   * @param maxDim the largest model dimension
   */
  FactorRanking(int n, int maxK, int block, int maxDim) {
    this(dev.ludovic.netlib.blas.BLAS.getInstance(), n, maxK, block, maxDim);
  }

  /** With a given BLAS (tests run the native and the Java one). */
  FactorRanking(dev.ludovic.netlib.blas.BLAS blas, int n, int maxK, int block, int maxDim) {
    this.blas = blas;
    this.n = n;
    this.maxK = maxK;
    this.product = new float[block * n];
    this.users = new float[block * maxDim];
    this.exact = new float[n];
    this.none = new int[n];
    this.candidates = new int[n];
    this.approx = new int[maxK];
    this.topK = new TopK(maxK);
  }

  /** Computes the product scores of {@code count} users (null vectors count as zero vectors). */
  void multiply(EvalModel.Factors f, float[][] vectors, int count) {
    if (f != model) {
      model = f;
      maxNorm = maxNorm(f);
      missing = java.util.stream.IntStream.range(0, n).filter(i -> !f.hasVector()[i]).toArray();
    }
    int dim = f.dim();
    for (int b = 0; b < count; b++) {
      if (vectors[b] == null) {
        Arrays.fill(users, b * dim, (b + 1) * dim, 0f);
      } else {
        System.arraycopy(vectors[b], 0, users, b * dim, dim);
      }
    }
    // product (n x count, column-major) = items (dim x n, column-major)^T * users (dim x count)
    blas.sgemm("T", "N", n, count, dim, 1f, f.items(), dim, users, dim, 0f, product, n);
  }

  /**
   * The exact top items of user {@code b} of the last {@link #multiply} block, best first.
   *
   * @return how many were written into {@code out}
   */
  int select(EvalModel.Factors f, float[] user, int b, int[] excluded, int stamp, int[] out) {
    if (user == null) {
      return 0;
    }
    int base = b * n;
    for (int i : missing) {
      product[base + i] = Float.NEGATIVE_INFINITY;
    }
    double margin = 8 * gamma(f.dim()) * norm(user) * maxNorm;
    double floor = Double.NEGATIVE_INFINITY;
    if (Double.isFinite(margin)) {
      int got = topK.selectFrom(product, base, n, excluded, stamp, approx);
      if (got == maxK) {
        floor = product[base + approx[got - 1]] - margin;
      }
    }
    boolean[] has = f.hasVector();
    int count = 0;
    for (int i = 0; i < n; i++) {
      float s = product[base + i];
      // Not finite (the margin or a product): every item with a vector is a candidate.
      if ((s >= floor || floor == Double.NEGATIVE_INFINITY) && has[i] && excluded[i] != stamp) {
        candidates[count++] = i;
      }
    }
    float[] items = f.items();
    int dim = f.dim();
    for (int c = 0; c < count; c++) {
      int at = candidates[c] * dim;
      float s = 0;
      for (int d = 0; d < dim; d++) {
        s += user[d] * items[at + d];
      }
      exact[c] = s;
    }
    // Candidates are in index order, so TopK's lower-position tie-break is the lower index.
    int got = topK.selectFrom(exact, 0, count, none, -1, out);
    for (int x = 0; x < got; x++) {
      out[x] = candidates[out[x]];
    }
    return got;
  }

  private static double gamma(int dim) {
    double nu = dim * UNIT_ROUNDOFF;
    return nu / (1 - nu);
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    return Math.sqrt(s);
  }

  private static double maxNorm(EvalModel.Factors f) {
    double max = 0;
    float[] items = f.items();
    int dim = f.dim();
    for (int i = 0; i < f.hasVector().length; i++) {
      double s = 0;
      for (int d = 0; d < dim; d++) {
        double x = items[i * dim + d];
        s += x * x;
      }
      max = Math.max(max, Math.sqrt(s));
    }
    return max;
  }
}
