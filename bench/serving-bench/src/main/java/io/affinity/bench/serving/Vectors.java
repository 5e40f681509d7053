package io.affinity.bench.serving;

import java.util.SplittableRandom;

/** Seeded clustered random vectors, like trained embeddings (not uniform noise). */
final class Vectors {
  private Vectors() {}

  static float[] clustered(int n, int dim, int clusters, long seed) {
    return clustered(n, dim, clusters, seed, seed);
  }

  /** Points around centres drawn from {@code centreSeed}; items and queries share centres. */
  static float[] clustered(int n, int dim, int clusters, long centreSeed, long seed) {
    return generate(n, dim, clusters, centreSeed, seed, 0.3f, r -> (float) (0.5 + r.nextDouble()));
  }

  private static float[] generate(int n, int dim, int clusters, long centreSeed, long seed, float noise,
      java.util.function.ToDoubleFunction<SplittableRandom> scales) {
    SplittableRandom centreRandom = new SplittableRandom(centreSeed);
    float[] centers = new float[clusters * dim];
    for (int i = 0; i < centers.length; i++) {
      centers[i] = (float) centreRandom.nextGaussian();
    }
    SplittableRandom r = new SplittableRandom(seed * 31 + 7);
    float[] data = new float[n * dim];
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(clusters);
      float scale = (float) scales.applyAsDouble(r);
      for (int d = 0; d < dim; d++) {
        data[i * dim + d] = scale * (centers[c * dim + d] + noise * (float) r.nextGaussian());
      }
    }
    return data;
  }

  /**
   * ALS-like factors: directions around shared cluster centres, norms skewed like popularity
   * (most items short, a few up to 11x longer): {@code scale = 0.2 + 2 u1 u2}. Items and users
   * drawn with the same {@code centreSeed} share the centres, as one factorisation's do.
   */
  static float[] alsLike(int n, int dim, int clusters, long centreSeed, long seed) {
    return generate(n, dim, clusters, centreSeed, seed, 0.5f, r -> 0.2 + 2 * r.nextDouble() * r.nextDouble());
  }
}
