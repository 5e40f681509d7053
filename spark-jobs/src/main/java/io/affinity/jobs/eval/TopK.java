package io.affinity.jobs.eval;

/**
 * Exact top-k selection over a dense score array with an exclusion mask.
 *
 * <p>Reuses its heap arrays between calls (one instance per thread): no allocation per candidate.
 * Ties are broken by the lower index, so results are deterministic.
 */
public final class TopK {
  private final int k;
  private final int[] heapIdx;
  private final float[] heapScore;

  /** Creates a selector for the best {@code k} (&gt; 0) candidates. */
  public TopK(int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be > 0, got " + k);
    }
    this.k = k;
    this.heapIdx = new int[k];
    this.heapScore = new float[k];
  }

  /**
   * Selects the best candidates.
   *
   * @param scores score per index; {@code NaN} or {@code -Infinity} means "not a candidate"
   * @param excluded indices {@code i} with {@code excluded[i] == stamp} are skipped
   * @param stamp the current exclusion stamp
   * @param out receives the indices, best first; must have length &gt;= k
   * @return how many were written (less than k when fewer candidates exist)
   */
  public int select(float[] scores, int[] excluded, int stamp, int[] out) {
    return selectFrom(scores, 0, scores.length, excluded, stamp, out);
  }

  /**
   * {@link #select} over {@code scores[offset .. offset+length-1]}: index {@code i} is
   * {@code scores[offset + i]}, excluded when {@code excluded[i] == stamp}.
   */
  public int selectFrom(float[] scores, int offset, int length, int[] excluded, int stamp, int[] out) {
    int size = 0;
    for (int i = 0; i < length; i++) {
      float s = scores[offset + i];
      if (excluded[i] == stamp || !(s > Float.NEGATIVE_INFINITY)) {
        continue;
      }
      if (size < k) {
        heapIdx[size] = i;
        heapScore[size] = s;
        siftUp(size++);
      } else if (better(s, i, heapScore[0], heapIdx[0])) {
        heapIdx[0] = i;
        heapScore[0] = s;
        siftDown(0, size);
      }
    }
    // Pop worst-first into the tail of out, giving best-first order.
    int n = size;
    for (int pos = n - 1; pos >= 0; pos--) {
      out[pos] = heapIdx[0];
      size--;
      heapIdx[0] = heapIdx[size];
      heapScore[0] = heapScore[size];
      siftDown(0, size);
    }
    return n;
  }

  /** True when (s1, i1) ranks above (s2, i2). */
  private static boolean better(float s1, int i1, float s2, int i2) {
    return s1 > s2 || (s1 == s2 && i1 < i2);
  }

  private void siftUp(int c) {
    while (c > 0) {
      int p = (c - 1) >>> 1;
      if (better(heapScore[p], heapIdx[p], heapScore[c], heapIdx[c])) {
        swap(p, c);
        c = p;
      } else {
        return;
      }
    }
  }

  private void siftDown(int p, int size) {
    while (true) {
      int l = 2 * p + 1;
      if (l >= size) {
        return;
      }
      int r = l + 1;
      int worst = r < size && better(heapScore[l], heapIdx[l], heapScore[r], heapIdx[r]) ? r : l;
      if (better(heapScore[p], heapIdx[p], heapScore[worst], heapIdx[worst])) {
        swap(p, worst);
        p = worst;
      } else {
        return;
      }
    }
  }

  private void swap(int a, int b) {
    int ti = heapIdx[a];
    heapIdx[a] = heapIdx[b];
    heapIdx[b] = ti;
    float ts = heapScore[a];
    heapScore[a] = heapScore[b];
    heapScore[b] = ts;
  }
}
