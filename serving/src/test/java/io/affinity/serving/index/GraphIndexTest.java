package io.affinity.serving.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.store.ann.GraphFile;
import io.affinity.store.ann.GraphParams;
import io.affinity.store.ann.GraphWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall of the graph indexes against the exact reference on ALS-like vectors: clustered
 * directions, norms spread 300x with most vectors short (as popularity makes them), queries drawn
 * around the same centres. (The recall tests on factors the train job actually produced are
 * {@code AnnOnTrainedFactorsIT}.)
 */
class GraphIndexTest {
  private static final int N = 12_000;
  private static final int DIM = 24;
  private static final int MAX_K = 1000;
  @TempDir static Path tmp;
  private static float[] items;
  private static float[] users;
  private static KnnGraph graph;
  private static FlatVectors raw;
  private static FlatVectors unit;

  private static float[] alsLike(int n, long seed) {
    SplittableRandom c = new SplittableRandom(42);
    float[] centres = new float[30 * DIM];
    for (int i = 0; i < centres.length; i++) {
      centres[i] = (float) c.nextGaussian();
    }
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * DIM];
    for (int i = 0; i < n; i++) {
      int cl = r.nextInt(30);
      float scale = (float) Math.pow(300, -Math.sqrt(r.nextDouble()));
      for (int d = 0; d < DIM; d++) {
        x[i * DIM + d] = scale * (centres[cl * DIM + d] + 0.6f * (float) r.nextGaussian());
      }
    }
    return x;
  }

  @BeforeAll
  static void build() {
    items = alsLike(N, 1);
    users = alsLike(500, 2);
    GraphWriter.write(tmp, "g/items.graph", "als", items, DIM, GraphParams.DEFAULTS);
    graph = KnnGraph.of(GraphFile.read(tmp.resolve("g/items.graph"), N));
    raw = new ExactScalarIndex(items, DIM);
    unit = new ExactScalarIndex(Indexes.normalizedRows(items, DIM), DIM);
  }

  private static float[] user(int u) {
    return Arrays.copyOfRange(users, u * DIM, (u + 1) * DIM);
  }

  /** Mean recall@k of {@code index} against {@code exact} over the queries; checks every answer. */
  private static double recall(VectorIndex index, FlatVectors exact, int k, int queries,
      java.util.function.IntFunction<float[]> query, java.util.function.IntFunction<SearchFilter> filter, boolean near) {
    double sum = 0;
    int[] o = new int[k];
    float[] s = new float[k];
    int[] e = new int[k];
    float[] es = new float[k];
    for (int q = 0; q < queries; q++) {
      float[] v = query.apply(q);
      SearchFilter f = filter.apply(q);
      int ne = exact.search(v, k, f, e, es);
      int n = near ? index.searchNear(q, v, k, f, o, s) : index.search(v, k, f, o, s);
      assertEquals(ne, n, "query " + q + " gets k results");
      int hits = 0;
      for (int i = 0; i < n; i++) {
        assertTrue(f.accepts(o[i]), "query " + q + ": row " + o[i] + " is filtered out");
        assertEquals(exact.score(v, o[i]), s[i], 1e-6, "scores are exact");
        assertTrue(i == 0 || s[i] <= s[i - 1], "best first");
        hits += s[i] >= es[ne - 1] - 1e-6f ? 1 : 0;
      }
      sum += (double) hits / ne;
    }
    return sum / queries;
  }

  @Test
  void recommendations_match_the_exact_top_10_with_the_users_items_excluded() {
    MipsGraphIndex index = new MipsGraphIndex(raw, graph, SearchBudget.DEFAULTS, MAX_K);
    SplittableRandom r = new SplittableRandom(3);
    int[][] known = new int[500][];
    for (int u = 0; u < known.length; u++) {
      known[u] = r.ints(30, 0, N).sorted().distinct().toArray();
    }
    double recall = recall(index, raw, 10, 500, GraphIndexTest::user, u -> SearchFilter.excluding(known[u]), false);
    assertTrue(recall >= 0.99, "recall@10 " + recall);
  }

  @Test
  void large_k_scans_a_longer_head_and_keeps_recall() {
    MipsGraphIndex index = new MipsGraphIndex(raw, graph, SearchBudget.DEFAULTS, MAX_K);
    double r100 = recall(index, raw, 100, 100, GraphIndexTest::user, u -> SearchFilter.NONE, false);
    assertTrue(r100 >= 0.98, "recall@100 " + r100);
    double r1000 = recall(index, raw, 1000, 20, GraphIndexTest::user, u -> SearchFilter.NONE, false);
    assertTrue(r1000 >= 0.98, "recall@1000 " + r1000);
  }

  @Test
  void a_tag_filter_is_respected_on_both_paths() {
    BitSet half = new BitSet(N);
    for (int i = 0; i < N; i += 2) {
      half.set(i);
    }
    SearchFilter f = SearchFilter.NONE.restrictedTo(half);
    double rec = recall(new MipsGraphIndex(raw, graph, SearchBudget.DEFAULTS, MAX_K), raw, 10, 200,
        GraphIndexTest::user, u -> f, false);
    assertTrue(rec >= 0.98, "filtered recommendations recall@10 " + rec);
    double sim = recall(new CosineGraphIndex(unit, graph, SearchBudget.DEFAULTS, MAX_K), unit, 10, 200,
        q -> Indexes.normalizeInPlace(Arrays.copyOfRange(items, q * DIM, (q + 1) * DIM)), q -> f, true);
    assertTrue(sim >= 0.98, "filtered similar items recall@10 " + sim);
  }

  @Test
  void similar_items_match_the_exact_cosine_top_10_from_the_item_or_from_anywhere() {
    CosineGraphIndex index = new CosineGraphIndex(unit, graph, SearchBudget.DEFAULTS, MAX_K);
    java.util.function.IntFunction<float[]> item =
        q -> Indexes.normalizeInPlace(Arrays.copyOfRange(items, q * 7 * DIM, (q * 7 + 1) * DIM));
    java.util.function.IntFunction<SearchFilter> self = q -> SearchFilter.excluding(new int[] {q * 7});
    // searchNear(q, ...) is told row q, but the query is row 7q: the walk must still find the answer.
    double near = recall(new VectorIndex() {
      @Override public int size() {
        return index.size();
      }

      @Override public int dim() {
        return index.dim();
      }

      @Override public int search(float[] qv, int k, SearchFilter f, int[] o, float[] s) {
        throw new AssertionError();
      }

      @Override public int searchNear(int q, float[] qv, int k, SearchFilter f, int[] o, float[] s) {
        return index.searchNear(q * 7, qv, k, f, o, s);
      }
    }, unit, 10, 500, item, self, true);
    assertTrue(near >= 0.99, "recall@10 from the item " + near);
    double anywhere = recall(index, unit, 10, 500, item, self, false);
    assertTrue(anywhere >= 0.98, "recall@10 from sampled seeds " + anywhere);
  }

  @Test
  void when_the_norm_bound_stops_the_head_scan_the_answer_is_exact() {
    // A query along the longest vector's direction: the k best are long, and the bound is met early.
    int longest = 0;
    for (int i = 1; i < N; i++) {
      if (raw.score(Arrays.copyOfRange(items, i * DIM, (i + 1) * DIM), i)
          > raw.score(Arrays.copyOfRange(items, longest * DIM, (longest + 1) * DIM), longest)) {
        longest = i;
      }
    }
    float[] q = Arrays.copyOfRange(items, longest * DIM, (longest + 1) * DIM);
    MipsGraphIndex index = new MipsGraphIndex(raw, graph, new SearchBudget(100, 20_000, 4096), MAX_K);
    int[] a = new int[10];
    int[] e = new int[10];
    float[] s = new float[10];
    index.search(q, 10, SearchFilter.NONE, a, s);
    raw.search(q, 10, SearchFilter.NONE, e, s);
    assertArrayEquals(e, a);
  }

  @Test
  void a_tiny_visit_budget_bounds_the_work_and_still_answers_within_the_filter() {
    MipsGraphIndex index = new MipsGraphIndex(raw, graph, new SearchBudget(10, 10, 64), MAX_K);
    int[] o = new int[10];
    float[] s = new float[10];
    SearchFilter f = SearchFilter.excluding(new int[] {1, 2, 3});
    int n = index.search(user(0), 10, f, o, s);
    assertEquals(10, n, "the head alone has 64 rows to offer");
    for (int i = 0; i < n; i++) {
      assertTrue(f.accepts(o[i]));
    }
  }

  @Test
  void k_above_the_largest_k_and_a_graph_of_another_size_are_refused() {
    MipsGraphIndex index = new MipsGraphIndex(raw, graph, SearchBudget.DEFAULTS, 10);
    assertThrows(IllegalArgumentException.class, () -> index.search(user(0), 11, SearchFilter.NONE, new int[11],
        new float[11]));
    KnnGraph small = new KnnGraph(3, 1, new int[] {1, 2, 0});
    var e = assertThrows(IllegalArgumentException.class, () -> new CosineGraphIndex(unit, small, SearchBudget.DEFAULTS,
        10));
    assertTrue(e.getMessage().contains("graph has 3 nodes, the space has " + N), e.getMessage());
  }
}
