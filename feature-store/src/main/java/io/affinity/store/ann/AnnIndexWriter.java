package io.affinity.store.ann;

import io.affinity.store.StoreException;
import io.affinity.store.manifest.IndexInfo;
import io.affinity.store.manifest.IndexPart;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.disk.OnDiskGraphIndexWriter;
import io.github.jbellis.jvector.graph.disk.feature.FeatureId;
import io.github.jbellis.jvector.graph.disk.feature.InlineVectors;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * Builds the JVector graphs of one index over a space's item vectors and writes them (vectors
 * inline) into a snapshot, for serving to memory-map.
 *
 * <p><b>recommend</b> (maximum inner product over raw, unnormalised vectors): rows are sorted by
 * descending norm and cut into slices whose longest and shortest norms differ by at most
 * {@link AnnParams#normRatio()} (each slice holds at least {@value #MIN_PART_NODES} rows, the last
 * one absorbing a smaller tail). Each slice gets its own MIPS transform
 * ({@link AnnTransforms#mipsItems}) scaled by its own largest norm, so inside a slice the extra
 * coordinate is nearly constant and the graph is almost a cosine graph, which searches well. A single transform over all rows makes low-norm items crowd around the extra axis
 * and measured recall@10 ≈ 0.8 whatever the search beam. Serving searches the slices from the
 * largest norms down and stops when a slice's bound ({@code |q| * maxNorm}) cannot beat the k-th
 * result (see {@code docs/snapshot-format.md}).
 *
 * <p><b>similar</b> (cosine): one graph over unit rows; node {@code i} is table row {@code i}.
 */
public final class AnnIndexWriter {
  private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();
  /** Slices smaller than this are not worth a graph of their own. */
  static final int MIN_PART_NODES = 1000;

  private AnnIndexWriter() {}

  /**
   * Builds and writes the index for {@code purpose}.
   *
   * @param snapshotDir the staged snapshot's root
   * @param base the index's path prefix relative to the root, e.g. {@code als/items.recommend}
   * @param space the space name
   * @param purpose {@link IndexInfo#RECOMMEND} or {@link IndexInfo#SIMILAR}
   * @param data item vectors, row-major {@code n x dim}, in table order
   * @param threads construction threads (a named pool is created and shut down here); with more
   *     than one, JVector's build is not deterministic
   * @return the manifest entry describing the index
   */
  public static IndexInfo write(Path snapshotDir, String base, String space, String purpose, float[] data,
      int dim, AnnParams params, int threads) {
    boolean mips = IndexInfo.RECOMMEND.equals(purpose);
    if (!mips && !IndexInfo.SIMILAR.equals(purpose)) {
      throw new IllegalArgumentException("unknown index purpose '" + purpose + "'");
    }
    int n = data.length / dim;
    Map<String, Object> meta = Map.of("maxDegree", params.maxDegree(), "beamWidth", params.beamWidth(),
        "neighborOverflow", params.neighborOverflow(), "alpha", params.alpha(),
        "normRatio", params.normRatio());
    ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads), p -> {
      var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
      t.setName("ann-build-" + t.getPoolIndex());
      return t;
    }, null, false);
    try {
      if (!mips) {
        String path = base + ".jvector";
        build(snapshotDir.resolve(path), AnnTransforms.unitRows(data, dim), dim, params, pool);
        return new IndexInfo(space, purpose, "jvector-graph", dim, n, null,
            n == 0 ? List.of() : List.of(new IndexPart(path, 0, n, 1f)), meta);
      }
      int[] order = AnnTransforms.byDescendingNorm(data, dim);
      String orderPath = base + ".order";
      writeOrder(snapshotDir.resolve(orderPath), order);
      List<int[]> slices = normSlices(data, dim, order, params.normRatio());
      List<IndexPart> list = new ArrayList<>(slices.size());
      for (int p = 0; p < slices.size(); p++) {
        int from = slices.get(p)[0];
        int to = slices.get(p)[1];
        float[] slice = new float[(to - from) * dim];
        for (int i = from; i < to; i++) {
          System.arraycopy(data, order[i] * dim, slice, (i - from) * dim, dim);
        }
        float maxNorm = AnnTransforms.maxNorm(slice, dim);
        String path = base + ".p" + p + ".jvector";
        build(snapshotDir.resolve(path), AnnTransforms.mipsItems(slice, dim, maxNorm), dim + 1, params, pool);
        list.add(new IndexPart(path, from, to - from, maxNorm));
      }
      return new IndexInfo(space, purpose, "jvector-graph", dim + 1, n, orderPath, list, meta);
    } catch (IOException e) {
      throw new StoreException("cannot build ANN index " + base + " in " + snapshotDir + ": " + e.getMessage(), e);
    } finally {
      pool.shutdown();
    }
  }

  /** Cuts the rows, in descending norm order, into {@code [from, to)} slices (see the class doc). */
  static List<int[]> normSlices(float[] data, int dim, int[] order, double ratio) {
    int n = order.length;
    List<int[]> slices = new ArrayList<>();
    int start = 0;
    while (start < n) {
      double low = AnnTransforms.norm(data, order[start], dim) / ratio;
      int end = start + 1;
      while (end < n && (end - start < MIN_PART_NODES || AnnTransforms.norm(data, order[end], dim) >= low)) {
        end++;
      }
      if (n - end < MIN_PART_NODES) {
        end = n;
      }
      slices.add(new int[] {start, end});
      start = end;
    }
    return slices;
  }

  private static void build(Path file, float[] vectors, int d, AnnParams params, ForkJoinPool pool)
      throws IOException {
    int n = vectors.length / d;
    if (n == 0) {
      return;
    }
    Files.createDirectories(file.getParent());
    List<VectorFloat<?>> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(VTS.createFloatVector(Arrays.copyOfRange(vectors, i * d, (i + 1) * d)));
    }
    RandomAccessVectorValues ravv = new ListRandomAccessVectorValues(rows, d);
    BuildScoreProvider bsp = BuildScoreProvider.randomAccessScoreProvider(ravv, VectorSimilarityFunction.DOT_PRODUCT);
    try (GraphIndexBuilder builder = new GraphIndexBuilder(bsp, d, List.of(params.maxDegree()), params.beamWidth(),
        params.neighborOverflow(), params.alpha(), true, true, pool, pool)) {
      ImmutableGraphIndex graph = builder.build(ravv);
      try (OnDiskGraphIndexWriter writer = new OnDiskGraphIndexWriter.Builder(graph, file)
          .with(new InlineVectors(d)).build()) {
        writer.write(Map.of(FeatureId.INLINE_VECTORS, node -> new InlineVectors.State(ravv.getVector(node))));
      }
    }
  }

  private static void writeOrder(Path file, int[] order) throws IOException {
    Files.createDirectories(file.getParent());
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(order.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    buf.asIntBuffer().put(order);
    Files.write(file, buf.array());
  }
}
