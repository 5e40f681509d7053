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
 * <p>Users go in blocks (up to {@value #MAX_BLOCK}, fewer for large catalogues so a block's scores
 * stay within {@value #BLOCK_FLOATS} floats): a factor model scores a whole block with one matrix
 * product and re-scores only the items that can reach a user's exact top-k ({@link FactorRanking}),
 * so the lists, and the metrics, are bit-identical to scoring every item one user at a time. A model
 * a blend reads keeps its full exact scores ({@link EvalModel.Factors#scoreBlock}, eight users per
 * pass over the item vectors).
 */
final class UserScoring implements FlatMapFunction<Iterator<Row>, Partial> {
  private static final long serialVersionUID = 1L;
  private static final int FIRST_VECTOR_COLUMN = 4;
  /** Users scored in one pass of {@link EvalModel.Factors#scoreBlock}. */
  private static final int BLOCK = EvalModel.Factors.BLOCK;
  /** The most users in one block. */
  static final int MAX_BLOCK = 32;
  /** Bound on a block's product scores (users × items floats), 16 MB. */
  static final int BLOCK_FLOATS = 1 << 22;
  private final Broadcast<EvalContext> bc;
  private final io.affinity.jobs.util.WorkCounter usersRanked;

  UserScoring(Broadcast<EvalContext> bc, io.affinity.jobs.util.WorkCounter usersRanked) {
    this.usersRanked = usersRanked;
    this.bc = bc;
  }

  /** Users per block for a catalogue of {@code n} items: a multiple of {@link #BLOCK}. */
  static int blockSize(int n) {
    int fit = BLOCK_FLOATS / Math.max(1, n);
    return Math.max(BLOCK, Math.min(MAX_BLOCK, fit / BLOCK * BLOCK));
  }

  /** One block's users, parsed once. */
  private static final class Block {
    final int cap;
    final int[] ids;
    final List<Integer>[] test;
    final List<Integer>[] train;
    final List<Integer>[] segments;
    /** Per factor model (in model order), per user: the vector or null. */
    final float[][][] vectors;
    /** Per user, item-kNN's ranked list ({@link KnnRanking}), best first; empty when the user has none. */
    final int[][] knn;
    final boolean hasKnn;
    int size;

    @SuppressWarnings("unchecked")
    Block(int cap, int factorModels, boolean hasKnn) {
      this.cap = cap;
      ids = new int[cap];
      test = new List[cap];
      train = new List[cap];
      segments = new List[cap];
      knn = new int[cap][];
      vectors = new float[factorModels][cap][];
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
        vectors[f][b] = r.isNullAt(col) ? null : io.affinity.jobs.util.SparkArrays.floats(r.<Float>getList(col));
      }
      if (hasKnn) {
        int col = FIRST_VECTOR_COLUMN + vectors.length;
        knn[b] = r.isNullAt(col) ? new int[0] : io.affinity.jobs.util.SparkArrays.ints(r.<Integer>getList(col));
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
    int cap = blockSize(n);
    Scorer scorer = new Scorer(c, cap);
    int[] exposure = new int[models * n];
    Block block = new Block(cap, factorModels, c.models().stream().anyMatch(m -> m instanceof EvalModel.Knn));
    double[][] user = new double[cap][c.perGroup()];
    int[] weights = new int[Bootstrap.REPLICATES];
    while (rows.hasNext()) {
      block.size = 0;
      while (block.size < cap && rows.hasNext()) {
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
      usersRanked.add((long) block.size);
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
    final float[][] slice = new float[BLOCK][];
    final float[][] sliceOut = new float[BLOCK][];
    final FactorRanking fast;
    /** Per model read by a blend: its scores for each user of the block. */
    final float[][][] kept;
    final int[] excluded;
    final int[] relevant;
    final int[] ranked;
    final TopK topK;
    final double[] metrics = new double[RankingMetrics.NAMES.length];
    int stamp;

    Scorer(EvalContext c, int cap) {
      this.c = c;
      this.n = c.numItems();
      this.cutoffs = c.cutoffs();
      int maxK = cutoffs[cutoffs.length - 1];
      this.kPos = java.util.Arrays.binarySearch(cutoffs, c.k());
      this.scores = new float[n];
      int maxDim = c.models().stream().filter(m -> m instanceof EvalModel.Factors)
          .mapToInt(m -> ((EvalModel.Factors) m).dim()).max().orElse(0);
      this.ut = new float[maxDim * BLOCK];
      this.kept = new float[c.models().size()][][];
      for (EvalModel model : c.models()) {
        if (model instanceof EvalModel.Blend blend) {
          kept[blend.a()] = new float[cap][n];
          kept[blend.b()] = new float[cap][n];
        }
      }
      this.blockScores = java.util.Arrays.stream(kept).anyMatch(java.util.Objects::nonNull) ? new float[cap][n] : null;
      this.fast = maxDim > 0 ? new FactorRanking(n, maxK, cap, maxDim) : null;
      this.excluded = new int[n];
      this.relevant = new int[n];
      this.ranked = new int[maxK];
      this.topK = new TopK(maxK);
    }

    void model(int m, Block block, int factor, double[][] user, int[] exposure) {
      EvalModel model = c.models().get(m);
      if (model instanceof EvalModel.Factors f) {
        if (kept[m] == null) {
          fast.multiply(f, block.vectors[factor], block.size);
        } else {
          exactScores(f, block.vectors[factor], block.size);
        }
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
        } else if (model instanceof EvalModel.Factors f && kept[m] == null) {
          got = fast.select(f, block.vectors[factor][b], b, excluded, stamp, ranked);
        } else {
          got = rank(m, model, block, b);
        }
        metrics(m, block, b, got, user, exposure);
      }
    }

    /** Full exact scores of every item for the block's users into {@link #blockScores}, eight at a time. */
    private void exactScores(EvalModel.Factors f, float[][] users, int count) {
      for (int from = 0; from < count; from += BLOCK) {
        int len = Math.min(BLOCK, count - from);
        for (int x = 0; x < BLOCK; x++) {
          slice[x] = x < len ? users[from + x] : null;
          sliceOut[x] = x < len ? blockScores[from + x] : null;
        }
        f.scoreBlock(slice, len, sliceOut, ut, sums);
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
      ItemVectors e = c.embedding();
      user[b][c.listSlot(m, 3)] = e == null ? Double.NaN
          : BeyondAccuracy.embeddingDiversity(ranked, atK, e.data(), e.has(), e.dim());
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
}
