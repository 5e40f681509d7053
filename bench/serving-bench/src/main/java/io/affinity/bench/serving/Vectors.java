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
    SplittableRandom centreRandom = new SplittableRandom(centreSeed);
    float[] centers = new float[clusters * dim];
    for (int i = 0; i < centers.length; i++) {
      centers[i] = (float) centreRandom.nextGaussian();
    }
    SplittableRandom r = new SplittableRandom(seed * 31 + 7);
    float[] data = new float[n * dim];
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(clusters);
      float scale = (float) (0.5 + r.nextDouble());
      for (int d = 0; d < dim; d++) {
        data[i * dim + d] = scale * (centers[c * dim + d] + 0.3f * (float) r.nextGaussian());
      }
    }
    return data;
  }
}
