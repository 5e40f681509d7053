package io.affinity.serving.index;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the exact index implementation: the Vector API when the module is present, else scalar. */
public final class Indexes {
  private static final Logger LOG = LoggerFactory.getLogger(Indexes.class);
  private static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  static {
    if (!VECTOR_API) {
      LOG.warn("jdk.incubator.vector is not enabled (--add-modules jdk.incubator.vector): using the scalar exact index");
    }
  }

  private Indexes() {}

  /** An exact index over {@code data} ({@code n x dim}, row-major). */
  public static FlatVectors exact(float[] data, int dim) {
    return VECTOR_API ? new ExactVectorApiIndex(data, dim) : new ExactScalarIndex(data, dim);
  }

  /** Rows scaled to unit length (zero rows stay zero), for cosine similarity. */
  public static float[] normalizedRows(float[] data, int dim) {
    float[] out = new float[data.length];
    for (int base = 0; base < data.length; base += dim) {
      double norm = 0;
      for (int d = 0; d < dim; d++) {
        norm += (double) data[base + d] * data[base + d];
      }
      float inv = norm > 0 ? (float) (1.0 / Math.sqrt(norm)) : 0f;
      for (int d = 0; d < dim; d++) {
        out[base + d] = data[base + d] * inv;
      }
    }
    return out;
  }

  /** Scales {@code v} to unit length in place (a zero vector stays zero); returns it. */
  public static float[] normalizeInPlace(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
    for (int d = 0; d < v.length; d++) {
      v[d] *= inv;
    }
    return v;
  }
}
