package io.affinity.serving.index;

/**
 * Exact top-k by a plain scalar loop: the reference implementation other indexes are tested
 * against, and the fallback where the Vector API is unavailable.
 */
public final class ExactScalarIndex extends FlatVectors {

  /** Indexes {@code data} (row-major, {@code size x dim}); the array is shared, not copied. */
  public ExactScalarIndex(float[] data, int dim) {
    super(data, dim);
  }

  @Override
  FlatVectors sameKindOver(float[] rows) {
    return new ExactScalarIndex(rows, dim);
  }

  @Override
  public float score(float[] query, int row) {
    return scalarDot(query, row);
  }
}
