package io.affinity.bench.serving;

import java.util.SplittableRandom;

/** Seeded clustered random vectors, like trained embeddings (not uniform noise). */
final class Vectors {
  private Vectors() {}

  static float[] clustered(int n, int dim, int clusters, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] centers = new float[clusters * dim];
    for (int i = 0; i < centers.length; i++) {
      centers[i] = (float) r.nextGaussian();
    }
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
