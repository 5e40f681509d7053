package io.affinity.bench.ann;

import io.affinity.serving.index.TopKCollector;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * Raw JVector 4 as its users run it: one graph with {@code DOT_PRODUCT} (over the raw factors for
 * recommendations, over unit rows for similar items), searched with a {@link GraphSearcher} and
 * JVector's own exact scoring, excluded items rejected through its {@code Bits}; scores mapped
 * back from {@code (1 + dot) / 2}.
 */
final class JVectorEngine {
  private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();
  private final RandomAccessVectorValues ravv;
  private final GraphSearcher searcher;
  final double buildSeconds;

  JVectorEngine(float[] vectors, int dim, int degree, int beam, int threads) throws Exception {
    int n = vectors.length / dim;
    List<VectorFloat<?>> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(VTS.createFloatVector(Arrays.copyOfRange(vectors, i * dim, (i + 1) * dim)));
    }
    ravv = new ListRandomAccessVectorValues(rows, dim);
    long t0 = System.nanoTime();
    ForkJoinPool pool = new ForkJoinPool(threads);
    ImmutableGraphIndex graph;
    try (GraphIndexBuilder b = new GraphIndexBuilder(BuildScoreProvider.randomAccessScoreProvider(ravv,
        VectorSimilarityFunction.DOT_PRODUCT), dim, List.of(degree), beam, 1.2f, 1.2f, true, true, pool, pool)) {
      graph = b.build(ravv);
    } finally {
      pool.shutdown();
    }
    buildSeconds = (System.nanoTime() - t0) / 1e9;
    searcher = new GraphSearcher(graph);
  }

  Searcher searcher(int ef, java.util.function.IntFunction<float[]> query,
      java.util.function.IntFunction<int[]> excluded) {
    TopKCollector top = new TopKCollector(Workload.K);
    return (q, o, s) -> {
      int[] ex = excluded.apply(q);
      Bits accept = ex.length == 0 ? Bits.ALL : node -> Arrays.binarySearch(ex, node) < 0;
      var ssp = DefaultSearchScoreProvider.exact(VTS.createFloatVector(query.apply(q)),
          VectorSimilarityFunction.DOT_PRODUCT, ravv);
      int beam = Math.max(ef, Workload.K);
      SearchResult r = searcher.search(ssp, beam, beam, 0f, 0f, accept);
      top.reset(Workload.K);
      for (SearchResult.NodeScore ns : r.getNodes()) {
        top.offer(ns.node, 2 * ns.score - 1);
      }
      return top.drainTo(o, s);
    };
  }
}
