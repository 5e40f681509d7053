package io.affinity.jobs.eval;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;

/**
 * Evaluates the users of one partition. Input rows: {@code u, test_items, train_items, segments}
 * followed by one user-vector column per factor model (null when the model has no vector for the
 * user). Per user, every model ranks every item except the user's training items; the exact top-k
 * at the largest cut-off is cut at each cut-off.
 */
final class UserScoring implements FlatMapFunction<Iterator<Row>, Partial> {
  private static final long serialVersionUID = 1L;
  private static final int FIRST_VECTOR_COLUMN = 4;
  private final Broadcast<EvalContext> bc;

  UserScoring(Broadcast<EvalContext> bc) {
    this.bc = bc;
  }

  @Override
  public Iterator<Partial> call(Iterator<Row> rows) {
    EvalContext c = bc.value();
    int n = c.numItems();
    int[] cutoffs = c.cutoffs();
    int maxK = cutoffs[cutoffs.length - 1];
    int kPos = java.util.Arrays.binarySearch(cutoffs, c.k());
    Partial acc = Partial.empty(c);
    int perGroup = c.perGroup();
    double[] user = new double[perGroup];
    float[] scores = new float[n];
    // Each model's scores for the current user, kept when a blend later in the list reads them.
    float[][] kept = new float[c.models().size()][];
    for (EvalModel model : c.models()) {
      if (model instanceof EvalModel.Blend blend) {
        kept[blend.a()] = new float[n];
        kept[blend.b()] = new float[n];
      }
    }
    int[] excluded = new int[n];
    int[] relevant = new int[n];
    int[] ranked = new int[maxK];
    TopK topK = new TopK(maxK);
    double[] metrics = new double[RankingMetrics.NAMES.length];
    int[] weights = new int[Bootstrap.REPLICATES];
    int stamp = 0;
    while (rows.hasNext()) {
      Row r = rows.next();
      stamp++;
      List<Integer> testItems = r.getList(1);
      List<Integer> trainItems = r.getList(2);
      List<Integer> segments = r.isNullAt(3) ? List.of() : r.getList(3);
      for (int i : trainItems) {
        excluded[i] = stamp;
      }
      for (int i : testItems) {
        relevant[i] = stamp;
      }
      java.util.Arrays.fill(user, 0);
      int vectorColumn = FIRST_VECTOR_COLUMN;
      for (int m = 0; m < c.models().size(); m++) {
        EvalModel model = c.models().get(m);
        float[] userVector = null;
        if (model instanceof EvalModel.Factors) {
          userVector = r.isNullAt(vectorColumn) ? null : floats(r.getList(vectorColumn));
          vectorColumn++;
        }
        if (model instanceof EvalModel.Blend blend) {
          blend.combine(kept[blend.a()], kept[blend.b()], scores);
        } else {
          model.score(trainItems, userVector, scores);
        }
        if (kept[m] != null) {
          System.arraycopy(scores, 0, kept[m], 0, n);
        }
        int got = topK.select(scores, excluded, stamp, ranked);
        for (int ci = 0; ci < cutoffs.length; ci++) {
          java.util.Arrays.fill(metrics, 0);
          RankingMetrics.compute(ranked, got, cutoffs[ci], relevant, stamp, testItems.size(), metrics, 0);
          for (int j = 0; j < metrics.length; j++) {
            user[c.accuracySlot(m, ci, j)] = metrics[j];
          }
        }
        int atK = Math.min(got, cutoffs[kPos]);
        user[c.listSlot(m, 0)] = BeyondAccuracy.novelty(ranked, atK, c.popularity(), c.trainUsers());
        user[c.listSlot(m, 1)] = BeyondAccuracy.meanPercentile(ranked, atK, c.percentile());
        user[c.listSlot(m, 2)] = BeyondAccuracy.tagDiversity(ranked, atK, c.tags());
        user[c.listSlot(m, 3)] = BeyondAccuracy.embeddingDiversity(ranked, atK, c.embedding(),
            c.hasEmbedding(), c.embeddingDim());
        for (int x = 0; x < atK; x++) {
          acc.exposure()[m * n + ranked[x]]++;
        }
      }
      addGroup(acc, 0, user, perGroup);
      Bootstrap.weights(r.getInt(0), c.bootstrapSeed(), weights);
      acc.addBootstrap(c, user, weights);
      for (int s : segments) {
        addGroup(acc, 1 + s, user, perGroup);
      }
    }
    return Collections.singletonList(acc).iterator();
  }

  private static void addGroup(Partial acc, int group, double[] user, int perGroup) {
    acc.users()[group]++;
    for (int slot = 0; slot < perGroup; slot++) {
      acc.add(group, perGroup, slot, user[slot]);
    }
  }

  private static float[] floats(List<Float> list) {
    float[] out = new float[list.size()];
    for (int d = 0; d < out.length; d++) {
      out[d] = list.get(d);
    }
    return out;
  }
}
