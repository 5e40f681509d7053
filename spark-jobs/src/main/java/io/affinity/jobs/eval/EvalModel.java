package io.affinity.jobs.eval;

import java.io.Serializable;
import java.util.List;

/**
 * A model under evaluation: it scores every item of the index for one user. Implementations are
 * broadcast to executors, so they hold plain arrays.
 */
public sealed interface EvalModel extends Serializable
    permits EvalModel.Factors, EvalModel.Popularity, EvalModel.Knn, EvalModel.Blend {

  /** The model's name in results, e.g. {@code als}. */
  String name();

  /**
   * Writes a score for every item into {@code scores}; {@code -Infinity} marks items the model
   * cannot rank.
   *
   * @param trainItems the user's training items
   * @param userVector the user's vector from this model's user table, or null (factor models only)
   */
  void score(List<Integer> trainItems, float[] userVector, float[] scores);

  /**
   * A factor model: score = dot(user vector, item vector). Users without a vector get no ranking
   * (their metrics count as zero); items without a vector cannot be recommended.
   *
   * @param name the model's name
   * @param vectors the item vectors (shipped to executors as a file, or held)
   */
  record Factors(String name, ItemVectors vectors) implements EvalModel {
    /** A factor model over vectors in memory: {@code dim} floats per item index, row-major. */
    Factors(String name, float[] items, boolean[] hasVector, int dim) {
      this(name, ItemVectors.held(items, hasVector, dim));
    }

    /** Item vectors, row-major, {@link #dim} floats per item index. */
    float[] items() {
      return vectors.data();
    }

    /** Which item indices have a vector. */
    boolean[] hasVector() {
      return vectors.has();
    }

    /** The vector dimension. */
    int dim() {
      return vectors.dim();
    }

    /** Users scored per pass over the item vectors by {@link #scoreBlock}. */
    static final int BLOCK = 8;

    /**
     * Scores up to {@value #BLOCK} users in one pass over the item vectors (the vectors are read once
     * per block instead of once per user, and the inner loop runs across users, which the JIT
     * vectorises). Each score is summed exactly as {@link #score} sums it, dimension by dimension,
     * so the two give bit-identical results.
     *
     * @param users the users' vectors (null: the user has none, every score is {@code -Infinity})
     * @param count how many of {@code users} are used
     * @param out per user, the scores of every item
     * @param ut scratch for the users' vectors by dimension, at least {@code dim * BLOCK} floats
     * @param acc scratch for the sums, {@value #BLOCK} floats
     */
    void scoreBlock(float[][] users, int count, float[][] out, float[] ut, float[] acc) {
      float[] items = items();
      boolean[] hasVector = hasVector();
      int dim = dim();
      for (int d = 0; d < dim; d++) {
        for (int b = 0; b < BLOCK; b++) {
          ut[d * BLOCK + b] = b < count && users[b] != null ? users[b][d] : 0f;
        }
      }
      int n = hasVector.length;
      for (int i = 0; i < n; i++) {
        if (!hasVector[i]) {
          for (int b = 0; b < count; b++) {
            out[b][i] = Float.NEGATIVE_INFINITY;
          }
          continue;
        }
        java.util.Arrays.fill(acc, 0f);
        int base = i * dim;
        for (int d = 0; d < dim; d++) {
          float it = items[base + d];
          int row = d * BLOCK;
          for (int b = 0; b < BLOCK; b++) {
            acc[b] += ut[row + b] * it;
          }
        }
        for (int b = 0; b < count; b++) {
          out[b][i] = users[b] == null ? Float.NEGATIVE_INFINITY : acc[b];
        }
      }
    }

    @Override
    public void score(List<Integer> trainItems, float[] user, float[] scores) {
      float[] items = items();
      boolean[] hasVector = hasVector();
      int dim = dim();
      for (int i = 0; i < scores.length; i++) {
        if (user == null || !hasVector[i]) {
          scores[i] = Float.NEGATIVE_INFINITY;
          continue;
        }
        float s = 0;
        int base = i * dim;
        for (int d = 0; d < dim; d++) {
          s += user[d] * items[base + d];
        }
        scores[i] = s;
      }
    }
  }

  /**
   * The popularity baseline: score = training users of the item.
   *
   * @param name the model's name
   * @param popularity training users per item index
   */
  record Popularity(String name, float[] popularity) implements EvalModel {
    @Override
    public void score(List<Integer> trainItems, float[] userVector, float[] scores) {
      System.arraycopy(popularity, 0, scores, 0, scores.length);
    }
  }

  /**
   * The item-kNN baseline ({@link SparkItemKnn}, the same numbers as {@link ItemKnn}): each user's
   * ranked list is computed in Spark by {@link KnnRanking} (a blocked sparse product of the users'
   * training items with the neighbour table), so nothing catalogue-sized is broadcast and no
   * neighbourhood travels in a user's row. It cannot be blended: it has no score vector.
   *
   * @param name the model's name
   */
  record Knn(String name) implements EvalModel {
    @Override
    public void score(List<Integer> trainItems, float[] userVector, float[] scores) {
      throw new UnsupportedOperationException("item-kNN ranks in Spark (KnnRanking), not per user");
    }
  }

  /**
   * A weighted sum of two earlier models' scores: {@code wa · score_a + wb · score_b}, an item the
   * either model cannot rank staying unranked. Scoring reuses the two models' score vectors, so a
   * family of blends (the hybrid space's candidate weights) costs one pass over the users and no
   * extra dot products.
   *
   * @param name the model's name
   * @param a the index of the first model in the evaluation (must come before this one)
   * @param b the index of the second
   * @param wa the first model's weight
   * @param wb the second's
   */
  record Blend(String name, int a, int b, float wa, float wb) implements EvalModel {
    @Override
    public void score(List<Integer> trainItems, float[] userVector, float[] scores) {
      throw new UnsupportedOperationException("a blend scores from its parts (UserScoring)");
    }

    /** Writes the blend of {@code sa} and {@code sb} into {@code out}. */
    void combine(float[] sa, float[] sb, float[] out) {
      for (int i = 0; i < out.length; i++) {
        out[i] = sa[i] == Float.NEGATIVE_INFINITY || sb[i] == Float.NEGATIVE_INFINITY ? Float.NEGATIVE_INFINITY
            : wa * sa[i] + wb * sb[i];
      }
    }
  }
}
