package io.affinity.jobs.eval;

/**
 * Ranking metrics of one user's top-k list against their held-out items (binary relevance).
 *
 * <ul>
 *   <li>precision@k = hits / k</li>
 *   <li>recall@k = hits / |relevant|</li>
 *   <li>NDCG@k = DCG / IDCG with gain 1/log2(rank+1), IDCG over min(k, |relevant|) hits</li>
 *   <li>MAP@k = (sum of precision@r at each hit rank r) / min(k, |relevant|)</li>
 *   <li>hit rate@k = 1 if any hit</li>
 *   <li>MRR@k = 1 / (rank of the first hit), 0 without a hit in the top k</li>
 * </ul>
 */
public final class RankingMetrics {
  /** Metric names in the order {@link #compute} fills them. */
  public static final String[] NAMES = {"precision", "recall", "ndcg", "map", "hit_rate", "mrr"};

  private RankingMetrics() {}

  /**
   * Adds one user's metrics to {@code sums[offset .. offset + NAMES.length)}.
   *
   * @param ranked the recommended indices, best first
   * @param n how many of {@code ranked} are valid
   * @param k the cut-off
   * @param relevant marks relevant indices: {@code relevant[i] == stamp}
   * @param relevantCount the number of relevant items (&gt; 0)
   */
  public static void compute(int[] ranked, int n, int k, int[] relevant, int stamp,
      int relevantCount, double[] sums, int offset) {
    int hits = 0;
    double dcg = 0;
    double apSum = 0;
    double reciprocalRank = 0;
    for (int r = 0; r < Math.min(n, k); r++) {
      if (relevant[ranked[r]] == stamp) {
        if (hits == 0) {
          reciprocalRank = 1.0 / (r + 1);
        }
        hits++;
        dcg += 1.0 / log2(r + 2);
        apSum += (double) hits / (r + 1);
      }
    }
    int ideal = Math.min(k, relevantCount);
    double idcg = 0;
    for (int r = 0; r < ideal; r++) {
      idcg += 1.0 / log2(r + 2);
    }
    sums[offset] += (double) hits / k;
    sums[offset + 1] += (double) hits / relevantCount;
    sums[offset + 2] += dcg / idcg;
    sums[offset + 3] += apSum / ideal;
    sums[offset + 4] += hits > 0 ? 1 : 0;
    sums[offset + 5] += reciprocalRank;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
