package io.affinity.jobs.eval;

import java.util.Arrays;

/**
 * Beyond-accuracy metrics of recommendation lists. Per-list metrics return NaN when undefined
 * (fewer than two comparable items); callers average only the defined values.
 *
 * <ul>
 *   <li>novelty = mean self-information of the listed items, {@code -log2(pop(i) / users)} with
 *       pop = training users of the item (clamped to 1)</li>
 *   <li>popularity percentile = mean share of catalogue items strictly less popular than the listed
 *       item, plus half the ties (1 = the most popular item, 0 = the least)</li>
 *   <li>intra-list diversity by tags = mean over item pairs of {@code 1 - Jaccard(tags)}, over pairs
 *       where both items have tags</li>
 *   <li>intra-list diversity by embedding = mean over item pairs of {@code 1 - cosine}, over pairs
 *       where both items have a vector</li>
 *   <li>coverage = share of catalogue items recommended to at least one user</li>
 *   <li>Gini = Gini coefficient of how often each catalogue item was recommended (0 = every item
 *       equally often, 1 = one item every time)</li>
 * </ul>
 */
public final class BeyondAccuracy {
  /** Names of the per-list metrics, in the order the evaluator stores them. */
  public static final String[] PER_LIST = {"novelty", "pop_percentile", "ild_tags", "ild_embedding"};

  private BeyondAccuracy() {}

  /** Mean self-information of {@code list[0..n)} in bits. */
  public static double novelty(int[] list, int n, float[] popularity, long users) {
    if (n == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int r = 0; r < n; r++) {
      sum -= log2(Math.max(1.0, popularity[list[r]]) / Math.max(1, users));
    }
    return sum / n;
  }

  /**
   * Popularity percentile of every item: the share of items strictly less popular, plus half the
   * share of the other items with the same popularity.
   */
  public static float[] percentiles(float[] popularity) {
    int n = popularity.length;
    float[] sorted = popularity.clone();
    Arrays.sort(sorted);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      int below = bound(sorted, popularity[i], false);
      int ties = bound(sorted, popularity[i], true) - below - 1;
      out[i] = n == 1 ? 1f : (float) ((below + 0.5 * ties) / (n - 1));
    }
    return out;
  }

  /** Mean of {@code percentile} over the list. */
  public static double meanPercentile(int[] list, int n, float[] percentile) {
    if (n == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int r = 0; r < n; r++) {
      sum += percentile[list[r]];
    }
    return sum / n;
  }

  /** Intra-list diversity over tags (Jaccard distance of each pair of tagged items), NaN without a tagged pair. */
  public static double tagDiversity(int[] list, int n, ItemTags tags) {
    if (tags == null) {
      return Double.NaN;
    }
    double sum = 0;
    int pairs = 0;
    for (int a = 0; a < n; a++) {
      int na = tags.size(list[a]);
      if (na == 0) {
        continue;
      }
      for (int b = a + 1; b < n; b++) {
        int nb = tags.size(list[b]);
        if (nb == 0) {
          continue;
        }
        int common = tags.common(list[a], list[b]);
        sum += 1.0 - (double) common / (na + nb - common);
        pairs++;
      }
    }
    return pairs == 0 ? Double.NaN : sum / pairs;
  }

  /** Intra-list diversity over an embedding ({@code dim} floats per item, row-major). */
  public static double embeddingDiversity(int[] list, int n, float[] vectors, boolean[] hasVector, int dim) {
    if (vectors == null) {
      return Double.NaN;
    }
    double sum = 0;
    int pairs = 0;
    for (int a = 0; a < n; a++) {
      if (!hasVector[list[a]]) {
        continue;
      }
      for (int b = a + 1; b < n; b++) {
        if (!hasVector[list[b]]) {
          continue;
        }
        sum += 1.0 - cosine(vectors, list[a] * dim, list[b] * dim, dim);
        pairs++;
      }
    }
    return pairs == 0 ? Double.NaN : sum / pairs;
  }

  /** Share of items recommended at least once. */
  public static double coverage(long[] exposure) {
    long covered = Arrays.stream(exposure).filter(c -> c > 0).count();
    return exposure.length == 0 ? 0 : (double) covered / exposure.length;
  }

  /** Gini coefficient of the exposure counts (0 when nothing was recommended). */
  public static double gini(long[] exposure) {
    long[] sorted = exposure.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double total = 0;
    double weighted = 0;
    for (int i = 0; i < n; i++) {
      total += sorted[i];
      weighted += (2.0 * (i + 1) - n - 1) * sorted[i];
    }
    return total == 0 ? 0 : weighted / (n * total);
  }

  private static double cosine(float[] v, int a, int b, int dim) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int d = 0; d < dim; d++) {
      dot += (double) v[a + d] * v[b + d];
      na += (double) v[a + d] * v[a + d];
      nb += (double) v[b + d] * v[b + d];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  /** The first index whose value is {@code >= v} ({@code inclusive} false) or {@code > v} (true). */
  private static int bound(float[] sorted, float v, boolean inclusive) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < v || (inclusive && sorted[mid] == v)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
