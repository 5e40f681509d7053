package io.affinity.serving.index;

/**
 * Shared storage of the exact indexes: row-major vectors ({@code size x dim} floats), validated
 * once. Subclasses implement the scan.
 */
abstract class FlatVectors implements VectorIndex {
  /** The vectors, row-major; shared with the caller, never mutated. */
  protected final float[] data;
  /** The dimension. */
  protected final int dim;
  /** The number of vectors. */
  protected final int size;

  FlatVectors(float[] data, int dim) {
    if (dim <= 0 || data.length % dim != 0) {
      throw new IllegalArgumentException("data length " + data.length + " is not a multiple of dim " + dim);
    }
    this.data = data;
    this.dim = dim;
    this.size = data.length / dim;
  }

  /** Inner product of {@code query} with row {@code ordinal} (scalar; the reference arithmetic). */
  protected final float dot(float[] query, int ordinal) {
    float s = 0f;
    int base = ordinal * dim;
    for (int d = 0; d < dim; d++) {
      s += query[d] * data[base + d];
    }
    return s;
  }

  @Override
  public final int size() {
    return size;
  }

  @Override
  public final int dim() {
    return dim;
  }
}
