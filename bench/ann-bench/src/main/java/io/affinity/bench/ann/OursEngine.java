package io.affinity.bench.ann;

import io.affinity.serving.index.CosineGraphIndex;
import io.affinity.serving.index.KnnGraph;
import io.affinity.serving.index.MipsGraphIndex;
import io.affinity.serving.index.SearchBudget;
import io.affinity.serving.index.SearchFilter;
import io.affinity.store.ann.GraphFile;
import io.affinity.store.ann.GraphParams;
import io.affinity.store.ann.GraphWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Our search as the server runs it: {@link MipsGraphIndex} and {@link CosineGraphIndex} over one graph. */
final class OursEngine {
  final KnnGraph graph;
  final double buildSeconds;
  private final Workload w;

  /** Uses the snapshot's graph when it has one ({@link #buildSeconds} NaN), else builds it with {@code params}. */
  OursEngine(Workload w, GraphParams params) throws Exception {
    this.w = w;
    if (w.graphFile != null) {
      buildSeconds = Double.NaN;
      graph = KnnGraph.of(GraphFile.read(w.graphFile, w.n));
      return;
    }
    Path dir = Files.createTempDirectory("affinity-ann-bench");
    long t0 = System.nanoTime();
    GraphWriter.write(dir, "items.graph", "als", w.items, w.dim, params);
    buildSeconds = (System.nanoTime() - t0) / 1e9;
    graph = KnnGraph.of(GraphFile.read(dir.resolve("items.graph"), w.n));
    io.affinity.store.StoreFiles.deleteTree(dir);
  }

  Searcher recommend(SearchBudget budget) {
    MipsGraphIndex index = new MipsGraphIndex(w.raw, graph, budget, 1000);
    SearchFilter[] filters = new SearchFilter[w.excluded.length];
    for (int q = 0; q < filters.length; q++) {
      filters[q] = SearchFilter.excluding(w.excluded[q]);
    }
    return (q, o, s) -> index.search(w.userQueries[q], Workload.K, filters[q], o, s);
  }

  Searcher similar(SearchBudget budget) {
    CosineGraphIndex index = new CosineGraphIndex(w.unitIndex, graph, budget, 1000);
    SearchFilter[] filters = new SearchFilter[w.itemQueries.length];
    for (int q = 0; q < filters.length; q++) {
      filters[q] = SearchFilter.excluding(new int[] {w.itemQueries[q]});
    }
    return (q, o, s) -> index.searchNear(w.itemQueries[q], w.itemQueryVectors[q], Workload.K, filters[q], o, s);
  }
}
