package io.affinity.store.ann;

import io.affinity.store.StoreException;
import io.affinity.store.manifest.IndexInfo;
import io.affinity.store.manifest.IndexPart;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.NodesIterator;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * Builds a space's neighbour graph over the <b>directions</b> of its item vectors (cosine) and
 * writes it into a snapshot as a {@link GraphFile}.
 *
 * <p>One graph serves both searches: similar items walk it by cosine from the query item itself,
 * and recommendations walk it by raw inner product from the best rows of an exact scan over the
 * longest item vectors (see {@code docs/serving.md#search}). JVector 4 builds the graph (a
 * hierarchical Vamana graph over unit rows); only its bottom layer, which holds every node, is
 * kept, since searches start from seeds rather than from an entry point.
 */
public final class GraphWriter {
  private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();

  private GraphWriter() {}

  /**
   * Builds and writes the graph of {@code space}.
   *
   * @param snapshotDir the staged snapshot's root
   * @param path the graph file's path relative to the root, e.g. {@code als/items.graph}
   * @param data item vectors, row-major {@code n x dim}, in table order
   * @return the manifest entry ({@link IndexInfo#GRAPH})
   * @throws StoreException when the file cannot be written
   */
  public static IndexInfo write(Path snapshotDir, String path, String space, float[] data, int dim,
      GraphParams params) {
    return write(snapshotDir, path, space, data, dim, params, new java.util.concurrent.atomic.AtomicLong());
  }

  /**
   * Like {@link #write(Path, String, String, float[], int, GraphParams)}, counting the nodes
   * inserted so far into {@code inserted} (read it from another thread to report progress).
   */
  public static IndexInfo write(Path snapshotDir, String path, String space, float[] data, int dim,
      GraphParams params, java.util.concurrent.atomic.AtomicLong inserted) {
    int n = data.length / dim;
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("builder", "jvector-4.0.2 bottom layer");
    meta.put("maxDegree", params.maxDegree());
    meta.put("beamWidth", params.beamWidth());
    meta.put("neighborOverflow", params.neighborOverflow());
    meta.put("alpha", params.alpha());
    meta.put("threads", params.threads());
    try {
      GraphFile.write(snapshotDir.resolve(path), build(AnnTransforms.unitRows(data, dim), dim, params, inserted));
    } catch (IOException e) {
      throw new StoreException("cannot write graph " + path + " in " + snapshotDir + ": " + e.getMessage(), e);
    }
    return new IndexInfo(space, IndexInfo.GRAPH, IndexInfo.GRAPH_ALGORITHM, dim, n, null,
        n == 0 ? List.of() : List.of(new IndexPart(path, 0, n, 1f)), meta);
  }

  /** Builds the graph of unit rows {@code unit} ({@code n x dim}) in memory. */
  static GraphFile.Adjacency build(float[] unit, int dim, GraphParams params) {
    return build(unit, dim, params, new java.util.concurrent.atomic.AtomicLong());
  }

  /**
   * Builds the graph, inserting nodes in row order on one thread (deterministic) or in parallel
   * on {@code params.threads()}, counting them into {@code inserted}.
   */
  static GraphFile.Adjacency build(float[] unit, int dim, GraphParams params,
      java.util.concurrent.atomic.AtomicLong inserted) {
    int n = unit.length / dim;
    if (n < 2) {
      int[] none = new int[n];
      Arrays.fill(none, -1);
      return new GraphFile.Adjacency(n, 1, none);
    }
    List<VectorFloat<?>> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(VTS.createFloatVector(Arrays.copyOfRange(unit, i * dim, (i + 1) * dim)));
    }
    RandomAccessVectorValues ravv = new ListRandomAccessVectorValues(rows, dim);
    BuildScoreProvider bsp = BuildScoreProvider.randomAccessScoreProvider(ravv, VectorSimilarityFunction.DOT_PRODUCT);
    ForkJoinPool pool = new ForkJoinPool(params.threads(), p -> {
      var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
      t.setName("graph-build-" + t.getPoolIndex());
      return t;
    }, null, false);
    try (GraphIndexBuilder builder = new GraphIndexBuilder(bsp, dim, List.of(params.maxDegree()),
        params.beamWidth(), params.neighborOverflow(), params.alpha(), true, true, pool, pool)) {
      if (params.threads() == 1) {
        for (int i = 0; i < n; i++) {
          builder.addGraphNode(i, ravv.getVector(i));
          inserted.incrementAndGet();
        }
      } else {
        pool.submit(() -> java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
          builder.addGraphNode(i, ravv.getVector(i));
          inserted.incrementAndGet();
        })).join();
      }
      builder.cleanup();
      return bottomLayer(builder.getGraph(), n);
    } catch (IOException e) {
      throw new StoreException("cannot build graph: " + e.getMessage(), e);
    } finally {
      pool.shutdown();
    }
  }

  /** Node {@code i}'s bottom-layer neighbours as row {@code i}, degree = the largest actual degree. */
  private static GraphFile.Adjacency bottomLayer(ImmutableGraphIndex graph, int n) throws IOException {
    int[][] lists = new int[n][];
    int degree = 1;
    try (ImmutableGraphIndex.View view = graph.getView()) {
      for (int i = 0; i < n; i++) {
        NodesIterator it = view.getNeighborsIterator(0, i);
        int[] list = new int[it.size()];
        int c = 0;
        while (it.hasNext()) {
          int v = it.nextInt();
          if (v != i && c < list.length) {
            list[c++] = v;
          }
        }
        lists[i] = c == list.length ? list : Arrays.copyOf(list, c);
        degree = Math.max(degree, c);
      }
    }
    int[] flat = new int[n * degree];
    Arrays.fill(flat, -1);
    for (int i = 0; i < n; i++) {
      System.arraycopy(lists[i], 0, flat, i * degree, lists[i].length);
    }
    return new GraphFile.Adjacency(n, degree, flat);
  }
}
