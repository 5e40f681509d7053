package io.affinity.serving.index;

import java.util.BitSet;

/**
 * Shared storage and scan of the exact indexes: row-major vectors ({@code size x dim} floats),
 * validated once. Subclasses supply the inner product; the scan visits only the rows a
 * {@link SearchFilter} allows (set bits of its allow-list, or every row minus the exclusions).
 */
public abstract class FlatVectors implements VectorIndex {
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

  /** An index of the same implementation over other rows (so scores match to the last bit). */
  abstract FlatVectors sameKindOver(float[] rows);

  /** Inner product of {@code query} with row {@code row}. */
  public abstract float score(float[] query, int row);

  @Override
  public final int search(float[] query, int k, SearchFilter filter, int[] outOrdinals, float[] outScores) {
    assert query.length == dim : "query dim " + query.length + " != " + dim;
    TopKCollector top = new TopKCollector(k);
    int[] excluded = filter.excluded();
    BitSet allowed = filter.allowed();
    if (allowed != null) {
      for (int i = allowed.nextSetBit(0); i >= 0 && i < size; i = allowed.nextSetBit(i + 1)) {
        if (excluded.length == 0 || java.util.Arrays.binarySearch(excluded, i) < 0) {
          top.offer(i, score(query, i));
        }
      }
    } else {
      int ex = 0;
      for (int i = 0; i < size; i++) {
        if (ex < excluded.length && excluded[ex] == i) {
          ex++;
          continue;
        }
        top.offer(i, score(query, i));
      }
    }
    return top.drainTo(outOrdinals, outScores);
  }

  /** Scalar inner product (the reference arithmetic). */
  protected final float scalarDot(float[] query, int row) {
    float s = 0f;
    int base = row * dim;
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
