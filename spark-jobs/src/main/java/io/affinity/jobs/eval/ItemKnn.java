package io.affinity.jobs.eval;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Item-kNN baseline: cosine similarity between items over their co-occurrence in users' training
 * items ({@code |U(i) ∩ U(j)| / sqrt(|U(i)| |U(j)|)}), keeping each item's {@code neighbours}
 * most similar items. A user's score for candidate j is the sum of similarities between j and
 * those of the user's training items that are among j's neighbours (the similarity matrix pruned
 * per candidate, as in the usual ItemKNN-CF formulation). Fitted on the driver from the train
 * pairs: the work is {@code sum over users of n_u^2}, fine for millions of pairs.
 *
 * @param neighbours per item, its neighbour indices, most similar first
 * @param similarities the matching cosine similarities
 * @param contributesTo per item i, the candidates j that have i among their neighbours
 * @param contributions the matching similarities
 */
public record ItemKnn(int[][] neighbours, float[][] similarities, int[][] contributesTo,
    float[][] contributions) implements Serializable {

  /**
   * Fits on train pairs.
   *
   * @param users per pair, the user index
   * @param items per pair, the item index
   * @param numItems the size of the item index
   * @param keep neighbours kept per item (&gt; 0)
   */
  public static ItemKnn fit(int[] users, int[] items, int numItems, int keep) {
    int numUsers = 0;
    for (int u : users) {
      numUsers = Math.max(numUsers, u + 1);
    }
    int[][] byUser = group(users, items, numUsers);
    int[][] byItem = group(items, users, numItems);
    int[][] nbr = new int[numItems][];
    float[][] sim = new float[numItems][];
    int[] counts = new int[numItems];
    int[] touched = new int[numItems];
    long[] keyed = new long[numItems];
    for (int i = 0; i < numItems; i++) {
      int t = 0;
      for (int u : byItem[i]) {
        for (int j : byUser[u]) {
          if (j != i && counts[j]++ == 0) {
            touched[t++] = j;
          }
        }
      }
      for (int x = 0; x < t; x++) {
        int j = touched[x];
        float cos = (float) (counts[j] / Math.sqrt((double) byItem[i].length * byItem[j].length));
        counts[j] = 0;
        // Positive floats sort like their bits; the low half makes ties go to the lower index.
        keyed[x] = ((long) Float.floatToIntBits(cos) << 32) | (Integer.MAX_VALUE - j);
      }
      Arrays.sort(keyed, 0, t);
      int n = Math.min(keep, t);
      nbr[i] = new int[n];
      sim[i] = new float[n];
      for (int x = 0; x < n; x++) {
        long key = keyed[t - 1 - x];
        nbr[i][x] = Integer.MAX_VALUE - (int) key;
        sim[i][x] = Float.intBitsToFloat((int) (key >>> 32));
      }
    }
    int[] sizes = new int[numItems];
    for (int[] n : nbr) {
      for (int i : n) {
        sizes[i]++;
      }
    }
    int[][] to = new int[numItems][];
    float[][] weight = new float[numItems][];
    for (int i = 0; i < numItems; i++) {
      to[i] = new int[sizes[i]];
      weight[i] = new float[sizes[i]];
      sizes[i] = 0;
    }
    for (int j = 0; j < numItems; j++) {
      for (int x = 0; x < nbr[j].length; x++) {
        int i = nbr[j][x];
        to[i][sizes[i]] = j;
        weight[i][sizes[i]++] = sim[j][x];
      }
    }
    return new ItemKnn(nbr, sim, to, weight);
  }

  /** Adds the user's scores into {@code scores} (which the caller zeroes). */
  public void score(Iterable<Integer> trainItems, float[] scores) {
    for (int i : trainItems) {
      int[] n = contributesTo[i];
      float[] s = contributions[i];
      for (int x = 0; x < n.length; x++) {
        scores[n[x]] += s[x];
      }
    }
  }

  private static int[][] group(int[] keys, int[] values, int numKeys) {
    int[] sizes = new int[numKeys];
    for (int k : keys) {
      sizes[k]++;
    }
    int[][] out = new int[numKeys][];
    for (int k = 0; k < numKeys; k++) {
      out[k] = new int[sizes[k]];
      sizes[k] = 0;
    }
    for (int p = 0; p < keys.length; p++) {
      out[keys[p]][sizes[keys[p]]++] = values[p];
    }
    return out;
  }
}
