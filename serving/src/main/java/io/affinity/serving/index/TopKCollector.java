package io.affinity.serving.index;

/**
 * Keeps the best {@code k} (score, ordinal) pairs offered to it: a min-heap on score with ties
 * broken towards the lower ordinal, so results are deterministic.
 *
 * <p>Not thread-safe; one per search at a time. {@link #offer} does no allocation; a collector
 * can be reused for another search with {@link #reset}.
 */
public final class TopKCollector {
  private int k;
  private final int[] ords;
  private final float[] scores;
  private int size;

  /** Creates a collector for {@code k} (&gt; 0) results. */
  public TopKCollector(int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be > 0, got " + k);
    }
    this.k = k;
    this.ords = new int[k];
    this.scores = new float[k];
  }

  /** Empties the collector and sets its size to {@code newK} (1..the capacity it was created with). */
  public void reset(int newK) {
    if (newK <= 0 || newK > ords.length) {
      throw new IllegalArgumentException("k must be in 1.." + ords.length + ", got " + newK);
    }
    k = newK;
    size = 0;
  }

  /** How many pairs it holds. */
  public int size() {
    return size;
  }

  /** The ordinal at heap position {@code i} (0..size-1, no order). */
  public int ordinalAt(int i) {
    return ords[i];
  }

  /** The smallest score that can still enter, or -Infinity while not full. */
  public float threshold() {
    return size < k ? Float.NEGATIVE_INFINITY : scores[0];
  }

  /** Offers a candidate. */
  public void offer(int ord, float score) {
    if (size < k) {
      ords[size] = ord;
      scores[size] = score;
      up(size++);
    } else if (better(score, ord, scores[0], ords[0])) {
      ords[0] = ord;
      scores[0] = score;
      down(0);
    }
  }

  /** Writes the results best-first and returns their count; the collector is empty afterwards. */
  public int drainTo(int[] outOrds, float[] outScores) {
    int n = size;
    for (int pos = n - 1; pos >= 0; pos--) {
      outOrds[pos] = ords[0];
      outScores[pos] = scores[0];
      size--;
      ords[0] = ords[size];
      scores[0] = scores[size];
      down(0);
    }
    return n;
  }

  private static boolean better(float s1, int o1, float s2, int o2) {
    return s1 > s2 || (s1 == s2 && o1 < o2);
  }

  private void up(int c) {
    while (c > 0) {
      int p = (c - 1) >>> 1;
      if (!better(scores[p], ords[p], scores[c], ords[c])) {
        return;
      }
      swap(p, c);
      c = p;
    }
  }

  private void down(int p) {
    while (true) {
      int l = 2 * p + 1;
      if (l >= size) {
        return;
      }
      int r = l + 1;
      int w = r < size && better(scores[l], ords[l], scores[r], ords[r]) ? r : l;
      if (!better(scores[p], ords[p], scores[w], ords[w])) {
        return;
      }
      swap(p, w);
      p = w;
    }
  }

  private void swap(int a, int b) {
    int o = ords[a];
    ords[a] = ords[b];
    ords[b] = o;
    float s = scores[a];
    scores[a] = scores[b];
    scores[b] = s;
  }
}
