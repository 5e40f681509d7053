package io.affinity.jobs.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;

import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Full-ranking evaluation of ALS against two baselines on the same split: popularity and item-kNN
 * (cosine over co-occurrence, {@value #KNN_NEIGHBOURS} neighbours per item, see {@link ItemKnn}).
 *
 * <p>For every test user, every item is scored (items without a factor cannot be ranked by ALS),
 * the user's training items are excluded, the exact top-k is taken, and the metrics of
 * {@link RankingMetrics} are averaged over users. Item factors and popularity are broadcast; users
 * are spread over executors.
 */
public final class RankingEvaluator {
  private RankingEvaluator() {}

  /**
   * Evaluates {@code model} (fit on {@code train}) on {@code test}.
   *
   * @param train columns {@code u, i} (ints)
   * @param test columns {@code u, i} (ints)
   * @param numItems the size of the item index
   * @param k the cut-off
   */
  public static EvaluationResult evaluate(Dataset<Row> train, Dataset<Row> test, ALSModel model,
      int numItems, int k) {
    int rank = model.rank();
    float[] itemMatrix = new float[numItems * rank];
    boolean[] hasFactor = new boolean[numItems];
    for (Row r : model.itemFactors().collectAsList()) {
      int i = r.getInt(0);
      List<Float> f = r.getList(1);
      for (int d = 0; d < rank; d++) {
        itemMatrix[i * rank + d] = f.get(d);
      }
      hasFactor[i] = true;
    }
    float[] popularity = new float[numItems];
    for (Row r : train.groupBy("i").count().collectAsList()) {
      popularity[r.getInt(0)] = r.getLong(1);
    }
    List<Row> pairs = train.select("u", "i").collectAsList();
    int[] pu = new int[pairs.size()];
    int[] pi = new int[pairs.size()];
    for (int p = 0; p < pu.length; p++) {
      pu[p] = pairs.get(p).getInt(0);
      pi[p] = pairs.get(p).getInt(1);
    }
    ItemKnn knn = ItemKnn.fit(pu, pi, numItems, KNN_NEIGHBOURS);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext());
    int[] cutoffs = java.util.stream.IntStream.concat(java.util.Arrays.stream(STANDARD_CUTOFFS),
        java.util.stream.IntStream.of(k)).distinct().sorted().toArray();
    Broadcast<Model> bc = jsc.broadcast(new Model(itemMatrix, hasFactor, popularity, knn, rank, cutoffs));
    Dataset<Row> perUser = test.groupBy("u").agg(collect_list("i").as("test_items"))
        .join(train.groupBy("u").agg(collect_list("i").as("train_items")), "u")
        .join(model.userFactors().withColumnRenamed("id", "u"), "u")
        .select(col("u"), col("test_items"), col("train_items"), col("features"));
    // Per-user metrics are summed in fixed point (2^-32 resolution): integer addition is
    // associative, so totals do not depend on partitioning or task completion order.
    long[] fixed = perUser.javaRDD()
        .mapPartitions(new PartitionScorer(bc))
        .fold(new long[MODELS * cutoffs.length * RankingMetrics.NAMES.length + 1], RankingEvaluator::add);
    bc.destroy();
    double[] sums = new double[fixed.length];
    for (int j = 0; j < fixed.length - 1; j++) {
      sums[j] = fixed[j] / FIXED_ONE;
    }
    sums[fixed.length - 1] = fixed[fixed.length - 1];
    long users = (long) sums[sums.length - 1];
    Map<String, Map<String, Double>> models = new LinkedHashMap<>();
    int block = cutoffs.length * RankingMetrics.NAMES.length;
    models.put("als", means(sums, 0, users, cutoffs));
    models.put("popularity", means(sums, block, users, cutoffs));
    models.put("item_knn", means(sums, 2 * block, users, cutoffs));
    return new EvaluationResult(k, users, models);
  }

  private static final double FIXED_ONE = 4294967296.0;
  /** ALS, popularity, item-kNN. */
  private static final int MODELS = 3;
  /** Cut-offs always reported besides the configured k. */
  static final int[] STANDARD_CUTOFFS = {5, 10, 20};
  /** Neighbours kept per item by the item-kNN baseline. */
  static final int KNN_NEIGHBOURS = 100;

  private static long[] add(long[] a, long[] b) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }

  private static Map<String, Double> means(double[] sums, int offset, long users, int[] cutoffs) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int c = 0; c < cutoffs.length; c++) {
      for (int j = 0; j < RankingMetrics.NAMES.length; j++) {
        int at = offset + c * RankingMetrics.NAMES.length + j;
        m.put(RankingMetrics.NAMES[j] + "@" + cutoffs[c], users == 0 ? 0.0 : sums[at] / users);
      }
    }
    return m;
  }

  /** What every executor needs: item factors, which items have one, popularity, rank and k. */
  private record Model(float[] items, boolean[] hasFactor, float[] popularity, ItemKnn knn, int rank, int[] cutoffs)
      implements Serializable {}

  /** Scores the users of one partition; returns metric sums plus the user count. */
  private static final class PartitionScorer
      implements org.apache.spark.api.java.function.FlatMapFunction<Iterator<Row>, long[]> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<Model> bc;

    PartitionScorer(Broadcast<Model> bc) {
      this.bc = bc;
    }

    @Override
    public Iterator<long[]> call(Iterator<Row> rows) {
      Model m = bc.value();
      int n = m.hasFactor().length;
      int names = RankingMetrics.NAMES.length;
      int[] cutoffs = m.cutoffs();
      int maxK = cutoffs[cutoffs.length - 1];
      int block = cutoffs.length * names;
      long[] sums = new long[MODELS * block + 1];
      double[] user1 = new double[MODELS * block];
      float[] knnScores = new float[n];
      float[] scores = new float[n];
      float[] user = new float[m.rank()];
      int[] excluded = new int[n];
      int[] relevant = new int[n];
      int[] ranked = new int[maxK];
      TopK topK = new TopK(maxK);
      int stamp = 0;
      while (rows.hasNext()) {
        Row r = rows.next();
        stamp++;
        List<Integer> testItems = r.getList(1);
        List<Integer> trainItems = r.getList(2);
        List<Float> f = r.getList(3);
        for (int d = 0; d < user.length; d++) {
          user[d] = f.get(d);
        }
        for (int i : trainItems) {
          excluded[i] = stamp;
        }
        for (int i : testItems) {
          relevant[i] = stamp;
        }
        for (int i = 0; i < n; i++) {
          if (m.hasFactor()[i]) {
            float s = 0;
            int base = i * user.length;
            for (int d = 0; d < user.length; d++) {
              s += user[d] * m.items()[base + d];
            }
            scores[i] = s;
          } else {
            scores[i] = Float.NEGATIVE_INFINITY;
          }
        }
        java.util.Arrays.fill(user1, 0);
        java.util.Arrays.fill(knnScores, 0f);
        m.knn().score(trainItems, knnScores);
        float[][] byModel = {scores, m.popularity(), knnScores};
        for (int model = 0; model < MODELS; model++) {
          int got = topK.select(byModel[model], excluded, stamp, ranked);
          for (int c = 0; c < cutoffs.length; c++) {
            RankingMetrics.compute(ranked, got, cutoffs[c], relevant, stamp, testItems.size(), user1,
                model * block + c * names);
          }
        }
        for (int j = 0; j < user1.length; j++) {
          sums[j] += Math.round(user1[j] * FIXED_ONE);
        }
        sums[sums.length - 1]++;
      }
      return Collections.singletonList(sums).iterator();
    }
  }
}
