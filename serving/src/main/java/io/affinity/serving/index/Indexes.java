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

  /**
   * Rows scaled to unit length (zero rows stay zero), for cosine similarity; divided in double, so
   * that vectors with a norm below the float range's reciprocal do not become infinite.
   */
  public static float[] normalizedRows(float[] data, int dim) {
    return io.affinity.store.ann.AnnTransforms.unitRows(data, dim);
  }

  /** Scales {@code v} to unit length in place (a zero vector stays zero); returns it. */
  public static float[] normalizeInPlace(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    norm = Math.sqrt(norm);
    for (int d = 0; d < v.length && norm > 0; d++) {
      v[d] = (float) (v[d] / norm);
    }
    return v;
  }
}
