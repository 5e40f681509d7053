package io.affinity.serving.index;

import io.affinity.store.manifest.IndexInfo;
import io.affinity.store.manifest.IndexPart;
import io.github.jbellis.jvector.disk.ReaderSupplier;
import io.github.jbellis.jvector.disk.ReaderSupplierFactory;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.disk.OnDiskGraphIndex;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.graph.similarity.ScoreFunction;
import io.github.jbellis.jvector.util.Bits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Approximate top-k over the memory-mapped JVector graphs of one index built in batch (see
 * {@code io.affinity.store.ann.AnnIndexWriter}).
 *
 * <p>The graphs are walked with our own score function over the vectors held in memory (the
 * exact index's SIMD inner product, mapped to JVector's {@code (1 + cos) / 2} scale per part), so
 * the graphs' inline vectors are never read on the search path; every candidate's returned score
 * is the exact inner product (or cosine). For a {@code recommend} index the parts are searched
 * from the largest norms down and the search stops at the first part whose bound
 * {@code |q| * maxNorm} cannot beat the current k-th score: that pruning is exact.
 *
 * <p>Thread-safe: graph searchers (which hold per-search scratch) are pooled per part.
 */
public final class AnnIndex implements VectorIndex, AutoCloseable {
  private final FlatVectors exact;
  private final int efSearch;
  private final List<Part> parts = new ArrayList<>();

  private record Part(ReaderSupplier readers, OnDiskGraphIndex graph, int[] rows, float maxNorm,
      ConcurrentLinkedQueue<GraphSearcher> searchers) {}

  /**
   * Memory-maps the index's graphs.
   *
   * @param snapshotDir the snapshot root the index's paths are relative to
   * @param info the index's manifest entry
   * @param exact the exact index over the same rows: raw vectors ({@code recommend}) or unit rows
   *     ({@code similar})
   * @param efSearch candidates each graph search returns (at least k)
   * @throws UncheckedIOException when a file cannot be mapped or is not a graph
   * @throws IllegalArgumentException when the graphs do not match the vectors
   */
  public AnnIndex(Path snapshotDir, IndexInfo info, FlatVectors exact, int efSearch) {
    this.exact = exact;
    this.efSearch = efSearch;
    boolean mips = IndexInfo.RECOMMEND.equals(info.purpose());
    int expectedDim = mips ? exact.dim() + 1 : exact.dim();
    if (info.nodes() != exact.size() || info.dimension() != expectedDim) {
      throw new IllegalArgumentException("ANN index " + info.space() + "/" + info.purpose() + " has " + info.nodes()
          + " nodes of dimension " + info.dimension() + ", expected " + exact.size() + " of dimension " + expectedDim);
    }
    int[] order = info.order() == null ? null : readOrder(snapshotDir.resolve(info.order()), exact.size());
    try {
      for (IndexPart p : info.parts()) {
        int[] rows = new int[(int) p.nodes()];
        for (int i = 0; i < rows.length; i++) {
          rows[i] = order == null ? (int) p.offset() + i : order[(int) p.offset() + i];
        }
        parts.add(open(snapshotDir.resolve(p.path()), rows, mips ? p.maxNorm() : 1f, expectedDim));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private static Part open(Path file, int[] rows, float maxNorm, int dim) {
    ReaderSupplier readers = null;
    try {
      readers = ReaderSupplierFactory.open(file);
      OnDiskGraphIndex graph = OnDiskGraphIndex.load(readers);
      if (graph.getDimension() != dim || graph.size(0) != rows.length) {
        graph.close();
        throw new IllegalArgumentException("ANN graph " + file.getFileName() + " has " + graph.size(0)
            + " nodes of dimension " + graph.getDimension() + ", expected " + rows.length + " of dimension " + dim);
      }
      return new Part(readers, graph, rows, maxNorm, new ConcurrentLinkedQueue<>());
    } catch (IOException | RuntimeException e) {
      closeQuietly(readers);
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new UncheckedIOException("cannot load ANN graph " + file.getFileName() + ": " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
  }

  private static int[] readOrder(Path file, int n) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length != 4L * n) {
        throw new IllegalArgumentException("ANN order file " + file.getFileName() + " has " + bytes.length
            + " bytes, expected " + 4L * n);
      }
      int[] order = new int[n];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(order);
      boolean[] seen = new boolean[n];
      for (int row : order) {
        if (row < 0 || row >= n || seen[row]) {
          throw new IllegalArgumentException("ANN order file " + file.getFileName() + " is not a permutation of 0.."
              + (n - 1) + " (bad row " + row + ")");
        }
        seen[row] = true;
      }
      return order;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ANN order file " + file.getFileName(), e);
    }
  }

  @Override
  public int search(float[] query, int k, SearchFilter filter, int[] outOrdinals, float[] outScores) {
    double qn = 0;
    for (float v : query) {
      qn += (double) v * v;
    }
    qn = Math.sqrt(qn);
    TopKCollector top = new TopKCollector(k);
    for (Part p : parts) {
      double bound = qn * p.maxNorm();
      if (top.threshold() >= bound) {
        break; // parts are in descending norm order: nothing further can enter the top k
      }
      float scale = bound > 0 ? (float) (1 / bound) : 0f;
      int[] rows = p.rows();
      ScoreFunction.ExactScoreFunction sf = node -> (1 + exact.score(query, rows[node]) * scale) * 0.5f;
      Bits accept = filter.acceptsAll() ? Bits.ALL : node -> filter.accepts(rows[node]);
      GraphSearcher searcher = p.searchers().poll();
      if (searcher == null) {
        searcher = new GraphSearcher(p.graph());
      }
      SearchResult result;
      try {
        int ef = Math.max(k, efSearch);
        result = searcher.search(new DefaultSearchScoreProvider(sf), ef, ef, 0f, 0f, accept);
      } finally {
        p.searchers().offer(searcher);
      }
      for (SearchResult.NodeScore ns : result.getNodes()) {
        int row = rows[ns.node];
        top.offer(row, exact.score(query, row));
      }
    }
    return top.drainTo(outOrdinals, outScores);
  }

  @Override
  public FlatVectors exact() {
    return exact;
  }

  @Override
  public int size() {
    return exact.size();
  }

  @Override
  public int dim() {
    return exact.dim();
  }

  @Override
  public String kind() {
    return "ann";
  }

  /** How many graphs the index has. */
  public int parts() {
    return parts.size();
  }

  /** Closes every graph and unmaps its file; searches must have ended. */
  @Override
  public void close() {
    for (Part p : parts) {
      for (GraphSearcher s; (s = p.searchers().poll()) != null; ) {
        closeQuietly(s);
      }
      closeQuietly(p.graph());
      closeQuietly(p.readers());
    }
    parts.clear();
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing a read-only mapping cannot lose data
      }
    }
  }
}
