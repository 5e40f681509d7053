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
 *
 * <p>Users go in blocks of {@value EvalModel.Factors#BLOCK}: a factor model scores a whole block in
 * one pass over its item vectors ({@link EvalModel.Factors#scoreBlock}), with the same arithmetic as
 * one user at a time, so the metrics are bit-identical to scoring users one by one.
 */
final class UserScoring implements FlatMapFunction<Iterator<Row>, Partial> {
  private static final long serialVersionUID = 1L;
  private static final int FIRST_VECTOR_COLUMN = 4;
  private static final int BLOCK = EvalModel.Factors.BLOCK;
  private final Broadcast<EvalContext> bc;

  UserScoring(Broadcast<EvalContext> bc) {
    this.bc = bc;
  }

  /** One block's users, parsed once. */
  private static final class Block {
    final int[] ids = new int[BLOCK];
    @SuppressWarnings("unchecked")
    final List<Integer>[] test = new List[BLOCK];
    @SuppressWarnings("unchecked")
    final List<Integer>[] train = new List[BLOCK];
    @SuppressWarnings("unchecked")
    final List<Integer>[] segments = new List[BLOCK];
    /** Per factor model (in model order), per user: the vector or null. */
    final float[][][] vectors;
    /** Per user, item-kNN's ranked list ({@link KnnRanking}), best first; empty when the user has none. */
    final int[][] knn = new int[BLOCK][];
    final boolean hasKnn;
    int size;

    Block(int factorModels, boolean hasKnn) {
      vectors = new float[factorModels][BLOCK][];
      this.hasKnn = hasKnn;
    }

    void add(Row r) {
      int b = size++;
      ids[b] = r.getInt(0);
      test[b] = r.getList(1);
      train[b] = r.getList(2);
      segments[b] = r.isNullAt(3) ? List.of() : r.getList(3);
      for (int f = 0; f < vectors.length; f++) {
        int col = FIRST_VECTOR_COLUMN + f;
        vectors[f][b] = r.isNullAt(col) ? null : floats(r.getList(col));
      }
      if (hasKnn) {
        int col = FIRST_VECTOR_COLUMN + vectors.length;
        knn[b] = r.isNullAt(col) ? new int[0] : ints(r.getList(col));
      }
    }
  }

  @Override
  public Iterator<Partial> call(Iterator<Row> rows) {
    EvalContext c = bc.value();
    int n = c.numItems();
    int models = c.models().size();
    int factorModels = (int) c.models().stream().filter(m -> m instanceof EvalModel.Factors).count();
    Partial acc = Partial.empty(c);
    Scorer scorer = new Scorer(c);
    int[] exposure = new int[models * n];
    Block block = new Block(factorModels, c.models().stream().anyMatch(m -> m instanceof EvalModel.Knn));
    double[][] user = new double[BLOCK][c.perGroup()];
    int[] weights = new int[Bootstrap.REPLICATES];
    while (rows.hasNext()) {
      block.size = 0;
      while (block.size < BLOCK && rows.hasNext()) {
        block.add(rows.next());
      }
      for (int b = 0; b < block.size; b++) {
        java.util.Arrays.fill(user[b], 0);
      }
      int factor = 0;
      for (int m = 0; m < models; m++) {
        scorer.model(m, block, factor, user, exposure);
        if (c.models().get(m) instanceof EvalModel.Factors) {
          factor++;
        }
      }
      for (int b = 0; b < block.size; b++) {
        addGroup(acc, 0, user[b], c.perGroup());
        Bootstrap.weights(block.ids[b], c.bootstrapSeed(), weights);
        acc.addBootstrap(c, user[b], weights);
        for (int s : block.segments[b]) {
          addGroup(acc, 1 + s, user[b], c.perGroup());
        }
      }
    }
    return Collections.singletonList(acc.withExposure(exposure)).iterator();
  }

  /** Per-task buffers and the per-model step: score a block's users, rank, compute the metrics. */
  private static final class Scorer {
    final EvalContext c;
    final int n;
    final int[] cutoffs;
    final int kPos;
    final float[] scores;
    final float[][] blockScores;
    final float[] ut;
    final float[] sums = new float[BLOCK];
    /** Per model read by a blend: its scores for each user of the block. */
    final float[][][] kept;
    final int[] excluded;
    final int[] relevant;
    final int[] ranked;
    final TopK topK;
    final double[] metrics = new double[RankingMetrics.NAMES.length];
    int stamp;

    Scorer(EvalContext c) {
      this.c = c;
      this.n = c.numItems();
      this.cutoffs = c.cutoffs();
      int maxK = cutoffs[cutoffs.length - 1];
      this.kPos = java.util.Arrays.binarySearch(cutoffs, c.k());
      this.scores = new float[n];
      boolean anyFactors = c.models().stream().anyMatch(m -> m instanceof EvalModel.Factors);
      this.blockScores = anyFactors ? new float[BLOCK][n] : null;
      int maxDim = c.models().stream().filter(m -> m instanceof EvalModel.Factors)
          .mapToInt(m -> ((EvalModel.Factors) m).dim()).max().orElse(0);
      this.ut = new float[maxDim * BLOCK];
      this.kept = new float[c.models().size()][][];
      for (EvalModel model : c.models()) {
        if (model instanceof EvalModel.Blend blend) {
          kept[blend.a()] = new float[BLOCK][n];
          kept[blend.b()] = new float[BLOCK][n];
        }
      }
      this.excluded = new int[n];
      this.relevant = new int[n];
      this.ranked = new int[maxK];
      this.topK = new TopK(maxK);
    }

    void model(int m, Block block, int factor, double[][] user, int[] exposure) {
      EvalModel model = c.models().get(m);
      if (model instanceof EvalModel.Factors f) {
        f.scoreBlock(block.vectors[factor], block.size, blockScores, ut, sums);
      }
      for (int b = 0; b < block.size; b++) {
        stamp++;
        for (int i : block.train[b]) {
          excluded[i] = stamp;
        }
        for (int i : block.test[b]) {
          relevant[i] = stamp;
        }
        int got;
        if (model instanceof EvalModel.Knn) {
          // Ranked in Spark already (KnnRanking): training items excluded, best first.
          got = Math.min(block.knn[b].length, ranked.length);
          System.arraycopy(block.knn[b], 0, ranked, 0, got);
        } else {
          got = rank(m, model, block, b);
        }
        metrics(m, block, b, got, user, exposure);
      }
    }

    /** Scores one user of the block with a scoring model and selects its top items into {@link #ranked}. */
    private int rank(int m, EvalModel model, Block block, int b) {
      float[] s;
      if (model instanceof EvalModel.Factors) {
        s = blockScores[b];
      } else if (model instanceof EvalModel.Blend blend) {
        blend.combine(kept[blend.a()][b], kept[blend.b()][b], scores);
        s = scores;
      } else {
        model.score(block.train[b], null, scores);
        s = scores;
      }
      if (kept[m] != null) {
        System.arraycopy(s, 0, kept[m][b], 0, n);
      }
      return topK.select(s, excluded, stamp, ranked);
    }

    /** The ranking and beyond-accuracy metrics of one user's list in {@link #ranked}, and its exposure. */
    private void metrics(int m, Block block, int b, int got, double[][] user, int[] exposure) {
      for (int ci = 0; ci < cutoffs.length; ci++) {
        java.util.Arrays.fill(metrics, 0);
        RankingMetrics.compute(ranked, got, cutoffs[ci], relevant, stamp, block.test[b].size(), metrics, 0);
        for (int j = 0; j < metrics.length; j++) {
          user[b][c.accuracySlot(m, ci, j)] = metrics[j];
        }
      }
      int atK = Math.min(got, cutoffs[kPos]);
      user[b][c.listSlot(m, 0)] = BeyondAccuracy.novelty(ranked, atK, c.popularity(), c.trainUsers());
      user[b][c.listSlot(m, 1)] = BeyondAccuracy.meanPercentile(ranked, atK, c.percentile());
      user[b][c.listSlot(m, 2)] = BeyondAccuracy.tagDiversity(ranked, atK, c.tags());
      user[b][c.listSlot(m, 3)] = BeyondAccuracy.embeddingDiversity(ranked, atK, c.embedding(),
          c.hasEmbedding(), c.embeddingDim());
      for (int x = 0; x < atK; x++) {
        exposure[m * n + ranked[x]]++;
      }
    }
  }

  private static void addGroup(Partial acc, int group, double[] user, int perGroup) {
    acc.users()[group]++;
    for (int slot = 0; slot < perGroup; slot++) {
      acc.add(group, perGroup, slot, user[slot]);
    }
  }

  private static int[] ints(List<Integer> list) {
    int[] out = new int[list.size()];
    for (int d = 0; d < out.length; d++) {
      out[d] = list.get(d);
    }
    return out;
  }

  private static float[] floats(List<Float> list) {
    float[] out = new float[list.size()];
    for (int d = 0; d < out.length; d++) {
      out[d] = list.get(d);
    }
    return out;
  }
}
