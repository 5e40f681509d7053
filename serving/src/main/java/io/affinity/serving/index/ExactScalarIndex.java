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
  public int search(float[] query, int k, int[] excludeSorted, int[] outOrdinals, float[] outScores) {
    assert query.length == dim : "query dim " + query.length + " != " + dim;
    TopKCollector top = new TopKCollector(k);
    int ex = 0;
    for (int i = 0; i < size; i++) {
      if (ex < excludeSorted.length && excludeSorted[ex] == i) {
        ex++;
        continue;
      }
      top.offer(i, dot(query, i));
    }
    return top.drainTo(outOrdinals, outScores);
  }
}
