package io.affinity.serving.index;

import io.affinity.store.ann.AnnTransforms;
import io.github.jbellis.jvector.disk.ReaderSupplier;
import io.github.jbellis.jvector.disk.ReaderSupplierFactory;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.disk.OnDiskGraphIndex;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Approximate top-k over a memory-mapped JVector graph built in batch (see
 * {@code io.affinity.store.ann}). The graph ranks candidates on the transformed unit vectors;
 * the top candidates are then rescored exactly against the raw vectors held here, so the scores
 * returned are true inner products (or cosines) and the order among them is exact.
 *
 * <p>Thread-safe: searchers (which hold per-search scratch) are pooled.
 */
public final class AnnIndex extends FlatVectors implements AutoCloseable {
  private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();
  private final ReaderSupplier readers;
  private final OnDiskGraphIndex graph;
  private final boolean mips;
  private final int efSearch;
  private final ConcurrentLinkedQueue<GraphSearcher> searchers = new ConcurrentLinkedQueue<>();

  /**
   * Memory-maps {@code file}.
   *
   * @param data the raw vectors (MIPS) or unit rows (cosine) the graph was built from, row-major
   * @param mips whether queries need the MIPS transform ({@code recommend} indexes)
   * @param efSearch candidates the graph returns before exact rescoring (at least k)
   * @throws UncheckedIOException when the file cannot be mapped or is not a graph
   * @throws IllegalArgumentException when the graph does not match {@code data}
   */
  public AnnIndex(Path file, float[] data, int dim, boolean mips, int efSearch) {
    super(data, dim);
    this.mips = mips;
    this.efSearch = efSearch;
    try {
      this.readers = ReaderSupplierFactory.open(file);
      this.graph = OnDiskGraphIndex.load(readers);
    } catch (IOException | RuntimeException e) {
      throw new UncheckedIOException("cannot load ANN index " + file + ": " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
    int expectedDim = mips ? dim + 1 : dim;
    if (graph.getDimension() != expectedDim || graph.size(0) != size) {
      throw new IllegalArgumentException("ANN index " + file + " has " + graph.size(0) + " nodes of dimension "
          + graph.getDimension() + ", expected " + size + " of dimension " + expectedDim);
    }
  }

  @Override
  public int search(float[] query, int k, int[] excludeSorted, int[] outOrdinals, float[] outScores) {
    float[] q = query;
    if (mips) {
      q = new float[dim + 1];
      AnnTransforms.mipsQuery(query, q);
    }
    Bits accept = excludeSorted.length == 0 ? Bits.ALL : node -> Arrays.binarySearch(excludeSorted, node) < 0;
    GraphSearcher searcher = searchers.poll();
    if (searcher == null) {
      searcher = new GraphSearcher(graph);
    }
    SearchResult result;
    try {
      var ssp = DefaultSearchScoreProvider.exact(VTS.createFloatVector(q), VectorSimilarityFunction.DOT_PRODUCT,
          (RandomAccessVectorValues) searcher.getView());
      result = searcher.search(ssp, Math.max(k, efSearch), Math.max(k, efSearch), 0f, 0f, accept);
    } finally {
      searchers.offer(searcher);
    }
    TopKCollector top = new TopKCollector(k);
    for (SearchResult.NodeScore ns : result.getNodes()) {
      top.offer(ns.node, dot(query, ns.node));
    }
    return top.drainTo(outOrdinals, outScores);
  }

  /** Search kind, reported to clients. */
  @Override
  public String kind() {
    return "ann";
  }

  @Override
  public void close() throws IOException {
    for (GraphSearcher s; (s = searchers.poll()) != null; ) {
      s.close();
    }
    graph.close();
    readers.close();
  }
}
